"""What a visitor's browser does with the site: Chromium, driven by Playwright."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def visit(browser: Any, url: str, width: int = 1280) -> tuple[Any, list[str], list[str]]:
    """Open ``url``; return the page, requests to other hosts and console errors."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    own_host = urlsplit(url).netloc
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).netloc not in (own_host, "") else None)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    return page, foreign, errors


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
    for url in ("", "practices/", "practices/school-mentors/", "cities/sao-exemplo/",
                "pledges/test-declaration/", "themes/housing/", "networks/iccar/"):
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
