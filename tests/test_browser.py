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


AXE_PAGES = ["", "claims/head-start/", "bibliography/", "translations/"]


@pytest.mark.parametrize("language", PREFIX)
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(page: Page, language: str, path: str) -> None:
    assert AXE.is_file(), f"no {AXE}: run scripts/install-test-tools.sh"
    page.goto(PREFIX[language] + path)
    expect(heading(page)).to_be_visible()
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
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
    drawing = page.locator("figure.rb-map svg")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    page.locator("figure.rb-map a.rb-map-reference").first.click()
    expect(page).to_have_url(re.compile(r"/bibliography/#[\w.:-]+$"))


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
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
    browser: Browser, instant_site: Site
) -> None:
    # Material's instant loading sets `element.href = ...` on every element with an `href`
    # attribute; an SVG link's `href` is read-only, which threw a TypeError on every pair
    # page ("Cannot set property href of #<SVGAElement>"). The map links are xlink:href.
    with serve(instant_site) as url:
        watch = Watch(url)
        context = browser.new_context(base_url=url)
        context.set_default_timeout(10_000)
        context.route("**/*", watch.route)
        context.on("weberror", watch.page_error)
        context.on("console", watch.console)
        page = context.new_page()
        page.goto("en/arguments/always-pretrain/")
        expect(page.locator("figure.rb-map svg")).to_be_visible()
        # An instant navigation to the next pair, whose map is put in by script.
        page.locator("a", has_text="Next").first.click()
        expect(page).to_have_url(re.compile(r"/arguments/small-steps/$"))
        expect(page.locator("figure.rb-map svg")).to_be_visible()
        page.locator("figure.rb-map a.rb-map-claim").first.click()
        expect(page).to_have_url(re.compile(r"/arguments/small-steps/#claim$"))
        context.close()
    assert not watch.problems, "\n".join(watch.problems)
