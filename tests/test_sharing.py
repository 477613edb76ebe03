"""What shared links, search engines and crawlers read of the site: link
previews, schema.org data, robots.txt, titles and descriptions of a fit length."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cityhub.build import is_local, robots_txt
from conftest import build_site

PAGES = ("", "practices/", "practices/fair-letting/", "cities/", "cities/exampleton/",
         "pledges/test-charter/", "themes/housing/", "about/", "submit/")


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def linked_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    data: dict[str, object] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_link_preview_with_absolute_addresses(
        read_page: Callable[[str], str], url: str) -> None:
    html = read_page(url)
    for key in ("og:title", "og:description", "og:url", "og:image", "twitter:card",
                "twitter:image"):
        assert meta(html, key), f"{url}: no {key}"
    for key in ("og:url", "og:image", "twitter:image"):
        assert (meta(html, key) or "").startswith("http://127.0.0.1:8000/"), f"{url}: {key}"
    assert meta(html, "og:image") == "http://127.0.0.1:8000/assets/hub-card.png"


def test_the_shared_image_is_a_png_made_by_the_build(built_site: Path) -> None:
    image = (built_site / "assets" / "hub-card.png").read_bytes()
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert image[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_a_practice_is_an_article_located_in_its_city(read_page: Callable[[str], str]) -> None:
    data = linked_data(read_page("practices/fair-letting/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "Fair Letting Office"
    assert data["url"] == "http://127.0.0.1:8000/practices/fair-letting/"
    place = data["contentLocation"]
    assert isinstance(place, dict) and place["@type"] == "Place"
    assert place["name"] == "Exampleton" and place["address"]["addressCountry"] == "GB"
    assert data["publisher"]["@type"] == "Organization"  # type: ignore[index]


def test_cities_pledges_and_the_hub_describe_themselves(
        read_page: Callable[[str], str]) -> None:
    assert linked_data(read_page("cities/exampleton/"))["@type"] == "Place"
    pledge = linked_data(read_page("pledges/test-charter/"))
    assert pledge["@type"] == "CreativeWork" and pledge["hasPart"]
    graph = linked_data(read_page(""))["@graph"]
    assert {node["@type"] for node in graph} == {"Organization", "WebSite"}  # type: ignore[union-attr, index]


@pytest.mark.parametrize("url", PAGES)
def test_titles_and_descriptions_fit_search_results(
        read_page: Callable[[str], str], url: str) -> None:
    html = read_page(url)
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and len(title.group(1).strip()) <= 70, url
    description = meta(html, "description")
    assert description and len(description) <= 160 + description.count("&") * 5, url


def test_robots_txt_allows_crawling_and_names_the_sitemap_of_a_real_address(
        built_site: Path) -> None:
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert robots_txt("https://hub.example.org/").decode().endswith(
        "Sitemap: https://hub.example.org/sitemap.xml\n")
    assert is_local("http://127.0.0.1:8000/") and is_local("http://localhost:8000/")
    assert not is_local("https://owner.github.io/hub/")


def test_a_build_without_a_public_address_says_so_without_failing(
        site_root: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    build_site(site_root)  # --strict: a logged warning would fail it
    assert "notice: SITE_URL is not set" in capfd.readouterr().err
