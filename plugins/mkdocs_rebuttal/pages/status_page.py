"""The translation status page: which texts are untranslated or may be outdated, with links.

Each translated language's page lists its own gaps; the original language's page lists those
of every translation, for the people who keep the translations up to date.
"""

from __future__ import annotations

from ..database.describe import describe_path
from ..database.translations import Translation
from .markdown import PageWriter, _cell
from .notices import Notices, place
from .translated import language_name


class StatusPageWriter(PageWriter):
    notices: Notices

    def translation_status(self) -> str:
        here = self.layout.translation_status_page()
        w = self.words
        survey = self.notices.survey
        body = [f"# {w['translation_status_title']} {{ #translation-status }}", ""]
        body += [w["translation_status_intro"], ""]
        shown = survey.languages if self.language == survey.original else (self.language,)
        for language in shown:
            if len(shown) > 1:
                # The language's name in the page's language, where the site knows it.
                name = language_name(language, self.language)
                heading = f"{name} ({language})" if name else language
                body += [f"## {heading} {{ #{language} }}", ""]
            counts = survey.counts(language)
            body += [w["translation_counts"].format(**counts), ""]
            gaps = survey.gaps(language)
            if not gaps:
                done = "translations_no_gaps" if counts["unstamped"] else "translations_up_to_date"
                body += [w[done], ""]
                continue
            body += [
                f"| {w['status_where']} | {w['status_field']} | {w['status_state']} |",
                "|---|---|---|",
                *(self._row(here, gap) for gap in gaps),
                "",
            ]
        return self._page(w["translation_status_title"], w["translation_status_intro"], body)

    def _row(self, here: str, gap: Translation) -> str:
        w = self.words
        where = place(gap.where, self.debate, self.layout)
        link = "—"
        if where is not None:
            label = w[where.part]
            if gap.where[0] == "claims" and isinstance(gap.where[1], int):
                pair = self.debate.pairs[gap.where[1]]
                number = w["pair"].format(n=gap.where[1] + 1)
                label = f"{number} {self._inline(pair.claim.title)}{w['colon']}{label}"
            link = f"[{_cell(label)}]({self._link(here, where.page)}#{where.anchor})"
        state = w[f"state_{gap.state}"]
        return f"| {link} | `{describe_path(gap.where)}` | {state} |"
