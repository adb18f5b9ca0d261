"""Interface words of the generated pages, per language.

zh and en are built in. A site gives the words of any other language, or its own wording of
any word, through the plugin's `strings` option; a language without words of its own shows
English ones, and the plugin warns.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from ..database.problems import did_you_mean

STRINGS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "index_title": "论点与反驳",
        "index_intro": "每一行是一组论点与反驳：左边是原文的主张，中间是反驳，"
        "右边是所引用的文献，以及每篇文献对引用它的论点的支持程度。",
        "bibliography_title": "参考文献",
        "bibliography_intro": "每条文献下列出引用它的论点。",
        "claim": "主张",
        "counterclaim": "反驳",
        "cited_works": "引用文献",
        "no_counterclaim": "尚无反驳。",
        "no_citation": "没有引用文献。",
        "evidence": "文献核查",
        "evidence_intro": "反驳所引的文献实际说了什么。",
        "evidence_intro_all": "主张与反驳所引的文献实际说了什么。",
        "locator": "位置",
        "fit": "支持程度",
        "fit_supports": "支持",
        "fit_partly": "部分支持",
        "fit_does-not-support": "不支持",
        "cited_by": "被引用于",
        "not_cited": "未被任何论点引用。",
        "previous": "上一条",
        "next": "下一条",
        "back_to_index": "返回论点索引",
        "conclusion": "结语",
        "source": "原文",
        "responds_to": "回应",
        "colon": "：",
        "separator": "，",
        "people": "人物",
        "pair": "第 {n} 组",
        "map_title": "论证图",
        "map_overview_title": "论证总图",
        "map_overview_intro": "整场辩论画在一张图里：每条主张、反驳它的论点，"
        "以及它们引用的文献和每篇文献对论点的支持程度。",
        "map_overview_caption": "从左到右：{columns}。箭头的样式表示文献对论点的支持程度；"
        "点击方框可以跳到相应的论点或文献。",
        "map_column_claim_works": "主张引用的文献",
        "map_column_claims": "原文的主张",
        "map_column_counterclaims": "反驳这些主张的论点",
        "map_column_counterclaim_works": "反驳引用的文献",
        "map_overview_limited": "这张图只画出前 {shown} 组（共 {total} 组），其余各组见论点索引。",
        "map_attacks": "反驳",
        "map_cited_by": "被引用",
        "map_edge": "“{source}”{relation}“{target}”。",
        "downloads": "下载",
        "downloads_intro": "供文献管理软件和其他程序使用的数据：",
        "download_bibtex": "参考文献（BibTeX）",
        "download_csl_json": "参考文献（CSL-JSON）",
        "download_ris": "参考文献（RIS）",
        "download_database": "整个数据库（JSON）",
        "notice_missing": "**尚未翻译：**{parts}。这些部分显示的是原文。",
        "notice_outdated": "**译文可能已过时：**{parts}的原文在翻译之后有改动。",
        "read_original": "阅读原文",
        "translation_status_title": "翻译状态",
        "translation_status_intro": "本站尚未翻译的文字，以及译自较早版本原文、可能已过时的译文。",
        "translation_counts": "{current} 段译文是最新的，{outdated} 段可能已过时，"
        "{missing} 段尚未翻译，{unstamped} 段没有记录原文的指纹。",
        "translations_up_to_date": "所有译文都是最新的。",
        "translations_no_gaps": "没有缺失的译文，也没有已知过时的译文。",
        "status_where": "位置",
        "status_field": "数据字段",
        "status_state": "状态",
        "state_missing": "尚未翻译",
        "state_outdated": "可能已过时",
        "not_found_title": "404：页面不存在",
        "not_found_text": "这个地址上没有页面。可以从首页或观点索引重新找起：",
        "home": "首页",
        "not_found_index": "观点索引",
        "preview_label": "文献预览",
        "preview_entry": "参考文献条目",
        "preview_evidence": "核查详情",
        "translated_from": "译自{language}",
        "translated_from_original": "译自原文",
        "suggest_correction": "发现错误？建议更正",
        "correction_title": "更正建议：{pair}（{language}）",
        "correction_body": "页面：{url}\n论点：{pair}\n语言：{language}\n\n"
        "哪里有误？应当怎样改？请给出依据（论文、页码、原文）。\n",
    },
    "en": {
        "index_title": "Claims and rebuttals",
        "index_intro": "Each row is one pair: the original claim, the rebuttal, and the works "
        "they cite, each with how well it supports the statement that cites it.",
        "bibliography_title": "Bibliography",
        "bibliography_intro": "Under each work, the claims that cite it.",
        "claim": "Claim",
        "counterclaim": "Rebuttal",
        "cited_works": "Works cited",
        "no_counterclaim": "No rebuttal yet.",
        "no_citation": "No works cited.",
        "evidence": "Checking the sources",
        "evidence_intro": "What the works the rebuttal cites actually show.",
        "evidence_intro_all": "What the works the claim and the rebuttal cite actually show.",
        "locator": "Where",
        "fit": "Support",
        "fit_supports": "supports",
        "fit_partly": "partly supports",
        "fit_does-not-support": "does not support",
        "cited_by": "Cited by",
        "not_cited": "Not cited by any claim.",
        "previous": "Previous",
        "next": "Next",
        "back_to_index": "Back to all claims",
        "conclusion": "Conclusion",
        "source": "Source",
        "responds_to": "Responds to",
        "colon": ": ",
        "separator": ", ",
        "people": "People",
        "pair": "Pair {n}",
        "map_title": "Argument map",
        "map_overview_title": "The whole debate in one map",
        "map_overview_intro": "The whole debate in one picture: every claim, the rebuttal "
        "that attacks it, and the works they cite, with how well each work backs the statement "
        "that cites it.",
        "map_overview_caption": "From left to right: {columns}. The style of an arrow says how "
        "well a work backs a statement; each box leads to its claim or work.",
        "map_column_claim_works": "the works the claims cite",
        "map_column_claims": "the original claims",
        "map_column_counterclaims": "the rebuttals that attack them",
        "map_column_counterclaim_works": "the works the rebuttals cite",
        "map_overview_limited": "This map shows the first {shown} of {total} pairs; the claims "
        "index lists them all.",
        "map_attacks": "attacks",
        "map_cited_by": "is cited by",
        "map_edge": "“{source}” {relation} “{target}”.",
        "downloads": "Downloads",
        "downloads_intro": "The data, for reference managers and other programs:",
        "download_bibtex": "References (BibTeX)",
        "download_csl_json": "References (CSL-JSON)",
        "download_ris": "References (RIS)",
        "download_database": "The whole database (JSON)",
        "notice_missing": "**Not translated yet:** {parts}. These parts are shown in the "
        "original language.",
        "notice_outdated": "**This translation may be outdated:** the original of {parts} "
        "has changed since it was translated.",
        "read_original": "Read the original",
        "translation_status_title": "Translation status",
        "translation_status_intro": "The texts of this site that are not translated yet, and "
        "the translations that were made from an earlier version of the original.",
        "translation_counts": "{current} translations are up to date, {outdated} may be "
        "outdated, {missing} are missing, {unstamped} record no fingerprint of their original.",
        "translations_up_to_date": "All translations are up to date.",
        "translations_no_gaps": "No translation is missing or known to be outdated.",
        "status_where": "Where",
        "status_field": "Data field",
        "status_state": "Status",
        "state_missing": "not translated yet",
        "state_outdated": "may be outdated",
        "not_found_title": "404: page not found",
        "not_found_text": "There is no page at this address. Start again from the home page "
        "or the claims index:",
        "home": "Home page",
        "not_found_index": "Claims index",
        "preview_label": "Reference preview",
        "preview_entry": "Bibliography entry",
        "preview_evidence": "Evidence in full",
        "translated_from": "Translated from {language}",
        "translated_from_original": "Translated from the original",
        "suggest_correction": "Found a mistake? Suggest a correction",
        "correction_title": "Correction: {pair} ({language})",
        "correction_body": "Page: {url}\nPair: {pair}\nLanguage: {language}\n\n"
        "What is wrong, and what should it say? Please give your source (paper, page, "
        "original text).\n",
    },
}


def strings_for(language: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    words = dict(STRINGS["en"])
    words.update(STRINGS.get(language, {}))
    words.update(overrides or {})
    return words


def built_in(language: str) -> bool:
    return language in STRINGS


def word_problems(words: Mapping[object, object]) -> list[str]:
    """What is wrong with a site's words: unknown names, values that are not text, and
    placeholders (`{n}`) other than the ones the English word has."""
    problems = []
    for name, value in words.items():
        english = STRINGS["en"].get(str(name))
        if english is None:
            hint = did_you_mean(str(name), STRINGS["en"])
            problems.append(f"unknown word `{name}`" + (f" ({hint})" if hint else ""))
        elif not isinstance(value, str):
            problems.append(f"`{name}` is not text")
        else:
            wanted, found = _placeholders(english), _placeholders(value)
            if found is None or not found <= (wanted or set()):
                allowed = ", ".join(f"{{{p}}}" for p in sorted(wanted or ())) or "none"
                problems.append(
                    f"`{name}`: {value!r} has placeholders this word does not fill "
                    f"(it fills: {allowed}; write a literal brace as {{{{ or }}}})"
                )
    return problems


def _placeholders(text: str) -> set[str] | None:
    """The `{name}` fields of a format string; None if it is not one."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return None
