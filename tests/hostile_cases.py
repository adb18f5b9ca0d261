"""The hostile corpus: inputs that once injected script, crashed, hung, read files they should
not, or lost what the reader should see (issue 12), each with the outcome it must have now.

Every case is a change to a copy of `tests/sites/other-debate` (its database
`data/debate.yaml`, its BibTeX file `data/references.bib`, the plugin's options in
`mkdocs.yml`, or files put beside them) and ends in one of two ways:

- `error`: the build stops, and the error names the place: `data/debate.yaml:LINE:COLUMN`,
  the BibTeX file's line, or the mkdocs.yml option. `check` reports the same errors (those
  of options as `mkdocs.yml: error: ...`).
- `shows` / `never`: the build succeeds and the reader sees the text as it was written;
  `never` lists markup that must appear nowhere in the built site (pages, search index,
  JSON-LD, maps, downloads). `check` reports no error.

`test_hostile_corpus.py` runs them; no case may print a traceback or take minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Where the edits land in data/debate.yaml (see tests/sites/other-debate/data/debate.yaml).
CLAIM_TITLE = "title: {zh: 总要预训练, en: Always pre-train}"  # line 13
CLAIM_TEXT = "en: Without pre-training there is no good model.}"  # line 14
COUNTER_TITLE = "title: {zh: 未必, en: Not necessarily}"  # line 17
NOTE = (
    "note: {zh: 结论限于 COCO 检测与分割。, en: The result is for COCO detection and segmentation.}"
)
ADA = "    name: {zh: 阿达, en: Ada}"  # line 6
SUMMARY = "en: A small made-up debate that checks the plugin is generic.}"  # line 3
BIBTEX = "references_bibtex: references.bib"  # line 41
LAST_ID = "  - id: open-question"  # line 35
HE_AUTHOR = "author = {He, Kaiming and"  # references.bib line 5
HE_BOOKTITLE = (
    "booktitle = {Proceedings of the {IEEE/CVF} International Conference on Computer Vision},"
)


@dataclass(frozen=True)
class Case:
    kind: str  # the class of issue 12 it belongs to
    name: str
    # (old, new) replacements, each of text found once, in data/debate.yaml ...
    edits: tuple[tuple[str, str], ...] = ()
    # ... and in data/references.bib, and in the home pages (docs/index.*.md)
    bib_edits: tuple[tuple[str, str], ...] = ()
    docs_edits: tuple[tuple[str, str], ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)  # of the rebuttal plugin
    # Files put into the project: text, bytes, or "fifo", "folder", "sparse:<bytes>",
    # "symlink:<target>". `{outside}` in any value is a folder outside the project.
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    error: str | None = None  # a fragment of the error line, starting with its place
    shows: tuple[tuple[str, str], ...] = ()  # (page, text the reader sees on it)
    never: tuple[str, ...] = ()  # markup no file of the built site may hold
    seconds: float = 60  # the longest the check and the build may take together


def _title(text: str) -> tuple[tuple[str, str], ...]:
    return ((CLAIM_TITLE, f"title: {{zh: 总要预训练, en: {text}}}"),)


def _text(text: str) -> tuple[tuple[str, str], ...]:
    return ((CLAIM_TEXT, f"en: {text}}}"),)


def _note(text: str) -> tuple[tuple[str, str], ...]:
    return ((NOTE, f"note: {{zh: 结论限于 COCO 检测与分割。, en: {text}}}"),)


BIG_BIB_ENTRIES = 50_000

CASES = [
    # --- Injection through attribute lists: `{...}` from the database is text ------------
    Case(
        "injection",
        "clobber __config from a title's code span",
        _title('"Always `x`{: #__config }"'),
        shows=(("en/arguments/always-pretrain/", "{: #__config }"),),
        never=('<code id="',),
    ),
    Case(
        "injection",
        "attributes on emphasis in a text",
        _text('"*x*{ #evil-em .md-header data-x=1 onclick=alert(1) } y"'),
        shows=(("en/arguments/always-pretrain/", "{ #evil-em .md-header data-x=1 onclick"),),
        never=('id="evil-em"', 'data-x="1"', 'onclick="alert'),
    ),
    Case(
        "injection",
        "a block attribute list ending a note",
        _note('"The result. {: #__search .evil-note }"'),
        shows=(("en/arguments/always-pretrain/", "{: #__search .evil-note }"),),
        never=('class="evil-note"',),
    ),
    Case(
        "injection",
        "attributes after a person's name",
        ((ADA, '    name: {zh: 阿达, en: "Ada {: #evil-name onmouseover=alert(1) }"}'),),
        shows=(("en/arguments/", "Ada {: #evil-name onmouseover=alert(1) }"),),
        never=('id="evil-name"', 'onmouseover="'),
    ),
    Case(
        "injection",
        "attributes in a person's about",
        ((ADA, ADA + '\n    about: {zh: 关于, en: "about *her*{ #evil-about style=x }"}'),),
        shows=(("en/arguments/", "about her{ #evil-about style=x }"),),
        never=('id="evil-about"',),
    ),
    Case(
        "injection",
        "a heading with an id inside a text",
        _text('"Text\\n\\n## Heading {#evil-heading}\\n\\nmore"'),
        shows=(("en/arguments/always-pretrain/", "Heading {#evil-heading}"),),
        never=('id="evil-heading"',),
    ),
    Case(
        "injection",
        "attributes on a link in the summary",
        ((SUMMARY, 'en: "[a link](https://example.org/){: #evil-link data-md-component=x }"}'),),
        shows=(("en/arguments/", "a link{: #evil-link"),),
        never=('id="evil-link"', 'data-md-component="x"'),
    ),
    Case(
        "injection",
        "a link title that tries to close its quote",
        _text("'[x](https://example.org/ \"t\\\" onclick=alert(1)) y'"),
        never=('onclick="alert',),
    ),
    Case(
        "injection",
        "a title that closes the JSON-LD script",
        _title('"</script><script>alert(1)</script><!--"'),
        shows=(("en/arguments/always-pretrain/", "</script><script>alert(1)</script><!--"),),
    ),
    Case(
        "injection",
        "a citation key __config (Material's configuration)",
        bib_edits=(("@inproceedings{he2019,", "@inproceedings{__config,"),),
        edits=(
            (
                '"随机初始化训练得够久也能追上[@he2019]。"',
                '"随机初始化训练得够久也能追上[@__config]。"',
            ),
            ("long enough [@he2019].", "long enough [@__config]."),
            ("        - ref: he2019", "        - ref: __config"),
        ),
        error="data/debate.yaml:20:16: error: claims[0].counterclaim.citations[0].ref: invalid "
        "citation key `__config`",
    ),
    # --- Tracebacks: each is an error with its place ------------------------------------
    Case(
        "traceback",
        "a 299-character id (file name too long)",
        ((LAST_ID, "  - id: " + "a" * 299),),
        error="data/debate.yaml:35:9: error: claims[2].id: invalid id",
    ),
    Case(
        "traceback",
        "references_bibtex: /dev/zero",
        ((BIBTEX, "references_bibtex: /dev/zero"),),
        error="data/debate.yaml:41:20: error: references_bibtex: /dev/zero is outside the project",
    ),
    Case(
        "traceback",
        "/dev/zero where mkdocs.yml allows files outside the project",
        ((BIBTEX, "references_bibtex: /dev/zero"),),
        options={"allow_files_outside_project": True},
        error="data/debate.yaml:41:20: error: references_bibtex: /dev/zero is a device, pipe or "
        "socket, not a file",
    ),
    Case(
        "traceback",
        "references_bibtex names a folder",
        ((BIBTEX, "references_bibtex: refs"),),
        files={"data/refs": "folder"},
        error="data/debate.yaml:41:20: error: references_bibtex: data/refs is a folder, not a file",
    ),
    Case(
        "traceback",
        "references_bibtex names a binary file",
        ((BIBTEX, "references_bibtex: image.bib"),),
        files={"data/image.bib": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        error="data/image.bib:1:1: error: not valid UTF-8: byte 0x89",
    ),
    Case(
        "traceback",
        "references_bibtex names a file of 70 MB",
        ((BIBTEX, "references_bibtex: huge.bib"),),
        files={"data/huge.bib": f"sparse:{70 * 1024 * 1024}"},
        error="data/debate.yaml:41:20: error: references_bibtex: data/huge.bib is larger than "
        "64 MB",
    ),
    Case(
        "traceback",
        "an interface word with an unknown placeholder",
        options={"strings": {"en": {"pair": "Pair {x}"}}},
        error="mkdocs.yml: the `rebuttal` plugin's `strings` option for `en`",
    ),
    Case(
        "traceback",
        "a database saved as UTF-16",
        files={"data/debate.yaml": "utf-16"},
        error="data/debate.yaml:1:1: error: the file is UTF-16",
    ),
    Case(
        "traceback",
        "a NUL in a BibTeX title",
        bib_edits=(("title = {Rethinking {ImageNet}", "title = {Rethinking\x00 {ImageNet}"),),
        error="data/references.bib:6:1: error: references.he2019.title: control character U+0000",
    ),
    # --- Hangs: each finishes in seconds -------------------------------------------------
    Case(
        "hang",
        "40 KB of [ in a text",
        _text('"' + "[" * 40_000 + '"'),
        shows=(("en/arguments/always-pretrain/", "[" * 1000),),
        seconds=60,
    ),
    Case(
        "hang",
        "40 KB of unclosed links and images in a note",
        _note('"' + "[a](![b](" * 4_000 + '"'),
        shows=(("en/arguments/always-pretrain/", "[a](![b]("),),
        seconds=60,
    ),
    Case(
        "hang",
        "40 KB of [@ in a title",
        _title('"' + "[@" * 20_000 + '"'),
        shows=(("en/arguments/always-pretrain/", "[@[@[@"),),
        seconds=60,
    ),
    Case(
        "hang",
        "40 KB of backticks and braces in a person's name",
        ((ADA, '    name: {zh: 阿达, en: "' + "`{`" * 13_000 + '"}'),),
        seconds=60,
    ),
    Case(
        "hang",
        "40 KB of spaces in a title",
        _title('"Always' + " " * 40_000 + 'pre-train"'),
        shows=(("en/arguments/always-pretrain/", "Always pre-train"),),
        seconds=60,
    ),
    Case(
        "hang",
        "references_bibtex names a FIFO",
        ((BIBTEX, "references_bibtex: pipe.bib"),),
        files={"data/pipe.bib": "fifo"},
        error="data/debate.yaml:41:20: error: references_bibtex: data/pipe.bib is a device, "
        "pipe or socket, not a file",
    ),
    Case(
        "hang",
        f"a library of {BIG_BIB_ENTRIES:,} entries, two of them cited",
        ((BIBTEX, "references_bibtex: library.bib"),),
        files={"data/library.bib": "big-library"},
        shows=(("en/sources/", "Rethinking ImageNet"),),
        seconds=45,
    ),
    # --- Files outside the project --------------------------------------------------------
    Case(
        "outside",
        "references_bibtex: ../../secret.bib",
        ((BIBTEX, "references_bibtex: ../../secret.bib"),),
        error="data/debate.yaml:41:20: error: references_bibtex: data/../../secret.bib is "
        "outside the project",
    ),
    Case(
        "outside",
        "an absolute path to a BibTeX file elsewhere",
        ((BIBTEX, "references_bibtex: {outside}/secret.bib"),),
        files={"{outside}/secret.bib": "copy-of-bib"},
        error="data/debate.yaml:41:20: error: references_bibtex: {outside}/secret.bib is "
        "outside the project",
    ),
    Case(
        "outside",
        "a symbolic link in the project to a file elsewhere",
        ((BIBTEX, "references_bibtex: linked.bib"),),
        files={
            "{outside}/secret.bib": "copy-of-bib",
            "data/linked.bib": "symlink:{outside}/secret.bib",
        },
        error="data/debate.yaml:41:20: error: references_bibtex: data/linked.bib is outside the "
        "project",
    ),
    Case(
        "outside",
        "a file elsewhere that mkdocs.yml allows",
        ((BIBTEX, "references_bibtex: {outside}/secret.bib"),),
        options={"allow_files_outside_project": True},
        files={"{outside}/secret.bib": "copy-of-bib"},
        shows=(("en/sources/", "Schulman"),),
    ),
    Case(
        "outside",
        "bibliography: an absolute path stays a page of the site",
        options={"bibliography": "{outside}/written-here"},
        docs_edits=(("sources.md", "{outside-in-site}/written-here.md"),),
        shows=(("{outside-in-site}/written-here/", "Proximal Policy Optimization Algorithms"),),
    ),
    # --- Silent loss: refused with its place, or shown ----------------------------------
    Case(
        "silent-loss",
        "an image in a text",
        _text('"Look: ![a tracking pixel](https://tracker.example/p.png)"'),
        error="data/debate.yaml:14:36: error: claims[0].claim.text.en: an image",
    ),
    Case(
        "silent-loss",
        "an image in a title",
        _title('"![alt](https://example.org/i.png) title"'),
        error="data/debate.yaml:13:30: error: claims[0].claim.title.en: an image",
    ),
    Case(
        "silent-loss",
        "a citation in a title",
        ((COUNTER_TITLE, 'title: {zh: "未必[@he2019]", en: Not necessarily}'),),
        error="data/debate.yaml:17:19: error: claims[0].counterclaim.title.zh: `[@he2019]`: only "
        "a statement's `text` cites",
    ),
    Case(
        "silent-loss",
        "a citation in a note",
        _note('"The result [@schulman2017]."'),
        error="data/debate.yaml:21:44: error: claims[0].counterclaim.citations[0].note.en: "
        "`[@schulman2017]`",
    ),
    Case(
        "silent-loss",
        "a citation in the summary",
        ((SUMMARY, 'en: "A debate [@he2019]."}'),),
        error="data/debate.yaml:3:44: error: debate.summary.en: `[@he2019]`",
    ),
    Case(
        "silent-loss",
        "the same ref twice in one citations list",
        (("          fit: partly\n", "          fit: partly\n        - ref: he2019\n"),),
        error="data/debate.yaml:23:16: error: claims[0].counterclaim.citations[1].ref: duplicate "
        "citation ref `he2019`",
    ),
    Case(
        "silent-loss",
        "a reference-style link is shown, not dropped",
        _text('"see [the paper][p]\\n\\n[p]: javascript:alert(1)"'),
        shows=(("en/arguments/always-pretrain/", "see [the paper][p]"),),
        never=('href="javascript:',),
    ),
    # --- Characters that change what the reader sees -------------------------------------
    Case(
        "characters",
        'a bell written as "\\u0007"',
        _title('"Always\\u0007 pre-train"'),
        error="data/debate.yaml:13:30: error: claims[0].claim.title.en: control character U+0007",
    ),
    Case(
        "characters",
        'an escape sequence written as "\\x1b[31m"',
        _text('"red \\x1b[31m text"'),
        error="data/debate.yaml:14:36: error: claims[0].claim.text.en: control character U+001B",
    ),
    Case(
        "characters",
        'NEL and DEL written as "\\N" and "\\x7f"',
        ((ADA, '    name: {zh: 阿达, en: "A\\Nd\\x7fa"}'),),
        error="data/debate.yaml:6:24: error: people.ada.name.en: control character U+0085",
    ),
    Case(
        "characters",
        "an unterminated right-to-left override in a title",
        _title('"Always \u202epre-train"'),
        error="data/debate.yaml:13:30: error: claims[0].claim.title.en: a right-to-left override",
    ),
    Case(
        "characters",
        "an unterminated isolate in a name",
        ((ADA, '    name: {zh: 阿达, en: "\u2067Ada"}'),),
        error="data/debate.yaml:6:24: error: people.ada.name.en: a right-to-left isolate",
    ),
    Case(
        "characters",
        "an override as an escape in a note",
        _note('"The result \\u202Dx."'),
        error="data/debate.yaml:21:44: error: claims[0].counterclaim.citations[0].note.en: a "
        "left-to-right override",
    ),
    Case(
        "characters",
        "overrides and isolates that close are shown",
        _title('"Always \u202epre\u202c-train \u2067x\u202by\u2069"'),
        shows=(("en/arguments/always-pretrain/", "Always \u202epre\u202c-train"),),
    ),
    # --- Collisions -----------------------------------------------------------------------
    Case(
        "collision",
        "an id that is the claims index's own anchor",
        ((LAST_ID, "  - id: people"),),
        error="data/debate.yaml:35:9: error: claims[2].id: `people` is reserved",
    ),
    Case(
        "collision",
        "an id `conclusion`",
        ((LAST_ID, "  - id: conclusion"),),
        error="data/debate.yaml:35:9: error: claims[2].id: `conclusion` is reserved",
    ),
    Case(
        "collision",
        "an id `evidence`, an anchor of every pair page",
        ((LAST_ID, "  - id: evidence"),),
        error="data/debate.yaml:35:9: error: claims[2].id: `evidence` is reserved",
    ),
    Case(
        "collision",
        "a citation key `bibliography`",
        bib_edits=(("@misc{schulman2017,", "@misc{bibliography,"),),
        edits=(
            ("[@schulman2017]。", "[@bibliography]。"),
            ("old policy [@schulman2017].", "old policy [@bibliography]."),
            ("        - ref: schulman2017", "        - ref: bibliography"),
        ),
        error="data/references.bib:14:1: error: references.bibliography: `bibliography` is "
        "reserved",
    ),
    Case(
        "collision",
        "a | in an author's name",
        bib_edits=((HE_AUTHOR, "author = {He|Pipe, Kaiming and"),),
        shows=(("en/arguments/", "He|Pipe"),),
    ),
    Case(
        "collision",
        "a | in a person's name",
        ((ADA, '    name: {zh: 阿达, en: "Ada | Lovelace"}'),),
        shows=(("en/arguments/", "Ada | Lovelace"),),
    ),
    Case(
        "collision",
        "argument_map: the bibliography's name",
        options={"argument_map": "sources"},
        error="mkdocs.yml: the `rebuttal` plugin's `argument_map` and `bibliography` options",
    ),
    Case(
        "collision",
        "translation_status: the claims folder",
        options={"translation_status": "arguments"},
        error="mkdocs.yml: the `rebuttal` plugin's `translation_status` and `claims_dir` options",
    ),
    # --- Options out of range ------------------------------------------------------------
    Case(
        "options",
        "map_limit: -3",
        options={"map_limit": -3},
        error="mkdocs.yml: the `rebuttal` plugin's `map_limit` option is -3",
    ),
    Case(
        "options",
        "nav_limit: true",
        options={"nav_limit": True},
        error="mkdocs.yml: the `rebuttal` plugin's `nav_limit` option is True",
    ),
    Case(
        "options",
        'claims_dir: ""',
        options={"claims_dir": ""},
        error="mkdocs.yml: the `rebuttal` plugin's `claims_dir` option is ''",
    ),
    Case(
        "options",
        "claims_dir: ../x",
        options={"claims_dir": "../x"},
        error="mkdocs.yml: the `rebuttal` plugin's `claims_dir` option is '../x'",
    ),
    Case(
        "options",
        "an interface word that does not exist",
        options={"strings": {"en": {"pairs_title": "x"}}},
        error="mkdocs.yml: the `rebuttal` plugin's `strings` option for `en`",
    ),
    Case(
        "options",
        "a style that does not exist",
        options={"styles": {"en": "no-such-style"}},
        error="mkdocs.yml: the `rebuttal` plugin's `styles` option for `en`",
    ),
    Case(
        # The engine before pandoc refused `event-title` at build time, one reference at a
        # time; now it is a field of the work like any other, and shown.
        "silent-loss",
        "a conference paper's event-title, once refused by the citation engine",
        (
            (
                "text: {zh: 这一点还没有人反驳。, en: Nobody has answered this point yet.}",
                'text: {zh: "这一点还没有人反驳[@odd2020]。", en: "Nobody has [@odd2020]."}\n'
                "      citations: [{ref: odd2020}]",
            ),
            (
                BIBTEX,
                BIBTEX + "\nreferences:\n  odd2020:\n    type: paper-conference\n    title: Odd\n"
                "    author: [{literal: 某人}]\n    event-title: Somewhere Conference\n"
                "    issued: {date-parts: [[2020]]}\n",
            ),
        ),
        shows=(("en/sources/", "Somewhere Conference"),),
    ),
    # --- BibTeX: # and crossref are read -------------------------------------------------
    Case(
        "bibtex",
        "# joins a @string macro and text",
        bib_edits=(
            (
                "@inproceedings{he2019,",
                '@string{iccv = "International Conference on "}\n\n@inproceedings{he2019,',
            ),
            (HE_BOOKTITLE, 'booktitle = "Proceedings of the " # iccv # {Computer Vision},'),
        ),
        shows=(("sources/", "Proceedings of the International Conference on Computer Vision"),),
    ),
    Case(
        "bibtex",
        "crossref gives a paper its proceedings",
        bib_edits=(
            (HE_BOOKTITLE, "crossref = {iccv2019},"),
            (
                "@misc{schulman2017,",
                "@proceedings{iccv2019,\n  title = {Proceedings of "
                "Crossref Conference},\n  publisher = {IEEE},\n}\n\n@misc{schulman2017,",
            ),
        ),
        shows=(("sources/", "Proceedings of Crossref Conference"),),
    ),
    Case(
        "bibtex",
        "# with a macro defined nowhere",
        bib_edits=((HE_BOOKTITLE, 'booktitle = "Proceedings of " # nowhere,'),),
        error="data/references.bib:7:1: error: `nowhere` in",
    ),
    Case(
        "bibtex",
        "crossref to an entry the file does not have",
        bib_edits=((HE_BOOKTITLE, "crossref = {missing2019},"),),
        error="data/references.bib:7:1: error: `crossref = {missing2019}` names no entry",
    ),
]
