"""What visitors find when they type into the search box.

Queries run over the fixture site's prebuilt search index, ranked as the
browser's search worker ranks them (cityhub.site.search_engine; the two are
compared in tests/test_search_engine.py), plus one test in Chromium typing
into the real search box.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex

import cityhub.mkdocs.adapter as adapter
from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.site.search import (
    SiteSearch,
    compact_index,
    fold,
    with_excluded,
    without_excluded,
)
from conftest import REPO, build_site, make_site

HUB = Path(sys.executable).with_name("hub")
LISTINGS = ("practices/", "cities/", "pledges/", "themes/", "networks/", "countries/", "sdgs/")


@pytest.fixture(scope="module")
def search(built_site: Path) -> SiteSearch:
    return SiteSearch(built_site)


def locations(search: SiteSearch, query: str) -> list[str]:
    return [r.location for r in search.search(query)]


@pytest.mark.parametrize("query, page", [
    ("Exampleton", "cities/exampleton/"),
    ("Norby", "cities/norby/"),
    ("São Exemplo", "cities/sao-exemplo/"),
    ("Sao Exemplo", "cities/sao-exemplo/"),
    ("San Ejemplo", "cities/sao-exemplo/"),  # its name in Spanish (other_names)
    ("Test Charter of Inclusive Towns", "pledges/test-charter/"),
    ("Test Charter", "pledges/test-charter/"),
    ("Test Declaration", "pledges/test-declaration/"),
    ("United Kingdom", "countries/gb/"),
    ("Norway", "countries/no/"),
])
def test_a_name_finds_the_page_of_what_it_names_first(search: SiteSearch, query: str,
                                                      page: str) -> None:
    assert locations(search, query)[0] == page


def test_a_city_name_finds_the_city_then_its_practices(search: SiteSearch) -> None:
    # fair-letting's tags name Exampleton twice (its city, and a partner,
    # "Exampleton Tenants' Union"): the city's page still comes first
    found = locations(search, "Exampleton")
    assert found[0] == "cities/exampleton/"
    assert set(found[1:3]) == {"practices/fair-letting/", "practices/housing-advice/"}


def test_listing_pages_do_not_flood_results(search: SiteSearch) -> None:
    for query in ("Exampleton", "School Mentors", "Norby"):
        assert not [loc for loc in locations(search, query) if loc in LISTINGS or loc == ""], query


def test_a_country_finds_its_page_then_its_cities_and_their_practices(
        search: SiteSearch) -> None:
    found = locations(search, "United Kingdom")
    assert found[:2] == ["countries/gb/", "cities/exampleton/"]
    assert set(found[2:4]) == {"practices/fair-letting/", "practices/housing-advice/"}
    assert locations(search, "Norway")[:2] == ["countries/no/", "cities/norby/"]


def test_a_theme_finds_its_practices_before_the_theme_page(search: SiteSearch) -> None:
    found = locations(search, "housing")
    assert set(found[:2]) == {"practices/fair-letting/", "practices/housing-advice/"}
    assert "themes/housing/" in found
    assert "practices/school-mentors/" not in found


def test_a_target_group_finds_its_practices(search: SiteSearch) -> None:
    assert locations(search, "youth")[0] == "practices/school-mentors/"


def test_a_pledge_is_found_by_its_title_and_place(search: SiteSearch) -> None:
    assert locations(search, "Test Charter")[0] == "pledges/test-charter/"
    # the words of two pages' names: both pages come first
    assert set(locations(search, "charter Exampleton")[:2]) == {
        "pledges/test-charter/", "cities/exampleton/"}


def test_a_commitment_is_found_in_its_pledge(search: SiteSearch) -> None:
    results = search.search("letting sale", pages_only=False)
    assert "pledges/test-charter/#fair-housing" in [r.location for r in results]


@pytest.mark.parametrize("name, folded", [
    ("São Paulo, Gdańsk, Łódź", "Sao Paulo, Gdansk, Lodz"),
    ("ŁÓDŹ", "LODZ"),
    ("Tromsø", "Tromso"),
    ("ØRESUND", "ORESUND"),
    ("Straße", "Strasse"),
    ("Zürich, Reykjavík, Ñandú, Kraków", "Zurich, Reykjavik, Nandu, Krakow"),
    ("İstanbul", "Istanbul"),
    ("Exampleton", "Exampleton"),
])
def test_names_fold_to_what_a_visitor_types_without_accents(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_names_are_found_without_their_accents(search: SiteSearch) -> None:
    for query in ("Sao Exemplo", "São Exemplo"):
        assert locations(search, query)[:2] == ["cities/sao-exemplo/",
                                                 "practices/school-mentors/"], query


def test_other_names_show_on_the_city_page_in_their_language(read_page: Any) -> None:
    html = read_page("cities/sao-exemplo/")
    assert '<dt>Also known as</dt> <dd><span lang="es">San Ejemplo</span> ' \
           '<span class="hub-muted">(Spanish)</span></dd>' in html


def test_accent_free_names_are_tags_beside_the_names(built_site: Path) -> None:
    """Shown among the result's tags, where a visitor who typed one sees it;
    never hidden text in the page."""
    city = index_entry(built_site, "cities/sao-exemplo/")
    assert city["tags"][:4] == ["São Exemplo", "Sao Exemplo", "San Ejemplo", "Brazil"]
    practice = index_entry(built_site, "practices/school-mentors/")
    assert practice["tags"][:2] == ["São Exemplo", "Sao Exemplo"]
    assert "Sao Exemplo" not in city["text"] and "Sao Exemplo" not in practice["text"]


@pytest.mark.parametrize("page, first", [
    ("practices/fair-letting/", "<p>An office that checks letting agents for discrimination.</p>"),
    ("cities/exampleton/", "<p>A fixture city.</p>"),
    # a city without a profile: a sentence of its facts
    ("cities/sao-exemplo/", "<p>São Exemplo is a city in Brazil and a member of ICCAR.</p>"),
    ("pledges/test-charter/", "<p>A charter used by the hub's tests.</p> "
                              "Adopted 10 December 2004, Exampleton <p>"),
    ("countries/gb/", "<p>The hub holds 1 city and 2 practices in United Kingdom.</p>"),
    ("themes/housing/", "<p>Fair access"),
    ("networks/eccar/", "<p>"),
])
def test_a_result_shows_the_pages_first_sentence(built_site: Path, page: str,
                                                 first: str) -> None:
    """The search box shows a page's first indexed text under its title: a
    sentence, not the kind of page, a fact box's labels or coordinates."""
    text = index_entry(built_site, page)["text"]
    assert text.startswith(first), text[:200]
    for label in ("Good practice ·", "City ·", "Pledge ·", "Country ·", "Theme ·",
                  "Network ·", "Location", "Commitments", "Issued by", "° N"):
        assert label not in text, (page, label)


def test_a_fact_box_stays_findable_by_its_tags(built_site: Path, search: SiteSearch) -> None:
    city = index_entry(built_site, "cities/exampleton/")
    assert city["tags"] == ["Exampleton", "United Kingdom",
                            "European Coalition of Cities against Racism (ECCAR)"]
    assert "cities/exampleton/" in locations(search, "ECCAR")


def test_metadata_goes_into_the_index_as_escaped_tags(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    page = next(d for d in index["docs"] if d["location"] == "practices/fair-letting/")
    assert page["tags"] == ["Exampleton", "United Kingdom", "Norby", "Housing",
                            "Anti-racism and non-discrimination", "Migrants and refugees",
                            "Exampleton Tenants&#x27; Union"]
    assert page["boost"] == 2.0


def test_the_fact_sheet_stays_out_of_the_indexed_text(built_site: Path,
                                                       search: SiteSearch) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    page = next(d for d in index["docs"] if d["location"] == "practices/fair-letting/")
    assert "Partner cities" not in page["text"] and "Status" not in page["text"]
    html = (built_site / "practices" / "fair-letting" / "index.html").read_text()
    assert '<dl class="hub-facts">' in html  # still on the page
    assert locations(search, "Tenants")[0] == "practices/fair-letting/"  # a partner, by tag


def index_entry(site: Path, location: str) -> dict[str, Any]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry: dict[str, Any] = next(d for d in index["docs"] if d["location"] == location)
    return entry


def test_hub_search_on_the_command_line(built_site: Path) -> None:
    result = subprocess.run([str(HUB), "search", "Exampleton", "--site", str(built_site),
                             "--limit", "3"], capture_output=True, text=True)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 1. ") and "/cities/exampleton/" in lines[0]
    assert "/practices/fair-letting/" in result.stdout
    missing = subprocess.run([str(HUB), "search", "x", "--site", "/nonexistent"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "build the site first" in missing.stderr


@pytest.mark.browser
def test_typing_a_city_in_the_search_box_shows_it_then_its_practices(
        browser: Any, served_site: str) -> None:
    page = browser.new_page()
    page.goto(served_site + "themes/", wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type("Exampleton", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    titles = results.locator("h1").all_inner_texts()
    assert titles[0] == "Exampleton"
    assert set(titles[1:3]) == {"Fair Letting Office", "Housing Advice Desk"}
    assert "A fixture city." in results.first.inner_text()
    # another spelling: without accents, or in another language
    for other in ("Sao Exemplo", "San Ejemplo"):
        page.locator(".md-search__input").fill("")
        page.keyboard.type(other, delay=20)
        page.locator(".md-search-result__meta").filter(has_text="match").wait_for()
        page.wait_for_function("document.querySelector('.md-search-result__item h1')"
                               ".textContent.trim() === 'São Exemplo'", timeout=10_000)
        assert f"<mark>{other.split()[0]}</mark>" in results.first.inner_html(), other
    page.close()


def test_tags_are_kept_once_per_page(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    sections = [d for d in index["docs"] if d["location"].startswith("practices/fair-letting/#")]
    assert sections and all("tags" not in d for d in sections)
    assert all(d["boost"] == 2.0 for d in sections)


# The hub's own content ------------------------------------------------------

@pytest.fixture(scope="module")
def own_search(hubs_own_site: Path) -> SiteSearch:
    return SiteSearch(hubs_own_site)


@pytest.fixture(scope="module")
def own_hub() -> Hub:
    hub, _ = load_hub(REPO)
    return hub


def test_every_name_of_a_city_or_pledge_finds_its_page_first(own_search: SiteSearch,
                                                             own_hub: Hub) -> None:
    """Each city's name, without its accents and in other languages, and each
    pledge's title: what it names comes first, before the practices whose
    tags hold the same words."""
    expected = {}
    for city in own_hub.cities.values():
        for name in (city.name, fold(city.name), *(o.name for o in city.other_names)):
            expected[name] = f"cities/{city.slug}/"
    expected.update({pledge.title: f"pledges/{pledge.slug}/"
                     for pledge in own_hub.pledges.values()})
    wrong = {query: locations(own_search, query)[:3] for query, page in expected.items()
             if locations(own_search, query)[:1] != [page]}
    assert len(expected) > 60 and wrong == {}


@pytest.mark.parametrize("query, page", [
    ("Barcelona", "cities/barcelona/"), ("Montevideo", "cities/montevideo/"),
    ("Barcelone", "cities/barcelona/"), ("Varsovie", "cities/warsaw/"),
    ("Sao Paulo", "cities/sao-paulo/"), ("Bogota", "cities/bogota/"),
    ("Medellin", "cities/medellin/"), ("Malmo", "cities/malmo/"),
    ("Gdansk", "cities/gdansk/"), ("Montreal", "cities/montreal/"),
    ("Gand", "cities/ghent/"), ("Koln", "cities/cologne/"), ("Lisbonne", "cities/lisbon/"),
    ("Nancy", "cities/nancy/"), ("Nancy declaration", "pledges/nancy-2018/"),
    ("Spain", "countries/es/"),
])
def test_what_visitors_type_finds_the_place(own_search: SiteSearch, query: str,
                                            page: str) -> None:
    assert locations(own_search, query)[0] == page


def test_the_hubs_own_results_begin_with_a_sentence(hubs_own_site: Path) -> None:
    pledge = index_entry(hubs_own_site, "pledges/nancy-2018/")["text"]
    assert pledge.startswith("<p>Declaration signed at the ICCAR Global Steering Committee")
    for page in ("cities/sao-paulo/", "cities/madrid/"):
        city = index_entry(hubs_own_site, page)["text"]
        assert city.startswith("<p>") and "°" not in city and "Website" not in city, page


# What the index reads of a page: the elements it skips are emptied while it
# reads (cityhub.site.search.without_excluded), and the index is the same.

def material_entries(html: str) -> list[dict[str, Any]]:
    """The entries Material's search plugin makes of a page holding ``html``."""
    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=html, toc=[], url="page/",
                                                 meta={}, title="Page"))
    return list(index.entries)


@pytest.mark.parametrize("html, emptied", [
    ('<p data-search-exclude><a href="x">City</a> · Spain</p>\n<p>Text.</p>', 1),
    ('<h1>A</h1><div data-search-exclude><ul><li><h2>Card</h2><p>x</p></li></ul></div>'
     '<h2 id="b">B</h2><p>b</p>', 1),
    ('<h2 data-search-exclude id="more">More</h2><p>left out</p><h2 id="c">C</h2><p>c</p>', 1),
    ('<p>a</p><figure data-search-exclude><svg><image href="w.svg"/></svg></figure><p>b</p>', 1),
    # what the parser does not skip whole is left as it is
    ('<p>a</p><div data-search-exclude><div>inner</div> kept?</div><p>b</p>', 0),
    ('<div data-search-exclude><h2 id="x">X</h2></div><p>after</p>', 0),
    ('<div data-search-exclude><p>open</div><p>lost</p>', 0),
    ('<div data-search-exclude><!-- </div> --></div><p>b</p>', 0),
    ('<div data-search-exclude data-search-boost="2"><p>x</p></div>', 0),
    ('<figure data-search-exclude><svg><image href="w.svg"></svg></figure><p>b</p>', 0),
    ('<p>a <img data-search-exclude src="x.png"> b</p>', 0),
])
def test_the_index_reads_skipped_elements_emptied_and_indexes_the_same(
        html: str, emptied: int) -> None:
    read, parts = without_excluded(html)
    assert len(parts) == emptied
    assert material_entries(read) == material_entries(html)
    assert with_excluded(read, parts) == html


def test_a_built_site_indexes_each_page_as_if_read_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page of the fixture site, built: the entries of the page the
    index read equal those of the whole page, and the published pages hold
    the skipped elements again."""
    whole: dict[str, str] = {}
    emptying = adapter.without_excluded

    def remembered(html: str) -> tuple[str, list[str]]:
        read, parts = emptying(html)
        whole[read] = html
        return read, parts
    different, emptied = [], []
    indexing = SearchIndex.add_entry_from_context

    def compared(self: SearchIndex, page: Any) -> None:
        indexing(self, page)
        if page.content not in whole or whole[page.content] == page.content:
            return
        emptied.append(page.file.src_uri)
        made = len(self.entries)
        again = SearchIndex(**self.config)
        page_read, page.content = page.content, whole[page.content]
        indexing(again, page)
        page.content = page_read
        if self.entries[made - len(again.entries):] != again.entries:
            different.append(page.file.src_uri)
    monkeypatch.setenv("HUB_JOBS", "1")
    monkeypatch.setattr(adapter, "without_excluded", remembered)
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", compared)
    site = build_site(make_site(tmp_path / "repo"))
    assert different == []
    assert {"cities/exampleton.md", "practices/fair-letting.md", "cities/index.md"} \
        <= set(emptied)
    city = (site / "cities" / "exampleton" / "index.html").read_text(encoding="utf-8")
    assert 'class="hub-facts" data-search-exclude>' in city and "data-hub-excluded" not in city


def test_the_index_is_written_again_compactly_from_the_entries_in_memory(tmp_path: Path) -> None:
    """The published index is the search plugin's, written in UTF-8: from the
    entries still in memory, reading back only the configuration at its head;
    from the file alone, each page's tags on its first entry only."""
    config = {"lang": ["en"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}}}
    docs = [{"location": "cities/sao-paulo/", "title": "São Paulo", "text": "",
             "tags": ["São Paulo", "Sao Paulo"], "boost": 5.0},
            {"location": "cities/sao-paulo/#pledges", "title": "Pledges", "text": "x",
             "tags": ["São Paulo", "Sao Paulo"], "boost": 5.0}]
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"config": config, "docs": docs}), encoding="utf-8")
    assert "\\u00e3" in index.read_text(encoding="utf-8")

    in_memory = [{**docs[0], "title": "in memory"}]
    assert compact_index(index, in_memory) == {"config": config, "docs": in_memory}
    assert index.read_text(encoding="utf-8") == json.dumps(
        {"config": config, "docs": in_memory}, ensure_ascii=False, separators=(",", ":"))

    # A configuration longer than one read of the file's head is read whole.
    long_config = {**config, "separator": "[\\s\\-]+" + "x" * 70_000}
    index.write_text(json.dumps({"config": long_config, "docs": docs}), encoding="utf-8")
    assert compact_index(index, in_memory) == {"config": long_config, "docs": in_memory}
    assert json.loads(index.read_text(encoding="utf-8")) == {"config": long_config,
                                                             "docs": in_memory}

    index.write_text(json.dumps({"config": config, "docs": docs}), encoding="utf-8")
    written = compact_index(index)
    assert [doc.get("tags") for doc in written["docs"]] == [["São Paulo", "Sao Paulo"], None]
    assert json.loads(index.read_text(encoding="utf-8")) == written
    assert "São Paulo" in index.read_text(encoding="utf-8")
