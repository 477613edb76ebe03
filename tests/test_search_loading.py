"""Search is fetched only when a visitor asks for it, and answers as Material's stock search.

The built site publishes its index under a content-hashed address and a
loader that holds Material's request for it, and its search worker, back until
the search box is used (cityhub/mkdocs/search_loader.py). These tests hold
the promises: no search file on a page view, the same results and highlighting
as stock search once asked, ``hub search`` reading the same file, and stock
search when a Material release no longer fits the loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cityhub.mkdocs import search_loader
from cityhub.site.search import STOCK_INDEX
from cityhub.site.search_engine import build_index, published_index
from conftest import build_site, make_site, serve

HUB = Path(sys.executable).with_name("hub")
QUERIES = ("Exampleton", "United Kingdom", "Sao Exemplo", "+housing -advice",
           "letting sale", "the charter", "hosing~1")


def search_requests(requests: list[str]) -> list[str]:
    """The requests a page made for search: the index or the search worker."""
    return [url for url in requests if "/search/" in url or "/workers/" in url]


@pytest.fixture(scope="module")
def stock_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture site built as if Material had changed how it loads search."""
    root = make_site(tmp_path_factory.mktemp("stock") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_loader, "check", lambda theme_dirs: ["a test's change"])
        patch.delenv("HUB_JOBS", raising=False)
        yield build_site(root)


def test_the_installed_material_loads_search_as_the_loader_expects() -> None:
    # Fails on a Material upgrade that changes what the loader relies on:
    # read the message, then adapt search_loader.js and EXPECTED.
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    assert search_loader.check(list(config.theme.dirs)) == []


def test_a_changed_bundle_is_named(tmp_path: Path) -> None:
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "base.html").write_text(
        '<script id="__config">{"search": "assets/javascripts/workers/search.1.min.js"}'
        "{% block scripts %}<script src=\"assets/javascripts/bundle.ab12.min.js\">")
    (tmp_path / "assets/javascripts/bundle.ab12.min.js").write_text(
        'fetch(new URL("search/search_index.json",base));new Worker(url)')
    assert search_loader.check([str(tmp_path)]) == [
        "the release of Material's search worker the hub's worker follows (base.html: "
        f"'\"search\": \"assets/javascripts/workers/{search_loader.FOLLOWED_WORKER}\"')",
        "the index requested by XMLHttpRequest (bundle: 'new XMLHttpRequest')"]


def test_the_index_has_an_address_naming_its_content(built_site: Path) -> None:
    published = published_index(built_site)
    assert published is not None
    stock = json.loads((built_site / STOCK_INDEX).read_text(encoding="utf-8"))
    built = build_index(stock)
    assert published.relative_to(built_site).as_posix() + "/" == built.address
    assert (published / "index.json").read_bytes() == built.files["index.json"]
    stock["docs"][0]["text"] += " changed"
    assert build_index(stock).address != built.address
    loader = (built_site / search_loader.LOADER).read_text(encoding="utf-8")
    assert f'"{built.address}index.json"' in loader
    worker = next((built_site / "assets/javascripts/workers").glob("hub-search.*.js"))
    assert f'"assets/javascripts/workers/{worker.name}"' in loader
    assert "__HUB_SEARCH_" not in loader


def test_every_page_loads_the_loader_before_materials_bundle(read_page: Any) -> None:
    for url in ("", "practices/fair-letting/", "cities/exampleton/"):
        page = read_page(url)
        assert page.index("assets/javascripts/hub-search.js") < page.index("bundle."), url


def test_hub_search_answers_from_the_published_index(built_site: Path) -> None:
    (built_site / STOCK_INDEX).rename(built_site / "search" / "stock-hidden.json")
    try:
        run = subprocess.run([str(HUB), "search", "Exampleton", "--site", str(built_site)],
                             capture_output=True, text=True, check=True)
    finally:
        (built_site / "search" / "stock-hidden.json").rename(built_site / STOCK_INDEX)
    assert "/practices/fair-letting/" in run.stdout


def test_a_changed_material_keeps_stock_search(stock_site: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert not (stock_site / search_loader.LOADER).exists()
    assert published_index(stock_site) is None
    assert "hub-search.js" not in (stock_site / "index.html").read_text(encoding="utf-8")


def test_the_preview_keeps_stock_search(site_root: Path) -> None:
    # The preview rebuilds on every save; Material's own search needs nothing more.
    site = build_site(site_root, command="serve")
    assert "hub-search.js" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / STOCK_INDEX).is_file()
    assert published_index(site) is None


def open_search(browser: Any, root: str) -> tuple[Any, list[str], list[str]]:
    """A page opened on ``root``; its search requests before the box is used, and all of them.

    The page is left with the search box in use and ready."""
    return open_side_by_side(browser, [root])[0]


def open_side_by_side(browser: Any, roots: list[str]) -> list[tuple[Any, list[str], list[str]]]:
    """:func:`open_search` on each of ``roots``, each step done on every page before the next."""
    loading = []
    for root in roots:
        page = browser.new_context().new_page()
        requests: list[str] = []
        page.on("request", lambda request, requests=requests: requests.append(request.url))
        page.goto(root + "practices/fair-letting/", wait_until="commit")
        loading.append((page, requests))
    opened = []
    for page, requests in loading:
        page.wait_for_load_state("networkidle")
        opened.append((page, search_requests(requests), requests))
    for page, _, _ in opened:
        page.locator(".md-search__input").click()
    for page, _, _ in opened:
        page.locator(".md-search-result__meta").filter(has_text="Type to start").wait_for()
    return opened


def result_items(page: Any) -> list[str]:
    """The items of the result list, as HTML."""
    items: list[str] = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(item => item.innerHTML)")
    return items


def shown(page: Any, query: str) -> list[str]:
    """The results the box shows for ``query``, as HTML, highlighting included."""
    return shown_side_by_side([page], query)[0]


def shown_side_by_side(pages: list[Any], query: str) -> list[list[str]]:
    """What the box of each page shows for ``query``: each step done on every
    page before the next, so that the pages search at the same time."""
    for words, meta in (("", "Type to start"), (query, "match")):
        for page in pages:
            page.locator(".md-search__input").fill(words)
            page.keyboard.press("End")  # the box reads its words on a key's release
        for page in pages:
            page.locator(".md-search-result__meta").filter(has_text=meta).wait_for()
    # A list is read once it has stopped changing: a result may be followed
    # by another for the same words (the box reads them on focus and on a key)
    lists: list[list[str]] = [[] for _ in pages]
    while True:
        pages[0].wait_for_timeout(150)
        now = [result_items(page) for page in pages]
        if now == lists:
            return lists
        lists = now


def shown_to_the_end(page: Any, query: str) -> list[str]:
    """Every result the box shows for ``query`` once the list is scrolled to its end."""
    items = shown(page, query)
    while True:
        page.locator(".md-search__scrollwrap").evaluate(
            "box => { box.scrollTop = box.scrollHeight }")
        page.wait_for_timeout(200)
        now = result_items(page)
        if now == items:
            return items
        items = now


@pytest.mark.browser
def test_a_page_view_fetches_no_search_file_until_the_box_is_used(
        browser: Any, served_site: str) -> None:
    page, before, requests = open_search(browser, served_site)
    first = shown(page, "Exampleton")[0]
    page.context.close()
    assert before == []
    after = search_requests(requests)
    assert any(url.endswith("/index.json") and "/search/" in url for url in after)
    assert sum(url.endswith("/v.json") and "/search/" in url for url in after) == 1
    assert any("/hub-search." in url for url in after)
    assert not any(url.endswith(STOCK_INDEX) for url in after)
    assert 'href="' + served_site + 'cities/exampleton/?h=exampleton"' in first
    assert "<mark>Exampleton</mark>" in first


@pytest.mark.browser
def test_the_vocabulary_is_fetched_alongside_the_set_up(
        browser: Any, served_site: str) -> None:
    # The set-up file is held back: the vocabulary has been asked for before
    # the page could hand the set-up to the worker, and reaches the worker.
    context = browser.new_context()
    held: list[Any] = []
    context.route(lambda url: "/search/" in url and url.endswith("/index.json"),
                  lambda route: held.append(route))
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + "practices/fair-letting/", wait_until="networkidle")
    with page.expect_request(lambda request: request.url.endswith("/v.json")):
        page.locator(".md-search__input").click()
    assert len(held) == 1, "the set-up file was asked for and is still held"
    held[0].continue_()
    first = shown(page, "Exampleton")[0]
    context.close()
    assert "<mark>Exampleton</mark>" in first
    # answered by the hub's worker, with the vocabulary read once
    assert not any(url.endswith(STOCK_INDEX) for url in requests)
    assert sum(url.endswith("/v.json") for url in requests) == 1


@pytest.mark.browser
def test_results_and_highlighting_are_stock_searchs(
        browser: Any, served_site: str, stock_site: Path) -> None:
    for stock_root in serve(stock_site):
        (stock_page, stock_before, _), (page, _, _) = open_side_by_side(
            browser, [stock_root, served_site])
        assert search_requests(stock_before), "stock search fetches its index on load"
        for query in QUERIES:
            ours, theirs = shown_side_by_side([page, stock_page], query)
            assert [item.replace(served_site, "/") for item in ours] == [
                item.replace(stock_root, "/") for item in theirs], query
        assert ours, "the last query finds something"
        page.context.close()
        stock_page.context.close()


@pytest.fixture(scope="module")
def stock_list_to_the_end(browser: Any, stock_site: Path) -> list[str]:
    """What Material's own search shows for a query past its first screen, scrolled to the end."""
    for stock_root in serve(stock_site):
        stock_page, _, _ = open_search(browser, stock_root)
        theirs = [item.replace(stock_root, "/")
                  for item in shown_to_the_end(stock_page, LONG_QUERY)]
        stock_page.context.close()
    assert len(theirs) > 10, "the query has results past the first screen"
    return theirs


#: a query with more results than the list shows at first
LONG_QUERY = "pledge"


@pytest.mark.browser
def test_results_past_the_first_screen_are_stock_searchs(
        browser: Any, served_site: str, stock_list_to_the_end: list[str]) -> None:
    # The hub's worker sends the first ten groups whole and the others' titles
    # and texts after the result: the list must show them as stock does.
    page, _, _ = open_search(browser, served_site)
    ours = [item.replace(served_site, "/") for item in shown_to_the_end(page, LONG_QUERY)]
    page.context.close()
    assert ours == stock_list_to_the_end


@pytest.mark.browser
@pytest.mark.parametrize(("missing", "status"),
                         [("/index.json", 404), ("/v.json", 404), ("/v.json", 200), ("/h/", 404)])
def test_a_missing_index_file_hands_search_to_material(
        browser: Any, served_site: str, stock_list_to_the_end: list[str], missing: str,
        status: int) -> None:
    # The set-up file or the vocabulary missing (or the vocabulary not JSON):
    # Material's worker and index from the start; a headings file missing: the
    # first screen came from the hub's worker, the rest cannot, so Material
    # answers the query again.
    context = browser.new_context()
    context.route(lambda url: "/search/" in url and missing in url and STOCK_INDEX not in url,
                  lambda route: route.fulfill(status=status, body="missing"))
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site + "practices/fair-letting/", wait_until="networkidle")
    page.locator(".md-search__input").click()
    ours = [item.replace(served_site, "/") for item in shown_to_the_end(page, LONG_QUERY)]
    context.close()
    assert any(url.endswith(STOCK_INDEX) for url in requests), "Material's index was read"
    assert ours == stock_list_to_the_end
