"""Say what a YAML parser error means for someone editing the file, at the right place.

libyaml and PyYAML word their errors differently and for parser writers ("while parsing a
block mapping ... did not find expected key"); both are recognised here and reworded.
"""

from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem
from .text_positions import LineIndex, position


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """Say what a parser error means for someone editing the file, at the right place."""
    problem = error.problem or "syntax error"
    mark = error.problem_mark or error.context_mark
    at = position(mark) if mark is not None else (1, 1)
    context_at = position(error.context_mark) if error.context_mark is not None else at
    char = _char_at(text, mark)
    context = error.context or ""
    if "cannot start any token" in problem:
        if char == "\t":
            return Problem(
                path,
                *at,
                "tab character: YAML indents with spaces only",
                "replace the tab with spaces",
            )
        return Problem(path, *at, f"`{char}` cannot start a value", "put the value in quotes")
    if "quoted scalar" in context and "end of stream" in problem:
        quote = _char_at(text, error.context_mark)
        return Problem(
            path,
            *context_at,
            f"unclosed quote: this {quote} is never closed",
            f"add the closing {quote}",
        )
    if "mapping values are not allowed" in problem:
        return Problem(
            path,
            *at,
            "unexpected `:`",
            "put a value that contains `: ` in quotes, or check the indentation",
        )
    if "block mapping" in context or "block collection" in context:
        line = context_at[0]
        message = f"bad indentation: this line does not fit the block that starts on line {line}"
        return Problem(path, *at, message, "indent it like the entries it belongs with")
    if "flow sequence" in context or "flow mapping" in context:
        opener = _char_at(text, error.context_mark)
        closer = {"[": "]", "{": "}"}.get(opener, "")
        if at[0] > context_at[0] or not char:
            # The line ended before the bracket was closed: the bracket is what to fix.
            return Problem(path, *context_at, f"unclosed `{opener}`", f"add the `{closer}`")
        message = f"unexpected `{char}` inside `{opener}...{closer}`"
        return Problem(path, *at, message, "put text that contains `[ ] { } , :` in quotes")
    if "nesting depth" in problem:
        return Problem(path, *at, "lists and mappings nest too deeply here")
    if "escape character" in problem:
        return Problem(
            path,
            *at,
            "unknown escape in double-quoted text",
            "write `\\\\` for a backslash, or use single quotes",
        )
    if "single document" in context:
        return Problem(path, *at, "a second YAML document starts here", "the file must hold one")
    detail = f"{context}: {problem}" if context else problem
    return Problem(path, *at, f"YAML syntax error: {detail}")


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = LineIndex(text)
    offset = lines.offset(mark.line + 1, mark.column + 1)
    return text[offset : offset + 1]
