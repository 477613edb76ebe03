"""Pledge progress on the built site: each pledge's table, each city's
commitments done and not yet, /progress/, and the submission links they hold."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conftest import serious_violations, visit


def test_a_pledge_page_has_an_accessible_table_of_cities_by_commitment(read_page: Any) -> None:
    page = read_page("pledges/test-charter")
    table = page[page.index('class="hub-table hub-progress-table"'):]
    table = table[:table.index("</table>")]
    assert "<caption>Practices recorded in the hub for Test Charter" in table
    assert table.count('<th scope="col">') == 5  # city, three commitments, the total
    assert '<th scope="row"><a href="../../cities/exampleton/">Exampleton</a>' in table
    assert "signed 10 December 2004" in table
    # A practice of a city that took no part is counted apart, not in a city's row.
    assert "Also put into action by cities that did not take part" in table
    assert "not a judgement of whether a city has kept its pledge" in page
    assert "Content last changed on" in page


def test_a_chair_is_a_row_with_its_role_and_a_draft_is_never_shown(read_page: Any) -> None:
    page = read_page("pledges/test-declaration")
    row = re.search(r'<th scope="row"><a href="../../cities/norby/">Norby</a>(.*?)</th>',
                    page, re.S)
    assert row and "Chair" in row.group(1)
    assert "3 cities that took part" in page
    assert "unfinished" not in read_page("progress/test-declaration")


def test_a_city_page_says_which_commitments_are_in_action_and_which_not_yet(
        read_page: Any) -> None:
    page = read_page("cities/exampleton")
    assert 'id="progress-test-charter"' in page and 'id="progress-test-declaration"' in page
    links = re.findall(r'href="(\.\./\.\./submit/\?[^"]+)"', page)
    assert "../../submit/?city=exampleton&amp;commitment=test-charter%23education" in links
    assert "../../submit/?city=exampleton&amp;commitment=test-declaration%23share" in links
    assert not any("fair-housing" in link for link in links)  # already in action


def test_the_progress_overview_lists_every_pledge_with_its_shares(read_page: Any) -> None:
    page = read_page("progress")
    assert page.count('role="img"') == 4  # two bars per pledge with cities
    assert "<title>3 of 3 commitments put into action (100%)</title>" in page
    assert "1 of 3 cities that took part has a practice (33%)" in page
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', page)
    assert tabs[tabs.index("Pledges") + 1] == "Progress"


def test_a_submission_link_opens_the_form_with_city_and_commitment_chosen(
        browser: Any, served_site: str) -> None:
    page, foreign, errors = visit(browser, served_site + "cities/exampleton/")
    link = page.locator('a.hub-submit-link[href*="test-charter%23education"]')
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query == {"city": ["exampleton"], "commitment": ["test-charter#education"]}
    link.click()
    page.locator("#hub-submit-form").wait_for()
    # The form shows at once; its script chooses the city and commitment when it runs.
    from playwright.sync_api import expect

    expect(page.locator("#hub-submit-city")).to_have_value("Exampleton")
    box = page.locator('input[name="commitments"][value="test-charter#education"]')
    assert box.is_checked() and box.is_visible()
    assert page.locator('input[name="commitments"]:checked').count() == 1
    assert foreign == [] and errors == []


def test_progress_pages_pass_an_accessibility_audit_at_phone_width(
        browser: Any, served_site: str) -> None:
    for path in ("progress/", "pledges/test-charter/"):
        page, _, _ = visit(browser, served_site + path, width=390)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert serious_violations(page, path) == []
        page.context.close()
