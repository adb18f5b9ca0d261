"""The built site in a real browser, used the way a reader uses it.

Debian's Chromium (scripts/install-test-tools.sh installs it) runs headless against the seed
site served on 127.0.0.1 under the path of its `site_url`, so the pages are the very files that
would be published. Every request to any other host is refused and counted, as is every console
error and failed or 404 request, on every page a test visits.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Route,
    WebError,
    expect,
    sync_playwright,
)
from playwright.sync_api import Request as BrowserRequest
from playwright.sync_api import Response as BrowserResponse

from mkdocs_rebuttal.database.translations import plain_texts

from sitecheck import Site

ROOT = Path(__file__).resolve().parent.parent
OTHER = ROOT / "tests" / "sites" / "other-debate"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
# Translations as plain text, without the fingerprints of their originals.
DATA = plain_texts(yaml.safe_load((ROOT / "data" / "claims.yaml").read_text(encoding="utf-8")))
TITLES = {claim["id"]: claim["claim"]["title"] for claim in DATA["claims"]}
PREFIX = {"zh": "", "en": "en/"}
LANGUAGE_NAME = {"zh": "中文", "en": "English"}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site's files under `base_path` only, as the real host would."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        url_path = urlparse(path).path
        if not url_path.startswith(self.base_path):
            return str(Path(self.directory) / "outside-the-site")  # a 404
        return super().translate_path("/" + url_path[len(self.base_path) :])

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the browser's side is what the tests check


@contextmanager
def serve(site: Site) -> Iterator[str]:
    """The site's address on 127.0.0.1, while the block runs."""
    handler = type("Handler", (QuietHandler,), {"base_path": site.base_path})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{site.base_path}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(seed_site: Site) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    assert Path(CHROMIUM).is_file(), f"no {CHROMIUM}: run scripts/install-test-tools.sh"
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        # Chromium's own traffic (updates, sync, field trials) is not the site's, and this
        # machine's network refuses it anyway.
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


class Watch:
    """What went wrong while the reader browsed: console errors, failures, other hosts."""

    def __init__(self, site_url: str) -> None:
        self.origin = "{0.scheme}://{0.netloc}".format(urlparse(site_url))
        self.problems: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort()

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(
                f"console error on {message.page and message.page.url}: {message.text}"
            )

    def page_error(self, error: WebError) -> None:
        where = error.page.url if error.page else "a worker"
        self.problems.append(f"uncaught exception on {where}: {error.error}")

    def request_failed(self, request: BrowserRequest) -> None:
        # The browser cancels what a page was still loading (the search worker's files, say)
        # when the reader moves on; that is the reader's doing, not a fault of the site.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed ({request.failure}): {request.url}")

    def response(self, response: BrowserResponse) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    watch = Watch(site_url)
    context = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    # Whatever a reader would see happens within seconds; a failing test should say so soon.
    context.set_default_timeout(10_000)
    context.route("**/*", watch.route)
    # On the context, not the page: the search runs in a web worker, whose messages and
    # requests are the context's.
    context.on("console", watch.console)
    context.on("weberror", watch.page_error)
    context.on("requestfailed", watch.request_failed)
    context.on("response", watch.response)
    page = context.new_page()
    yield page
    context.close()
    assert not watch.problems, "\n".join(watch.problems)


def heading(page: Page) -> Locator:
    return page.locator("article h1")


def starting(text: str) -> re.Pattern[str]:
    # Headings end with Material's permalink sign.
    return re.compile("^" + re.escape(text))


def url_ending(path: str, fragment: str = "") -> re.Pattern[str]:
    return re.compile(re.escape(path) + (re.escape("#" + fragment) if fragment else "") + "$")


def test_a_citation_leads_to_its_entry_and_back_to_the_pair(page: Page) -> None:
    page.goto("")
    expect(page).to_have_title(re.compile("^观点、反驳与证据 - "))
    page.locator("article").get_by_role("link", name="观点索引").click()
    expect(page).to_have_url(url_ending("/claims/"))

    page.locator("article").get_by_role("link", name=TITLES["head-start"]["zh"]).click()
    expect(page).to_have_url(url_ending("/claims/head-start/"))
    expect(heading(page)).to_have_text(starting(TITLES["head-start"]["zh"]))

    citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
    key = (citation.get_attribute("href") or "").split("#")[1]
    citation.click()
    expect(page).to_have_url(url_ending("/bibliography/", key))
    entry = page.locator(f"#{key}")
    expect(entry).to_be_in_viewport()
    # The :target rule of rebuttal.css marks the entry the reader came for.
    expect(entry).to_have_css("outline-style", "solid")

    entry.get_by_role("link", name=re.compile(re.escape(TITLES["head-start"]["zh"]))).click()
    expect(page).to_have_url(re.compile(r"/claims/head-start/(#\w+)?$"))
    expect(heading(page)).to_have_text(starting(TITLES["head-start"]["zh"]))


def switch_language(page: Page, language: str) -> None:
    # Material opens the language list while the pointer is over its button.
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__list").get_by_role("link", name=LANGUAGE_NAME[language]).click()


@pytest.mark.parametrize(
    ("path", "headings"),
    [
        ("claims/head-start/", TITLES["head-start"]),
        ("bibliography/", {"zh": "参考文献", "en": "Bibliography"}),
    ],
)
def test_the_language_switcher_keeps_the_reader_on_the_same_page(
    page: Page, path: str, headings: dict[str, str]
) -> None:
    page.goto(path)
    expect(heading(page)).to_have_text(starting(headings["zh"]))
    for language in ("en", "zh"):
        switch_language(page, language)
        expect(page).to_have_url(url_ending("/" + PREFIX[language] + path))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(heading(page)).to_have_text(starting(headings[language]))


@pytest.mark.parametrize(
    ("language", "query", "pair"),
    [("zh", "起点", "head-start"), ("en", "pre-training", "head-start")],
)
def test_search_finds_the_pair(page: Page, language: str, query: str, pair: str) -> None:
    page.goto(PREFIX[language])
    search = page.get_by_role("textbox", name=re.compile("搜索|Search"))
    search.click()
    # Text from an input method arrives without key events, and Material's search waits
    # for one: typing ends with a key press, as a reader's would.
    search.fill(query)
    search.press("End")
    result = page.locator(".md-search-result__item > a").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(TITLES[pair][language])))
    )
    expect(result.first).to_be_visible()
    result.first.click()
    expect(page).to_have_url(re.compile(re.escape(f"/{PREFIX[language]}claims/{pair}/")))
    expect(heading(page)).to_have_text(starting(TITLES[pair][language]))


AXE_PAGES = [
    "",
    "claims/",
    "claims/head-start/",
    "argument-map/",
    "bibliography/",
    "translations/",
]


def serious_violations(page: Page) -> list[str]:
    assert AXE.is_file(), f"no {AXE}: run scripts/install-test-tools.sh"
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(
    page: Page, language: str, path: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PREFIX[language] + path)
    expect(heading(page)).to_be_visible()
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("language", PREFIX)
def test_no_serious_accessibility_violations_with_a_preview_open(page: Page, language: str) -> None:
    page.goto(f"{PREFIX[language]}claims/head-start/")
    page.locator("#counterclaim ~ blockquote a.rb-cite").first.focus()
    expect(page.locator(".rb-preview")).to_be_visible()
    serious = serious_violations(page)
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("language", PREFIX)
def test_screenshot_of_a_pair_page(page: Page, language: str) -> None:
    """Kept in test-artifacts/ for a person to look at; the assertions are the other tests'."""
    page.goto(f"{PREFIX[language]}claims/head-start/")
    expect(heading(page)).to_have_text(starting(TITLES["head-start"][language]))
    expect(page.locator("article a.rb-cite").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"pair-head-start-{language}.png", full_page=True)


@pytest.mark.parametrize("language", PREFIX)
def test_the_argument_map_is_drawn_and_its_boxes_lead_on(page: Page, language: str) -> None:
    page.goto(f"{PREFIX[language]}claims/head-start/")
    drawing = page.locator("figure.rb-map svg.rb-map-wide")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    # A box is a link for the keyboard as well as the pointer.
    reference = drawing.locator("a.rb-map-reference").first
    reference.focus()
    assert page.evaluate("document.activeElement.classList.contains('rb-map-reference')")
    reference.click()
    expect(page).to_have_url(re.compile(r"/bibliography/#[\w.:-]+$"))


@pytest.fixture(scope="module")
def instant_other_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The other debate with Material's instant loading, which rewrites every link."""
    project = tmp_path_factory.mktemp("instant") / "project"
    shutil.copytree(OTHER, project)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["features"] = ["navigation.instant"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # Not strict: static-i18n warns that its language switcher cannot keep the reader on
    # the same page with instant loading.
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    build(config)
    return Site(project / "site", urlparse(config.site_url or "/").path or "/", config.site_url)


@pytest.mark.expect_warnings
def test_pair_pages_with_instant_loading_throw_nothing(
    browser: Browser, instant_other_site: Site
) -> None:
    # Material's instant loading sets `element.href = ...` on every element with an `href`
    # attribute; an SVG link's `href` is read-only, which threw a TypeError on every pair
    # page ("Cannot set property href of #<SVGAElement>"). The map links are xlink:href.
    with serve(instant_other_site) as url:
        watch = Watch(url)
        context = browser.new_context(base_url=url)
        context.set_default_timeout(10_000)
        context.route("**/*", watch.route)
        context.on("weberror", watch.page_error)
        context.on("console", watch.console)
        page = context.new_page()
        page.goto("en/arguments/always-pretrain/")
        expect(page.locator("figure.rb-map svg.rb-map-wide")).to_be_visible()
        # An instant navigation to the next pair, whose map is put in by script.
        page.locator("a", has_text="Next").first.click()
        expect(page).to_have_url(re.compile(r"/arguments/small-steps/$"))
        expect(page.locator("figure.rb-map svg.rb-map-wide")).to_be_visible()
        page.locator("figure.rb-map a.rb-map-claim").first.click()
        expect(page).to_have_url(re.compile(r"/arguments/small-steps/#claim$"))
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


# The reader's site (issue 14) ------------------------------------------------------------

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
    """Every citation of every pair page and of the claims index opens, on focus, the card of
    the work it cites, with a link to that work's entry."""
    for path in ["claims/", *(f"claims/{pair}/" for pair in PAIRS)]:
        page.goto(f"{PREFIX[language]}{path}")
        links = page.locator("article a.rb-cite")
        for n in range(links.count()):
            link = links.nth(n)
            key = (link.get_attribute("href") or "").split("#")[1]
            link.focus()
            card = page.locator(".rb-preview")
            expect(card, f"{language} {path}: citation {n} ({key})").to_be_visible()
            expect(card.locator(f'a[href$="bibliography/#{key}"]')).to_have_count(1)
            page.keyboard.press("Escape")
            expect(card).to_have_count(0)


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


# Maps on every screen ------------------------------------------------------------------------

# For each shown drawing: texts under 12 CSS px as drawn, and texts wider than their box
# (a node's text, measured by the browser with the font it uses, within the box's padding;
# an arrow's label within its white background).
MAP_CHECK = """(svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const small = [], over = [];
    for (const text of svg.querySelectorAll('text')) {
        const size = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (size < 11.99) small.push(`${text.textContent} (${size.toFixed(1)} px)`);
    }
    const outside = (text, box, pad) => {
        const b = text.getBBox();
        return b.x < box.x + pad - 0.5 || b.x + b.width > box.x + box.width - pad + 0.5;
    };
    for (const node of svg.querySelectorAll('a')) {
        const box = node.querySelector('rect').getBBox();
        for (const text of node.querySelectorAll('text'))
            if (outside(text, box, 4)) over.push(text.textContent);
    }
    for (const edge of svg.querySelectorAll('g.rb-map-edge')) {
        const rect = edge.querySelector('rect'), text = edge.querySelector('text');
        if (rect && text && outside(text, rect.getBBox(), 0)) over.push(text.textContent);
    }
    return {small, over, width: svg.getBoundingClientRect().width};
}"""


def shown_maps(page: Page) -> list[dict[str, Any]]:
    drawings = page.locator("figure.rb-map svg").all()
    return [d.evaluate(MAP_CHECK) for d in drawings if d.is_visible()]


@pytest.mark.parametrize("language", PREFIX)
def test_at_390_px_no_map_text_is_under_12_px_and_no_label_overflows(
    page: Page, language: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path in [*(f"claims/{pair}/" for pair in PAIRS), "argument-map/"]:
        page.goto(PREFIX[language] + path)
        (found,) = shown_maps(page)
        assert not found["small"], (path, found["small"])
        assert not found["over"], (path, found["over"])
        if path.startswith("claims/"):
            # The drawing down the page, as wide as the text.
            assert 340 <= found["width"] <= 390, (path, found["width"])
    # The whole debate scrolls sideways: the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("language", PREFIX)
def test_at_1280_px_no_map_label_overflows_and_the_overview_fills_the_text(
    page: Page, language: str
) -> None:
    for path in [*(f"claims/{pair}/" for pair in PAIRS), "argument-map/"]:
        page.goto(PREFIX[language] + path)
        (found,) = shown_maps(page)
        assert not found["over"], (path, found["over"])
    text = page.locator("article").evaluate("a => a.querySelector('h1').parentElement.clientWidth")
    assert found["width"] >= text - 48
    assert not found["small"], found["small"]


@pytest.mark.parametrize("language", PREFIX)
def test_the_overview_caption_describes_its_columns(page: Page, language: str) -> None:
    page.goto(PREFIX[language] + "argument-map/")
    caption = page.locator("figure.rb-map-overview figcaption").inner_text()
    order = {
        "zh": ["原文的主张", "反驳这些主张的论点", "反驳引用的文献"],
        "en": [
            "the original claims",
            "the rebuttals that attack them",
            "the works the rebuttals cite",
        ],
    }[language]
    positions = [caption.index(words) for words in order]
    assert positions == sorted(positions), caption
    # What it says is what is drawn: claims left of rebuttals, left of the works.
    xs = page.evaluate(
        """() => ['claim', 'counterclaim', 'reference'].map(kind => {
            const box = document.querySelector(`figure.rb-map a.rb-map-${kind}`);
            return box.getBoundingClientRect().x;
        })"""
    )
    assert xs == sorted(xs)


# Translated quotes ---------------------------------------------------------------------------


def test_an_english_quote_says_it_is_translated_and_leads_to_the_chinese(page: Page) -> None:
    page.goto("en/claims/aim-big/")
    labels = page.locator("p.rb-translated a")
    expect(labels).to_have_count(2)  # the claim and the rebuttal
    expect(labels.first).to_be_visible()
    expect(labels.first).to_have_text("Translated from Chinese")
    expect(labels.first).to_have_attribute(
        "href", re.compile(r"^\.\./\.\./\.\./claims/aim-big/#claim$")
    )
    labels.first.click()
    expect(page).to_have_url(re.compile(r"/sgd-debate/claims/aim-big/(#claim)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh")
    expect(page.locator("p.rb-translated")).to_have_count(0)


# Screenshots ---------------------------------------------------------------------------------

SCREENSHOT_PAGES = {
    "home": "",
    "claims-index": "claims/",
    "pair-head-start": "claims/head-start/",
    "argument-map": "argument-map/",
    "bibliography": "bibliography/",
    "translation-status": "translations/",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
def test_screenshots_of_every_page_type(page: Page, name: str, language: str, width: int) -> None:
    """Kept in test-artifacts/ for a person to look at: every page type, both languages, a
    desktop's width and a phone's. The page must not be wider than the screen."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PREFIX[language] + SCREENSHOT_PAGES[name])
    expect(heading(page)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{language}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", PREFIX)
def test_screenshot_of_a_preview(page: Page, language: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{PREFIX[language]}claims/head-start/")
    citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
    citation.scroll_into_view_if_needed()
    citation.focus()
    card = page.locator(".rb-preview")
    expect(card).to_be_visible()
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"preview-{language}-{width}.png")


# Material's instant navigation ---------------------------------------------------------------


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site with Material's instant navigation: pages swapped in without a load."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["features"].append("navigation.instant")
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "rebuttal" in plugin:
            plugin["rebuttal"]["database"] = str(ROOT / plugin["rebuttal"]["database"])
            plugin["rebuttal"]["cache_dir"] = ""
    folder = tmp_path_factory.mktemp("instant")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    # Not strict: static-i18n warns that Material's language selector then leads to the
    # other language's home page rather than the same page, which is true and not ours.
    build(load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    return folder / "site"


# Material takes the site's pages from its sitemap with the page's scheme and host but not its
# port: the site is served from a host of its own, on the default port, by the browser.
INSTANT_HOST = "http://sgd-debate.test"


def test_previews_work_after_an_instant_navigation(browser: Browser, instant_site: Path) -> None:
    problems: list[str] = []

    def serve(route: Route) -> None:
        url = urlparse(route.request.url)
        if not route.request.url.startswith(INSTANT_HOST + "/sgd-debate/"):
            problems.append(f"request outside the site: {route.request.url}")
            route.abort()
            return
        path = instant_site / url.path.removeprefix("/sgd-debate/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            route.fulfill(path=path)
        else:
            route.fulfill(status=404, body="")

    context = browser.new_context(
        base_url=INSTANT_HOST + "/sgd-debate/", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.route("**/*", serve)
    context.on("weberror", lambda error: problems.append(str(error.error)))
    try:
        page = context.new_page()
        page.goto("en/claims/")
        page.wait_for_load_state("networkidle")  # Material knows the site's pages from its sitemap
        page.evaluate("window.loadedOnce = true")  # gone if the next page is a full load
        page.locator("article").get_by_role("link", name=TITLES["head-start"]["en"]).click()
        expect(page).to_have_url(url_ending("/en/claims/head-start/"))
        expect(heading(page)).to_have_text(starting(TITLES["head-start"]["en"]))
        assert page.evaluate("window.loadedOnce === true"), "not an instant navigation"
        citation = page.locator("#counterclaim ~ blockquote a.rb-cite").first
        citation.hover()
        card = page.locator(".rb-preview")
        expect(card).to_be_visible()
        expect(card).to_contain_text("Rethinking ImageNet")  # this page's card, not the index's
        page.keyboard.press("Escape")
        expect(card).to_have_count(0)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
