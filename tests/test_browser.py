"""What a visitor's browser does with the site: Chromium, driven by Playwright."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import visit, visit_each

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
    for url, _, foreign, errors in visit_each(browser, served_site, (
            "", "practices/", "practices/school-mentors/", "cities/", "cities/sao-exemplo/",
            "pledges/", "pledges/test-declaration/", "themes/", "themes/housing/",
            "networks/iccar/", "countries/gb/", "sdgs/10/", "data/", "about/",
            "contribute/", "404.html")):
        assert foreign == [], url
        assert errors == [], url


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
    page.locator('input[name="from"]').fill("2016")  # applies as typed, no Tab needed
    page.locator('[data-practice="fair-letting"]').wait_for(state="hidden")
    assert shown_practices(page) == ["housing-advice", "school-mentors"]
    assert "from=2016" in page.url
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
    entries = page.evaluate("history.length")
    page.locator("#hub-q").fill("housing")
    page.wait_for_url("**/practices/?words=housing", timeout=5000)
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    for name, year in (("from", "2010"), ("to", "2020")):
        page.locator(f'input[name="{name}"]').fill(year)
    # Typed filters apply after a short pause, and update the address in place:
    # typing adds no step to the browser's history.
    page.wait_for_url("**to=2020*", timeout=5000)
    assert shown_practices(page) == ["fair-letting"]  # 2015; housing-advice started in 2024
    assert parse_qs(urlsplit(page.url).query) == {"words": ["housing"], "from": ["2010"],
                                                  "to": ["2020"]}
    assert page.evaluate("history.length") == entries
    page.reload(wait_until="networkidle")
    page.locator("#hub-filters").wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting"]
    assert [page.locator(f'#hub-filters [name="{name}"]').input_value()
            for name in ("words", "from", "to")] == ["housing", "2010", "2020"]
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
    for url, page, _, errors in visit_each(
            browser, served_site, ("practices/", "cities/", "cities/exampleton/"), width=375):
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
        assert errors == [], url


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


# Layout shift: what a visitor on a slow connection sees move ----------------

#: Lighthouse's "good" threshold is 0.1; the hub holds itself to half of it
CLS_LIMIT = 0.05
LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 200);
})"""


class LateData:
    """The page's data (its JSON files) held back until released: a slow
    connection, whose data arrives after the page is shown."""

    def __init__(self) -> None:
        self.held: list[Any] = []
        self.released = False

    def __call__(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("url", ["practices/", "submit/"])
def test_nothing_moves_when_the_data_of_a_page_arrives_late(
        browser: Any, served_site: str, url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    late = LateData()
    page.route("**/*.json", late)
    page.goto(served_site + url, wait_until="domcontentloaded")
    # Before the data: the form is there, and no notice says JavaScript is off.
    assert page.locator("form").first.is_visible()
    assert not page.locator(".hub-submit-nojs").is_visible()
    # The data arrives once the page is on screen.
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length")
    late.release()
    page.wait_for_load_state("networkidle")  # the late data has arrived and been used
    page.wait_for_timeout(300)
    shift = page.evaluate(LAYOUT_SHIFT)
    assert shift < CLS_LIMIT, f"{url} at {width} px: cumulative layout shift {shift:.3f}"
    context.close()


def test_the_form_says_it_needs_javascript_only_when_it_is_off(
        browser: Any, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "submit/")
    notice = page.locator(".hub-submit-nojs")  # in a <noscript>: text locators skip it
    assert notice.is_visible() and "needs JavaScript" in notice.inner_text()
    assert not page.locator("#hub-submit-form").is_visible()
    context.close()


# The explore page ------------------------------------------------------------

def card_order(page: Any) -> list[str]:
    return page.locator(".hub-card:visible").evaluate_all(
        "cards => cards.map(card => card.dataset.practice)")


def test_explore_sorts_and_keeps_the_order_in_the_url(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/")
    assert card_order(page) == ["fair-letting", "housing-advice", "school-mentors"]  # by title
    page.locator("#hub-sort").select_option("started")
    assert card_order(page) == ["housing-advice", "school-mentors", "fair-letting"]
    assert "sort=started" in page.url
    page.goto(served_site + "practices/?sort=city&theme=housing", wait_until="networkidle")
    assert page.locator("#hub-sort").input_value() == "city"
    assert card_order(page) == ["fair-letting", "housing-advice"]
    assert errors == []
    page.context.close()


def test_explore_reports_a_filter_it_does_not_know_and_suggests_one(
        browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/?theme=houssing")
    notice = page.locator("#hub-explore-notice")
    assert notice.is_visible()
    assert "theme=houssing" in notice.inner_text()
    notice.get_by_role("button", name="Use \u201ctheme=housing\u201d instead").click()
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    assert "theme=housing" in page.url
    assert not notice.is_visible()
    assert errors == []
    page.context.close()


def test_explore_offers_a_way_out_of_zero_results(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site + "practices/?theme=housing")
    page.locator("#hub-q").fill("mentors")
    none = page.locator("#hub-explore-none")
    none.wait_for(state="visible")
    assert shown_practices(page) == []
    search = none.get_by_role("link", name="Search the whole site instead")
    assert search.get_attribute("href").endswith("?q=mentors")
    none.get_by_role("button", name="Remove the last filter (words \u201cmentors\u201d)").click()
    assert shown_practices(page) == ["fair-letting", "housing-advice"]
    page.locator("#hub-q").fill("mentors")
    none.wait_for(state="visible")
    none.get_by_role("button", name="Clear all filters").click()
    page.locator('[data-practice="school-mentors"]').wait_for(state="visible")
    assert shown_practices(page) == ["fair-letting", "housing-advice", "school-mentors"]
    assert errors == []
    page.context.close()


# Phones ------------------------------------------------------------------------

def test_the_cities_table_fits_a_small_phone_without_breaking_names(
        browser: Any, served_site: str) -> None:
    page, _, _ = visit(browser, served_site + "cities/", width=360)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    table = page.locator("table.hub-table")
    assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0  # no sideways scroll
    # A one-word name on one line: "United Kingdom" may wrap between its words only.
    lines = page.locator("table.hub-table td a").evaluate_all("""links => links.map(a => {
        const words = a.textContent.trim().split(/\\s+/).length;
        return [a.textContent, a.getClientRects().length, words]; })""")
    assert lines and all(rects <= words for _, rects, words in lines), lines
    page.context.close()


def test_the_map_can_be_enlarged_on_a_phone_without_a_script(
        browser: Any, served_site: str) -> None:
    page, foreign, _ = visit(browser, served_site + "cities/", width=390)
    small = page.locator(".hub-map__svg").bounding_box()
    page.get_by_role("link", name="Enlarge the map").click()
    large = page.locator(".hub-map__svg").bounding_box()
    assert small and large and large["width"] > 2 * small["width"]
    assert page.get_by_role("link", name="Close the enlarged map").is_visible()
    page.get_by_role("link", name="Close the enlarged map").click()
    assert not page.get_by_role("link", name="Close the enlarged map").is_visible()
    assert foreign == []
    page.context.close()


def test_a_collapsible_figure_lines_up_with_the_text(browser: Any, served_site: str) -> None:
    """The summary of a figure's table starts where the article's text starts,
    on a phone as on a laptop (Material's collapsible blocks reach into the margin)."""
    for width in (390, 1280):
        page, _, _ = visit(browser, served_site + "pledges/test-charter/", width=width)
        left = page.evaluate("""() => {
          const summary = document.querySelector('details.hub-progress-details > summary');
          const text = summary.closest('article').querySelector('p');
          return [summary.getBoundingClientRect().x, text.getBoundingClientRect().x]; }""")
        assert left[0] == left[1], (width, left)
        page.context.close()
