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
from typing import Any

import pytest

from cityhub.site.search import SiteSearch, fold

HUB = Path(sys.executable).with_name("hub")
LISTINGS = ("practices/", "cities/", "pledges/", "themes/", "networks/", "countries/", "sdgs/")


@pytest.fixture(scope="module")
def search(built_site: Path) -> SiteSearch:
    return SiteSearch(built_site)


def locations(search: SiteSearch, query: str) -> list[str]:
    return [r.location for r in search.search(query)]


def test_a_city_name_finds_its_practices_first_then_the_city(search: SiteSearch) -> None:
    found = locations(search, "Exampleton")
    assert set(found[:2]) == {"practices/fair-letting/", "practices/housing-advice/"}
    assert found[2] == "cities/exampleton/"


def test_listing_pages_do_not_flood_results(search: SiteSearch) -> None:
    for query in ("Exampleton", "School Mentors", "Norby"):
        assert not [loc for loc in locations(search, query) if loc in LISTINGS or loc == ""], query


def test_a_country_finds_its_cities_and_their_practices(search: SiteSearch) -> None:
    found = locations(search, "United Kingdom")
    assert found[0] in ("practices/fair-letting/", "practices/housing-advice/")
    assert "cities/exampleton/" in found and "countries/gb/" in found
    assert locations(search, "Norway")[:2] == ["cities/norby/", "countries/no/"]


def test_a_theme_finds_its_practices_before_the_theme_page(search: SiteSearch) -> None:
    found = locations(search, "housing")
    assert set(found[:2]) == {"practices/fair-letting/", "practices/housing-advice/"}
    assert "themes/housing/" in found
    assert "practices/school-mentors/" not in found


def test_a_target_group_finds_its_practices(search: SiteSearch) -> None:
    assert locations(search, "youth")[0] == "practices/school-mentors/"


def test_a_pledge_is_found_by_its_title_and_place(search: SiteSearch) -> None:
    assert locations(search, "Test Charter")[0] == "pledges/test-charter/"
    assert locations(search, "charter Exampleton")[0] in (
        "pledges/test-charter/", "practices/fair-letting/", "practices/housing-advice/")


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
    assert set(locations(search, "Sao Exemplo")[:2]) == {"cities/sao-exemplo/",
                                                          "practices/school-mentors/"}
    assert set(locations(search, "São Exemplo")[:2]) == {"cities/sao-exemplo/",
                                                          "practices/school-mentors/"}


def test_results_read_as_kind_place_and_summary(search: SiteSearch) -> None:
    result = search.search("Fair Letting")[0]
    assert result.title == "Fair Letting Office"
    assert result.text.startswith("Good practice · Exampleton, United Kingdom "
                                  "An office that checks letting agents for discrimination.")


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


def test_hub_search_on_the_command_line(built_site: Path) -> None:
    result = subprocess.run([str(HUB), "search", "Exampleton", "--site", str(built_site),
                             "--limit", "3"], capture_output=True, text=True)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 1. ") and "/practices/" in lines[0]
    assert "/cities/exampleton/" in result.stdout
    missing = subprocess.run([str(HUB), "search", "x", "--site", "/nonexistent"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "build the site first" in missing.stderr


@pytest.mark.browser
def test_typing_in_the_search_box_shows_practices(browser: Any, served_site: str) -> None:
    page = browser.new_page()
    page.goto(served_site + "themes/", wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type("Exampleton", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    titles = results.locator("h1").all_inner_texts()
    assert set(titles[:2]) == {"Fair Letting Office", "Housing Advice Desk"}
    assert "Exampleton" in titles
    assert "Good practice · Exampleton, United Kingdom" in results.first.inner_text()
    page.close()


def test_tags_are_kept_once_per_page(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    sections = [d for d in index["docs"] if d["location"].startswith("practices/fair-letting/#")]
    assert sections and all("tags" not in d for d in sections)
    assert all(d["boost"] == 2.0 for d in sections)
