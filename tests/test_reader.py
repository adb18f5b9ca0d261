# ruff: noqa: F811  (the fixtures imported from test_browser are parameters here)
"""The reader's site in Chromium: citation previews, fit badges, maps at a phone's width,
translated quotes, the way to suggest a correction; screenshots of every page type.

Fixtures (the served seed site, the browser, a watched page) are test_browser.py's.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from test_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    AXE,
    DATA,
    PREFIX,
    TITLES,
    Watch,
    browser,
    heading,
    page,
    playwright,
    site_url,
    starting,
    url_ending,
)

PAIRS = [claim["id"] for claim in DATA["claims"]]
FIT_WORDS = {
    "zh": {"supports": "支持", "partly": "部分支持", "does-not-support": "不支持"},
    "en": {
        "supports": "supports",
        "partly": "partly supports",
        "does-not-support": "does not support",
    },
}


# Citation previews --------------------------------------------------------------------------


@pytest.mark.parametrize("language", PREFIX)
def test_a_citation_previews_on_hover_and_escape_closes_it(page: Page, language: str) -> None:
    page.goto(f"{PREFIX[language]}claims/head-start/")
    citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
    key = (citation.get_attribute("href") or "").split("#")[1]
    citation.hover()
    card = page.locator(".rb-preview")
    expect(card).to_be_visible()
    expect(card).to_have_attribute("role", "group")
    expect(card.locator(".rb-fit")).to_have_text(re.compile(FIT_WORDS[language]["partly"]))
    expect(card.locator(".rb-preview-note")).not_to_be_empty()
    expect(card.get_by_role("link", name="DOI")).to_have_attribute(
        "href", re.compile(r"^https://doi\.org/")
    )
    expect(card.get_by_role("link", name="arXiv")).to_have_attribute(
        "href", re.compile(r"^https://arxiv\.org/abs/")
    )
    entry = card.locator(f'a[href$="bibliography/#{key}"]')
    expect(entry).to_have_count(1)
    expect(citation).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    expect(citation).to_have_attribute("aria-expanded", "false")
    # Back over the citation, then away: the card goes after a moment.
    page.mouse.move(5, 5)
    citation.hover()
    expect(page.locator(".rb-preview")).to_be_visible()
    page.mouse.move(5, 5)
    expect(page.locator(".rb-preview")).to_have_count(0)


@pytest.mark.parametrize("language", PREFIX)
def test_a_citation_previews_on_keyboard_focus_and_its_links_are_reachable(
    page: Page, language: str
) -> None:
    page.goto(f"{PREFIX[language]}claims/head-start/")
    citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
    citation.focus()
    card = page.locator(".rb-preview")
    expect(card).to_be_visible()
    # The card follows the citation: Tab goes through its links, Escape brings focus back.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.rb-preview') !== null")
    assert focused
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    assert page.evaluate("document.activeElement.classList.contains('rb-cite')")


@pytest.mark.parametrize("language", PREFIX)
def test_a_tap_on_a_citation_shows_its_card_and_a_second_tap_follows_it(
    browser: Browser, site_url: str, language: str
) -> None:
    watch = Watch(site_url)
    context = browser.new_context(
        base_url=site_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(10_000)
    context.route("**/*", watch.route)
    context.on("console", watch.console)
    context.on("weberror", watch.page_error)
    try:
        page = context.new_page()
        page.goto(f"{PREFIX[language]}claims/head-start/")
        citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
        key = (citation.get_attribute("href") or "").split("#")[1]
        citation.tap()
        card = page.locator(".rb-preview")
        expect(card).to_be_visible()
        expect(page).to_have_url(url_ending(f"/{PREFIX[language]}claims/head-start/"))
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        # A tap elsewhere closes it.
        page.locator("article h1").tap()
        expect(card).to_have_count(0)
        citation.tap()
        expect(card).to_be_visible()
        citation.tap()
        expect(page).to_have_url(url_ending(f"/{PREFIX[language]}bibliography/", key))
    finally:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


@pytest.mark.parametrize("language", PREFIX)
def test_every_citation_of_every_pair_has_a_card(page: Page, language: str) -> None:
    for pair in PAIRS:
        page.goto(f"{PREFIX[language]}claims/{pair}/")
        links = page.locator("article a.rb-cite")
        for n in range(links.count()):
            found = page.evaluate(
                """(link) => {
                    link.dispatchEvent(new FocusEvent('focusin', {bubbles: true}));
                    const card = document.querySelector('.rb-preview');
                    return card ? card.textContent : null;
                }""",
                links.nth(n).element_handle(),
            )
            assert found, f"{language} {pair}: citation {n} has no preview"


def test_the_claims_index_previews_the_fit_of_its_row(page: Page) -> None:
    page.goto("en/claims/")
    row = page.locator("tr").filter(has=page.locator("a#head-start"))
    row.locator("a.rb-cite").first.hover()
    card = page.locator(".rb-preview")
    expect(card).to_be_visible()
    expect(card.locator(".rb-fit")).to_have_text(re.compile("partly supports"))
    expect(card.get_by_role("link", name="Evidence in full")).to_have_attribute(
        "href", re.compile(r"head-start/#evidence$")
    )


def test_without_javascript_a_citation_is_a_link_to_its_entry(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("claims/head-start/")
        citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
        key = (citation.get_attribute("href") or "").split("#")[1]
        citation.click()
        expect(page).to_have_url(url_ending("/bibliography/", key))
        expect(page.locator(".rb-preview")).to_have_count(0)
    finally:
        context.close()
