"""The "suggest a correction" link of a pair page: a new issue in the site's repository, its
title and text filled in with the pair, the language and the page's address.

GitHub, Gitea and Forgejo take `issues/new?title=...&body=...`; GitLab takes
`-/issues/new?issue[title]=...&issue[description]=...`. A site without `repo_url` gets no link.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit


def issue_url(repo_url: str, title: str, body: str) -> str:
    base = repo_url.rstrip("/")
    host = urlsplit(base).hostname or ""
    if host == "gitlab.com" or host.startswith("gitlab."):
        query = urlencode({"issue[title]": title, "issue[description]": body})
        return f"{base}/-/issues/new?{query}"
    return f"{base}/issues/new?{urlencode({'title': title, 'body': body})}"


def correction_link(
    repo_url: str | None, words: Mapping[str, str], pair_id: str, language: str, address: str
) -> str:
    """The link as Markdown, or "" without a repository."""
    if not repo_url:
        return ""
    fields = {"pair": pair_id, "language": language, "url": address}
    url = issue_url(
        repo_url,
        words["correction_title"].format(**fields),
        words["correction_body"].format(**fields),
    )
    # urlencode leaves no space, bracket or parenthesis that would end a Markdown link.
    return f"[{words['suggest_correction']}]({url}){{ .rb-correction }}"
