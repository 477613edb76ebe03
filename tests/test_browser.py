"""What a visitor's browser does with the site: Chromium, driven by Playwright."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import visit

pytestmark = pytest.mark.browser


def test_a_visitor_goes_from_a_practice_to_its_city_and_pledge(
    browser: Any, served_site: str
) -> None:
    page, foreign, errors = visit(browser, served_site + "practices/fair-letting/")
    assert page.locator("h1").inner_text() == "Fair Letting Office"
    assert page.locator(".hub-facts").get_by_text("Ongoing").is_visible()
    page.locator(".hub-facts").get_by_role("link", name="Exampleton").click()
    page.wait_for_url("**/cities/exampleton/")
    assert page.locator("h1").inner_text() == "Exampleton"
    assert page.locator("#hub-practices ~ div .hub-cards [data-practice]").count() == 2
    page.get_by_role("link", name="Test Charter of Inclusive Towns").first.click()
    page.wait_for_url("**/pledges/test-charter/")
    assert page.locator("h3#fair-housing").is_visible()
    assert foreign == [] and errors == []
    page.context.close()


def test_pages_make_no_request_to_another_host(browser: Any, served_site: str) -> None:
    for url in ("", "practices/", "practices/school-mentors/", "cities/", "cities/sao-exemplo/",
                "pledges/", "pledges/test-declaration/", "themes/", "themes/housing/",
                "networks/iccar/", "countries/gb/", "sdgs/10/", "data/", "about/",
                "contribute/", "404.html"):
        page, foreign, errors = visit(browser, served_site + url)
        assert foreign == [], url
        assert errors == [], url
        page.context.close()


def test_a_practice_page_fits_a_phone(browser: Any, served_site: str) -> None:
    page, _, _ = visit(browser, served_site + "practices/fair-letting/", width=375)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator(".hub-facts").is_visible()
    page.context.close()


def shown_practices(page: Any) -> list[str]:
    return sorted(page.locator(".hub-card:visible").evaluate_all(
        "cards => cards.map(card => card.dataset.practice)"))


def test_explore_filters_combine_and_live_in_the_url(browser: Any, served_site: str) -> None:
    page, foreign, errors = visit(browser, served_site + "practices/")
    assert shown_practices(page) == ["fair-letting", "housing-advice", "school-mentors"]
    page.locator('input[name="theme"][value="housing"]').check()
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    assert "theme=housing" in page.url
    assert page.locator("#hub-result-count").inner_text().startswith("2 practices match")
    # Counts say what ticking a choice would give: no Brazilian practice on housing.
    country = page.locator('details[data-facet="country"]')
    country.locator("summary").click()
    assert country.locator('label:has(input[value="BR"]) [data-count]').inner_text() == "0"
    status = page.locator('details[data-facet="status"]')
    status.locator("summary").click()
    status.locator('input[value="ongoing"]').check()
    assert shown_practices(page) == ["fair-letting"]
    shared = page.url
    page.goto(shared, wait_until="networkidle")
    page.locator("#hub-filters").wait_for(state="visible")  # shown once the filters ran
    assert shown_practices(page) == ["fair-letting"]
    assert page.locator('input[name="theme"][value="housing"]').is_checked()
    page.go_back(wait_until="networkidle")  # one filter fewer
    page.locator('[data-practice="housing-advice"]').wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    page.get_by_role("button", name="Clear filters").click()  # the form resets, then filters
    page.locator('[data-practice="school-mentors"]').wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting", "housing-advice", "school-mentors"]
    page.locator('input[name="from"]').fill("2016")
    page.locator('input[name="from"]').press("Tab")
    assert shown_practices(page) == ["housing-advice", "school-mentors"]
    assert foreign == [] and errors == []
    page.context.close()


def test_explore_choices_of_one_facet_add_up(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/")
    page.locator('input[name="theme"][value="anti-racism"]').check()
    assert shown_practices(page) == ["fair-letting"]
    # fair-letting is on housing and anti-racism: a practice on either is shown
    page.locator('input[name="theme"][value="housing"]').check()
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    page.locator('input[name="theme"][value="education"]').check()
    assert shown_practices(page) == ["fair-letting", "housing-advice", "school-mentors"]
    status = page.locator('details[data-facet="status"]')
    status.locator("summary").click()
    status.locator('input[value="pilot"]').check()
    status.locator('input[value="completed"]').check()
    assert shown_practices(page) == ["housing-advice", "school-mentors"]
    query = parse_qs(urlsplit(page.url).query)
    assert {name: sorted(values) for name, values in query.items()} == {
        "theme": ["anti-racism", "education", "housing"], "status": ["completed", "pilot"]}
    page.reload(wait_until="networkidle")
    page.locator("#hub-filters").wait_for(state="visible")
    assert shown_practices(page) == ["housing-advice", "school-mentors"]
    ticked = page.locator("#hub-filters input:checked").evaluate_all(
        "inputs => inputs.map(input => input.name + '=' + input.value)")
    assert sorted(ticked) == ["status=completed", "status=pilot", "theme=anti-racism",
                              "theme=education", "theme=housing"]
    assert errors == []
    page.context.close()


def test_explore_words_and_years_live_in_the_url(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/")
    page.locator("#hub-q").fill("housing")
    page.wait_for_url("**/practices/?words=housing", timeout=5000)
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    for name, year in (("from", "2010"), ("to", "2020")):
        page.locator(f'input[name="{name}"]').fill(year)
        page.locator(f'input[name="{name}"]').press("Tab")
    assert shown_practices(page) == ["fair-letting"]  # 2015; housing-advice started in 2024
    assert parse_qs(urlsplit(page.url).query) == {"words": ["housing"], "from": ["2010"],
                                                  "to": ["2020"]}
    page.reload(wait_until="networkidle")
    page.locator("#hub-filters").wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting"]
    assert [page.locator(f'#hub-filters [name="{name}"]').input_value()
            for name in ("words", "from", "to")] == ["housing", "2010", "2020"]
    page.go_back(wait_until="networkidle")  # before "to" was set
    page.locator('[data-practice="housing-advice"]').wait_for(state="visible")
    assert page.locator('input[name="to"]').input_value() == ""
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    assert errors == []
    page.context.close()


def test_explore_text_filter_ignores_accents(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/?words=S%C3%A3o+Exemplo")
    page.locator("#hub-filters").wait_for(state="visible")
    assert shown_practices(page) == ["school-mentors"]
    page.locator("#hub-q").fill("letting")
    page.locator('[data-practice="fair-letting"]').wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting"]
    assert errors == []
    page.context.close()


def test_explore_downloads_the_practices_shown(browser: Any, served_site: str) -> None:
    page, _, _ = visit(browser, served_site + "practices/?theme=housing")
    page.locator("#hub-filters").wait_for(state="visible")
    with page.expect_download() as download:
        page.locator('[data-download="csv"]').click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["slug"] for r in rows) == ["fair-letting", "housing-advice"]
    with page.expect_download() as download:
        page.locator('[data-download="json"]').click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["count"] == 2
    assert sorted(p["slug"] for p in data["practices"]) == ["fair-letting", "housing-advice"]
    page.context.close()


def test_explore_without_javascript_lists_every_practice(browser: Any, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "practices/?theme=housing")
    assert shown_practices(page) == ["fair-letting", "housing-advice", "school-mentors"]
    assert not page.locator("#hub-filters").is_visible()
    context.close()


def test_explore_and_the_map_fit_a_phone(browser: Any, served_site: str) -> None:
    for url in ("practices/", "cities/", "cities/exampleton/"):
        page, _, errors = visit(browser, served_site + url, width=375)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
        assert errors == [], url
        page.context.close()


def test_the_map_shows_a_marker_per_city_linking_to_it(browser: Any, served_site: str) -> None:
    page, foreign, _ = visit(browser, served_site + "cities/")
    markers = page.locator(".hub-map__marker")
    assert markers.count() == 3
    assert all(box and box["width"] > 0 for box in
               (markers.nth(i).bounding_box() for i in range(3)))
    page.locator('.hub-map__marker[data-city="norby"]').click()
    page.wait_for_url("**/cities/norby/")
    assert foreign == []
    page.context.close()
