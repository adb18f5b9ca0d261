"""schema.org data for a pair page, as JSON-LD, for search engines and other programs.

The page is a `WebPage` in its language; the claim and the counterclaim are `Claim`s with
their author, language and text; the works they cite are `ScholarlyArticle`s (or `Book`,
`Thesis`, ... by CSL type) under `citation`, with their DOI and arXiv pages as `sameAs`.

schema.org has no term for one claim attacking another. The counterclaim is linked to the
claim it answers with `about` ("the subject matter of the content"): a rebuttal is about the
claim it rebuts. `isBasedOn` would say the rebuttal was derived from the claim, and a
`ClaimReview` is a fact-check that rates a claim, which a rebuttal does not.

The page of the original language names the other languages' pages as `workTranslation`;
each of those names it as `translationOfWork`. So do the claims: a claim whose text a page
shows in this site's translation is the `translationOfWork` of the claim on the original's
page, which lists it under `workTranslation`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..citations.bibliography import Entry
from ..database.model import Debate, Pair, Statement, pick
from .plaintext import plain_text

JsonObject = dict[str, Any]

# CSL item type -> schema.org type; anything else is a CreativeWork.
SCHEMA_TYPES = {
    "article": "ScholarlyArticle",  # a preprint in CSL 1.0.2
    "article-journal": "ScholarlyArticle",
    "paper-conference": "ScholarlyArticle",
    "chapter": "Chapter",
    "book": "Book",
    "thesis": "Thesis",
    "report": "Report",
    "dataset": "Dataset",
    "software": "SoftwareSourceCode",
    "webpage": "WebPage",
    "post-weblog": "BlogPosting",
    "article-newspaper": "NewsArticle",
    "article-magazine": "Article",
}


@dataclass(frozen=True)
class PageUrls:
    """Addresses as the JSON-LD gives them: absolute when the site has a `site_url`."""

    page: str  # this pair page
    bibliography: str  # the bibliography page of the same language
    translations: Mapping[str, str]  # language -> the same page in that language
    original_language: str  # the language the debate was written in


def pair_document(
    debate: Debate,
    pair: Pair,
    language: str,
    fallback: str,
    urls: PageUrls,
    entries: Mapping[str, Entry],
    works: dict[tuple[str, str, str], JsonObject] | None = None,
) -> JsonObject:
    """The JSON-LD of one pair page in one language. `works`, kept by the caller across the
    pages of a build, saves describing a work again on every page that cites it."""
    works = {} if works is None else works

    def cited_work(key: str) -> JsonObject:
        found = works.get((language, key, urls.bibliography))
        if found is None:
            found = work(key, debate.references[key], entries.get(key), urls.bibliography)
            works[(language, key, urls.bibliography)] = found
        return found

    def text(value: Mapping[str, str] | None) -> str:
        return plain_text(pick(value, language, fallback))

    def person(person_id: str) -> JsonObject:
        result: JsonObject = {
            "@type": "Person",
            "name": debate.person_name(person_id, language, fallback),
        }
        known = debate.people.get(person_id)
        if known is not None and known.url:
            result["url"] = known.url
        return result

    def claim(anchor: str, statement: Statement) -> JsonObject:
        result: JsonObject = {
            "@type": "Claim",
            "@id": f"{urls.page}#{anchor}",
            "url": f"{urls.page}#{anchor}",
            "name": text(statement.title),
            "text": text(statement.text),
            "author": person(statement.by),
            # The language of the text shown: the original where a translation is missing.
            "inLanguage": language if statement.text.get(language) else fallback,
        }
        # A text in this site's translation is a translation of the same claim on the
        # original's page; that one names its translations.
        original = urls.original_language
        if language != original and statement.text.get(language):
            if original in urls.translations:
                result["translationOfWork"] = {"@id": f"{urls.translations[original]}#{anchor}"}
        elif language == original:
            translated = [
                {"@id": f"{url}#{anchor}"}
                for lang, url in urls.translations.items()
                if lang != original and statement.text.get(lang)
            ]
            if translated:
                result["workTranslation"] = translated
        cited = [cited_work(key) for key in statement.cited_keys() if key in debate.references]
        if cited:
            result["citation"] = cited
        return result

    page: JsonObject = {
        "@type": "WebPage",
        "@id": urls.page,
        "url": urls.page,
        "name": text(pair.claim.title)
        + (f" / {text(pair.counterclaim.title)}" if pair.counterclaim else ""),
        "inLanguage": language,
    }
    others = [url for lang, url in urls.translations.items() if lang != language]
    if language == urls.original_language:
        if others:
            page["workTranslation"] = [{"@id": url} for url in others]
    elif urls.original_language in urls.translations:
        page["translationOfWork"] = {"@id": urls.translations[urls.original_language]}
    statements = [claim("claim", pair.claim)]
    if pair.counterclaim:
        counter = claim("counterclaim", pair.counterclaim)
        counter["about"] = {"@id": statements[0]["@id"]}
        statements.append(counter)
    page["hasPart"] = [{"@id": statement["@id"]} for statement in statements]
    return {"@context": "https://schema.org", "@graph": [page, *statements]}


def work(
    key: str, item: Mapping[str, Any], entry: Entry | None, bibliography_url: str
) -> JsonObject:
    """A cited work: its bibliography entry on this site, and where else it is known."""
    result: JsonObject = {
        "@type": SCHEMA_TYPES.get(str(item.get("type")), "CreativeWork"),
        "@id": f"{bibliography_url}#{key}",
        "name": str(item.get("title", "")),
    }
    authors = [_name(name) for name in item.get("author") or () if isinstance(name, Mapping)]
    if authors:
        result["author"] = [{"@type": "Person", "name": name} for name in authors if name]
    date = _date(item.get("issued"))
    if date:
        result["datePublished"] = date
    if isinstance(item.get("language"), str):
        result["inLanguage"] = item["language"]
    links = entry.links if entry else ()
    same_as = [link.url for link in links]
    if same_as:
        result["sameAs"] = same_as
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": str(item[field]).strip()}
        for name, field in (("DOI", "DOI"), ("arXiv", "arxiv"))
        if isinstance(item.get(field), str)
    ]
    if identifiers:
        result["identifier"] = identifiers
    return result


def script(document: JsonObject) -> str:
    """A `<script type="application/ld+json">` element holding `document`.

    Inside a script element HTML ends the script at the first `</script`, whatever the JSON
    says; `<`, `>` and `&` are therefore written as JSON escapes, which mean the same.
    """
    # Compact: an indent would send json through its pure-Python encoder, on every pair page.
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # U+2028 and U+2029 are valid in JSON but end a line in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _name(name: Mapping[str, Any]) -> str:
    if "literal" in name:
        return str(name["literal"])
    parts: Sequence[Any] = (
        name.get("given"),
        name.get("dropping-particle"),
        name.get("non-dropping-particle"),
        name.get("family"),
        name.get("suffix"),
    )
    return " ".join(str(part) for part in parts if part)


def _date(value: Any) -> str | None:
    """An ISO 8601 date of the first date of a CSL date: `2019`, `2019-03`, `2019-03-05`."""
    if not isinstance(value, Mapping):
        return None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    numbers = [int(part) for part in parts[0] if str(part).lstrip("-").isdigit()]
    if not numbers:
        return None
    year, *rest = numbers
    return "-".join([f"{year:04d}", *(f"{n:02d}" for n in rest)])
