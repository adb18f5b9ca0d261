"""Write the database schema as a JSON Schema, for editors (yaml-language-server) and CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import schema as s

# Draft-07 is the newest draft that editors' YAML support understands completely.
DIALECT = "http://json-schema.org/draft-07/schema#"


def json_schema(languages: Sequence[str] = s.DEFAULT_LANGUAGES) -> dict[str, Any]:
    """The JSON Schema of a database for a site in `languages`."""
    definitions: dict[str, Any] = {}
    root = _convert(s.DATABASE, languages, definitions, top=True)
    return {
        "$schema": DIALECT,
        "title": "mkdocs-rebuttal claims database",
        **root,
        "definitions": dict(sorted(definitions.items())),
    }


def dumps(languages: Sequence[str] = s.DEFAULT_LANGUAGES) -> str:
    return json.dumps(json_schema(languages), ensure_ascii=False, indent=2) + "\n"


def _convert(
    kind: s.Type, languages: Sequence[str], definitions: dict[str, Any], top: bool = False
) -> dict[str, Any]:
    if isinstance(kind, s.Record) and not top:
        # Records are named; each is written once and referred to, which keeps the file
        # readable and lets editors show the name.
        if kind.name not in definitions:
            definitions[kind.name] = {}  # reserve the name: records may nest
            definitions[kind.name] = _convert(kind, languages, definitions, top=True)
        return {"$ref": f"#/definitions/{kind.name}"}
    result = _shape(kind, languages, definitions)
    description = kind.description
    if isinstance(kind, s.Localized):
        description = (
            f"{description} The `{languages[0]}` text, the original, is required; a translation "
            "is text, or `{text, from}` with the fingerprint of the original it was made from."
        ).strip()
    if description:
        result = {"description": description, **result}
    return result


def _shape(kind: s.Type, languages: Sequence[str], definitions: dict[str, Any]) -> dict[str, Any]:
    if isinstance(kind, s.Text):
        return _text(kind)
    if isinstance(kind, s.Integer):
        number = {"type": "integer", "minimum": kind.minimum, "maximum": kind.maximum}
        if kind.digits_ok:
            return {"anyOf": [number, {"type": "string", "pattern": r"^\s*[0-9]+\s*$"}]}
        return number
    if isinstance(kind, s.Choice):
        return {"enum": list(kind.values)}
    if isinstance(kind, s.Localized):
        text = {"type": "string", "pattern": s.NON_BLANK}
        translation = _convert(s.TRANSLATION, languages, definitions)
        return {
            "type": "object",
            "required": [languages[0]],
            "propertyNames": {"pattern": s.LANGUAGE.pattern},
            "properties": {languages[0]: text},
            "additionalProperties": {"anyOf": [text, translation]},
        }
    if isinstance(kind, s.Record):
        result: dict[str, Any] = {
            "type": "object",
            "properties": {
                **{
                    name: _convert(f.type, languages, definitions)
                    for name, f in kind.fields.items()
                },
                **{
                    name: {"description": f"Not used: {why}."} for name, why in kind.dropped.items()
                },
            },
            "additionalProperties": False,
        }
        if required := [name for name, f in kind.fields.items() if f.required]:
            result["required"] = required
        if kind.needs_one_of:
            result["anyOf"] = [{"required": [name]} for name in kind.needs_one_of]
        return result
    if isinstance(kind, s.MapOf):
        return {
            "type": "object",
            "propertyNames": _shape(kind.keys, languages, definitions),
            "additionalProperties": _convert(kind.values, languages, definitions),
        }
    if isinstance(kind, s.ListOf):
        result = {"type": "array", "items": _convert(kind.items, languages, definitions)}
        if kind.min_items:
            result["minItems"] = kind.min_items
        if kind.max_items is not None:
            result["maxItems"] = kind.max_items
        return result
    # A tuple: draft-07 spells per-position types as a list under `items`.
    return {
        "type": "array",
        "items": [_convert(item, languages, definitions) for item in kind.items],
        "additionalItems": False,
        "minItems": kind.min_items,
    }


def _text(kind: s.Text) -> dict[str, Any]:
    result: dict[str, Any] = {"type": ["string", "integer"] if kind.numbers_ok else "string"}
    result["pattern"] = kind.format.pattern if kind.format else s.NON_BLANK
    if kind.reserved:
        result["not"] = {"enum": list(kind.reserved)}
    return result
