"""Shared fixtures: tiny sites written into tmp_path and built with MkDocs."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FIXTURE = FIXTURES / "site"
#: what a site needs besides its content: configuration, templates, hooks, pages
ENGINE_PARTS = ("mkdocs.yml", "hooks", "theme_overrides", "docs")
CONTENT_FOLDERS = ("cities", "pledges", "practices", "reviews", "data")


def make_site(target: Path, content: Path = SITE_FIXTURE) -> Path:
    """A copy of the hub's engine with the content of ``content``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in ENGINE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    for folder in CONTENT_FOLDERS:
        if (content / folder).is_dir():
            shutil.copytree(content / folder, target / folder)
    return target


def build_site(root: Path, command: str = "build", languages: str | None = "en") -> Path:
    """Build ``root`` as ``mkdocs build`` (or, with command='serve', as the preview
    server does) and return the output folder. A test builds the English site
    only (``HUB_LANGUAGES``), unless it asks for ``languages`` (None: all the
    site's languages, as the shared built sites are)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"),
                         strict=command == "build")
    config.plugins.on_startup(command=command, dirty=False)
    with pytest.MonkeyPatch.context() as patch:
        if languages is None:
            patch.delenv("HUB_LANGUAGES", raising=False)
        else:
            patch.setenv("HUB_LANGUAGES", languages)
        build(config)
    return root / "site"


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    return make_site(tmp_path / "repo")


#: the build date of the fixture site (2026-01-01), so that its every file,
#: the sitemap's dates included, is the same in every run and on every commit
FIXTURE_BUILD_EPOCH = "1767225600"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for all tests that only read it, as a
    local build on 1 January 2026 (no SITE_URL, no REPO_URL)."""
    root = make_site(tmp_path_factory.mktemp("built") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_BUILD_EPOCH)
        for name in ("SITE_URL", "REPO_URL", "HUB_JOBS"):
            patch.delenv(name, raising=False)
        return build_site(root, languages=None)


@pytest.fixture(scope="session")
def previewed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site as the preview server (``mkdocs serve``) builds it, drafts
    included, on the same date and settings as :func:`built_site`."""
    root = make_site(tmp_path_factory.mktemp("previewed") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXTURE_BUILD_EPOCH)
        for name in ("SITE_URL", "REPO_URL", "HUB_JOBS"):
            patch.delenv(name, raising=False)
        return build_site(root, command="serve", languages=None)


@pytest.fixture(scope="session")
def hubs_own_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hub's own content (cities/, pledges/, practices/...), built once."""
    root = make_site(tmp_path_factory.mktemp("own") / "repo", content=REPO)
    return build_site(root, languages=None)


@pytest.fixture
def read_page(built_site: Path) -> Callable[[str], str]:
    def read(url: str) -> str:
        return (built_site / url / "index.html").read_text(encoding="utf-8")
    return read


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. Under CI a missing browser fails."""
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built fixture site over HTTP on a free loopback port."""
    yield from serve(built_site)


def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` over HTTP on a free loopback port; yield its root URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def visit(browser: Any, url: str, width: int = 1280) -> tuple[Any, list[str], list[str]]:
    """Open ``url``; return the page, requests to other hosts and console errors."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    foreign, errors = recorded(page, urlsplit(url).netloc)
    page.goto(url, wait_until="networkidle")
    return page, foreign, errors


def recorded(page: Any, own_host: str) -> tuple[list[str], list[str]]:
    """The requests ``page`` makes to hosts other than ``own_host``, and its
    console errors, as they come."""
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).netloc not in (own_host, "") else None)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return foreign, errors


def visit_each(browser: Any, root: str, urls: Sequence[str], width: int | None = 1280,
               prepare: Callable[[Any], None] | None = None,
               **options: Any) -> Iterator[tuple[str, Any, list[str], list[str]]]:
    """Each of ``urls`` (under ``root``) opened as :func:`visit` opens a page,
    and as a first visit; yields the URL, the page, its requests to other hosts
    and its console errors. Two tabs take turns: one loads the next page while
    the other's is checked. ``width`` None keeps the browser's own window;
    ``prepare`` is done to each tab before it opens a page; ``options`` are the
    tabs' (Playwright's browser context options)."""
    if width is not None:
        options["viewport"] = {"width": width, "height": 900}
    tabs = [Tab(browser, urlsplit(root).netloc, options) for _ in range(2)]
    for tab in tabs:
        if prepare:
            prepare(tab.page)
    try:
        tabs[0].open(root + urls[0])
        for number, url in enumerate(urls):
            if number + 1 < len(urls):
                tabs[(number + 1) % 2].open(root + urls[number + 1])
            tab = tabs[number % 2]
            tab.page.wait_for_load_state("networkidle")
            yield url, tab.page, tab.foreign, tab.errors
    finally:
        for tab in tabs:
            tab.page.context.close()


class Tab:
    """A browser tab of its own context, recording as :func:`visit` records."""

    def __init__(self, browser: Any, own_host: str, options: dict[str, Any]) -> None:
        self.page = browser.new_context(**options).new_page()
        self.foreign, self.errors = recorded(self.page, own_host)
        self.used = False

    def open(self, url: str) -> None:
        """Start loading ``url`` as a first visit: the site's storage and
        cookies cleared, and what the page before recorded forgotten. (A file
        from the browser's cache is a request too: every request is seen.)"""
        if self.used:
            self.page.evaluate("localStorage.clear(); sessionStorage.clear()")
            self.page.context.clear_cookies()
        self.used = True
        self.foreign.clear()
        self.errors.clear()
        self.page.goto(url, wait_until="commit")


def serious_violations(page: Any, where: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{where}: {v['impact']} {v['id']} ({v['help']}) at "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
