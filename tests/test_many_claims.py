"""Past `nav_limit` pairs, the sidebar lists the index and not every pair. A limit of 5 does
what the default 50 does, on sites small enough to build in a moment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sitecheck import Site, build_site

SITE = Path(__file__).parent / "sites" / "other-debate"
LIMIT = 5


def many_pairs_site(root: Path, pairs: int, claims_in_nav: str) -> Site:
    project = root / "project"
    shutil.copytree(SITE, project)
    database = project / "data" / "debate.yaml"
    data = yaml.safe_load(database.read_text(encoding="utf-8"))
    template = data["claims"][0]
    data["claims"] = [{**template, "id": f"pair-{n:03d}"} for n in range(pairs)]
    database.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["rebuttal"]["claims_in_nav"] = claims_in_nav
    config["plugins"][1]["rebuttal"]["nav_limit"] = LIMIT
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return build_site(project / "mkdocs.yml", project / "site")


def sidebar(site: Site, url: str) -> str:
    return " ".join(site.page(url).links("nav.md-nav--primary a"))


@pytest.mark.parametrize(("pairs", "listed"), [(LIMIT, True), (LIMIT + 1, False)])
def test_auto_lists_pairs_up_to_the_limit(tmp_path: Path, pairs: int, listed: bool) -> None:
    site = many_pairs_site(tmp_path, pairs, "auto")
    assert ("pair-000/" in sidebar(site, "en/")) is listed
    # Unlisted pairs stay reachable: from the index, and from each other.
    index = site.page("en/arguments/")
    assert len(index.content().cssselect("tbody tr")) == pairs
    page = site.page("en/arguments/pair-003/")
    for href in page.links(".rb-pager a"):
        site.assert_resolves(page, href)


def test_always_lists_every_pair(tmp_path: Path) -> None:
    site = many_pairs_site(tmp_path, LIMIT + 1, "always")
    assert f"pair-{LIMIT:03d}/" in sidebar(site, "en/")
