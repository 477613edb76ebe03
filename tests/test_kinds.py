"""Each kind of page, without a site engine: its address, its pages, its search profile.

These read the fixture site's content and generate its pages in memory, in
milliseconds; full builds (``test_build.py``) check the published HTML.
"""

from __future__ import annotations

import pytest

from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.site.kinds import (
    KINDS,
    PUBLISHED_KINDS,
    BrokenPage,
    CityPage,
    CountryPage,
    GeneratedPage,
    PledgePage,
    PracticePage,
    url_for,
)
from cityhub.site.search import SearchProfile
from conftest import SITE_FIXTURE


@pytest.fixture(scope="module")
def hub() -> Hub:
    hub, problems = load_hub(SITE_FIXTURE, include_drafts=False)
    assert not problems.report_lines()
    return hub


@pytest.mark.parametrize(("kind", "key", "address"), [
    ("practices", None, "practices/"),
    ("practice", "fair-letting", "practices/fair-letting/"),
    ("cities", None, "cities/"),
    ("city", "norby", "cities/norby/"),
    ("pledges", None, "pledges/"),
    ("pledge", "test-charter", "pledges/test-charter/"),
    ("commitment", "test-charter#fair-housing", "pledges/test-charter/#fair-housing"),
    ("themes", None, "themes/"),
    ("theme", "housing", "themes/housing/"),
    ("target-groups", None, "target-groups/"),
    ("target-group", "youth", "target-groups/youth/"),
    ("networks", None, "networks/"),
    ("network", "eccar", "networks/eccar/"),
    ("countries", None, "countries/"),
    ("country", "BR", "countries/br/"),
    ("sdgs", None, "sdgs/"),
    ("sdg", 4, "sdgs/4/"),
])
def test_every_kind_owns_its_address(kind: str, key: str | int | None, address: str) -> None:
    assert url_for(kind, key) == address


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(KeyError):
        url_for("theme-page", "housing")


def test_each_page_lives_at_its_kinds_address(hub: Hub) -> None:
    for kind in PUBLISHED_KINDS:
        for page in kind(hub).pages():
            assert page.url == kind.path(page.key)
            assert page.src_uri.removesuffix(".md").removesuffix("index") \
                == page.url.removesuffix("/") + ("/" if page.key is None else "")


def test_every_published_kind_is_named_once() -> None:
    assert len(KINDS) == len(PUBLISHED_KINDS)
    assert BrokenPage.name not in KINDS


def test_a_practice_page_holds_its_facts_as_search_tags(hub: Hub) -> None:
    practice = hub.practices["fair-letting"]
    page = next(p for p in PracticePage(hub).pages() if p.key == "fair-letting")
    city = hub.city_of(practice)
    assert page.title == practice.title
    assert page.edit_path == practice.source_path
    assert city.name in page.tags
    assert all(hub.themes.label(t) in page.tags for t in practice.themes)
    meta = page.meta()
    assert meta["search"] == {"boost": SearchProfile.PRACTICE.boost}
    assert meta["tags"][0] == city.name


def test_search_weighs_named_pages_over_practices_over_terms_over_listings() -> None:
    boost = {name: kind.search.boost for name, kind in KINDS.items()}
    # a country before its cities, a city before a pledge named after it
    assert boost["country"] > boost["city"] > boost["pledge"]
    # above practices by more than a word repeated in a practice's tags can
    # weigh: BM25 with k1 = 1.2 gives at most (k1 + 1) times one occurrence
    assert boost["pledge"] > 2.2 * boost["practice"]
    assert boost["practice"] > boost["theme"] > boost["themes"]


def test_pages_of_places_and_pledges_hold_their_names_as_tags(hub: Hub) -> None:
    city = next(p for p in CityPage(hub).pages() if p.key == "sao-exemplo")
    assert city.tags == ("São Exemplo", "Sao Exemplo", "San Ejemplo", "Brazil",
                         "International Coalition of Inclusive and Sustainable Cities (ICCAR)")
    pledge = next(p for p in PledgePage(hub).pages() if p.key == "test-charter")
    assert pledge.tags[0] == "Test Charter of Inclusive Towns"
    country = next(p for p in CountryPage(hub).pages() if p.key == "BR")
    assert country.tags == ("Brazil",)


def test_lists_of_other_pages_are_filled_after_the_index_read_the_page() -> None:
    assert KINDS["practice"].search.late_blocks == {"facts", "related"}
    assert KINDS["practices"].search.late_blocks == {"content"}
    assert not KINDS["city"].search.late_blocks


def test_metadata_is_escaped_text_never_markup(hub: Hub) -> None:
    page = GeneratedPage(PracticePage(hub), "x", "<b>Bold</b> & co", "text",
                         description='say "hi"', tags=("<i>", "<i>", "a&b"))
    meta = page.meta()
    assert meta["title"] == "&lt;b&gt;Bold&lt;/b&gt; &amp; co"
    assert meta["description"] == "say &quot;hi&quot;"
    assert meta["tags"] == ["&lt;i&gt;", "a&amp;b"]


def test_a_page_without_headings_gives_its_room_to_the_content(hub: Hub) -> None:
    kind = PracticePage(hub)
    assert GeneratedPage(kind, "x", "T", "text").meta()["hide"] == ["navigation", "toc"]
    assert GeneratedPage(kind, "x", "T", "## A\n").meta()["hide"] == ["navigation"]


def test_target_groups_have_a_page_each(hub: Hub) -> None:
    pages = list(KINDS["target-group"](hub).pages())
    assert [p.key for p in pages] == [g.id for g in hub.target_groups]
    assert all(p.template == "target_group.html" for p in pages)
