"""Explore: facets over the practices, the data behind them, and the city maps."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.site.explore import explore_data, facets
from cityhub.site.maps import WORLD, around, project, spread, world_svg
from conftest import SITE_FIXTURE


@pytest.fixture(scope="module")
def hub() -> Hub:
    hub, problems = load_hub(SITE_FIXTURE, include_drafts=False)
    assert not problems
    return hub


def choices(hub: Hub, facet_id: str) -> dict[str, int]:
    facet = next(f for f in facets(hub) if f.id == facet_id)
    return {c.value: c.count for c in facet.choices}


def test_facets_count_the_practices_of_each_choice(hub: Hub) -> None:
    assert choices(hub, "theme") == {"anti-racism": 1, "migrants-refugees": 1, "housing": 2,
                                     "education": 1}
    assert choices(hub, "country") == {"BR": 1, "GB": 2}
    assert choices(hub, "region") == {"Americas": 1, "Europe": 2}
    assert choices(hub, "status") == {"pilot": 1, "ongoing": 1, "completed": 1}
    assert choices(hub, "pledge") == {"test-charter": 2, "test-declaration": 1}
    assert choices(hub, "commitment")["test-charter#fair-housing"] == 1
    assert choices(hub, "sdg") == {"4": 1, "10": 1, "11": 1}
    assert choices(hub, "network") == {"eccar": 2, "iccar": 1}


def test_choices_without_practices_are_left_out_and_labelled(hub: Hub) -> None:
    theme = next(f for f in facets(hub) if f.id == "theme")
    assert all(c.count > 0 for c in theme.choices)
    assert {c.value: c.label for c in theme.choices}["housing"] == "Housing"
    commitment = next(f for f in facets(hub) if f.id == "commitment")
    assert {c.group for c in commitment.choices} == {"Test Charter of Inclusive Towns",
                                                      "Test Declaration"}


def test_explore_data_gives_each_practice_its_choices_by_index(hub: Hub) -> None:
    data: dict[str, Any] = explore_data(hub)
    facet_ids = [f["id"] for f in data["facets"]]
    rows = {row[0]: row for row in data["practices"]}
    assert list(rows) == list(hub.practices)  # the order of the cards

    def values(slug: str, facet_id: str) -> set[str]:
        f = facet_ids.index(facet_id)
        return {data["facets"][f]["values"][i] for i in rows[slug][2 + f]}

    assert rows["school-mentors"][1] == 2016
    assert values("school-mentors", "theme") == {"education", "migrants-refugees"}
    assert values("school-mentors", "pledge") == {"test-declaration", "test-charter"}
    assert values("fair-letting", "region") == {"Europe"}
    assert values("housing-advice", "commitment") == set()


def test_the_explore_page_lists_every_practice_with_a_control_per_choice(
    built_site: Path, hub: Hub
) -> None:
    html = (built_site / "practices" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-practice="([^"]+)"', html) == list(hub.practices)
    for facet in facets(hub):
        for choice in facet.choices:
            assert f'name="{facet.id}" value="{choice.value}"' in html
    assert 'aria-live="polite"' in html
    data = json.loads((built_site / "practices" / "explore.json").read_text(encoding="utf-8"))
    assert [row[0] for row in data["practices"]] == list(hub.practices)


def test_theme_country_and_pledge_pages_link_into_the_explore_page(built_site: Path) -> None:
    for page, query in (("themes/housing/", "theme=housing"), ("countries/gb/", "country=GB"),
                        ("pledges/test-charter/", "pledge=test-charter")):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="../../practices/?{query}"' in html, page


def test_the_cities_map_has_a_marker_per_city_inside_the_world(built_site: Path,
                                                                hub: Hub) -> None:
    html = (built_site / "cities" / "index.html").read_text(encoding="utf-8")
    markers = re.findall(r'<a href="[^"]*" class="hub-map__marker[^"]*" data-city="([^"]+)"', html)
    assert sorted(markers) == sorted(hub.cities)
    world = re.search(r'<image href="\.\./(assets/world\.[0-9a-f]{10}\.svg)"', html)
    assert world and (built_site / world.group(1)).read_bytes().startswith(b"<svg")
    city = (built_site / "cities" / "exampleton" / "index.html").read_text(encoding="utf-8")
    assert city.count('class="hub-map__marker') == 1


def test_the_projection_keeps_places_in_order_and_on_the_map() -> None:
    west, east = project(0, -170), project(0, 170)
    north, south = project(60, 0), project(-40, 0)
    assert west[0] < east[0] and north[1] < south[1]
    for lat, lon in ((84, -180), (-58, 180), (0, 0)):
        x, y = project(lat, lon)
        assert 0 <= x <= WORLD.width and 0 <= y <= WORLD.height + 0.1
    view = around(-55, 179)  # near a corner: the view stays on the map
    assert view.x + view.width <= WORLD.width and view.y + view.height <= WORLD.height


def test_explore_data_orders_the_practices_for_each_sort(hub: Hub) -> None:
    orders = explore_data(hub)["orders"]
    slugs = list(hub.practices)
    named = {name: [slugs[i] for i in rows] for name, rows in orders.items()}  # type: ignore[attr-defined]
    assert named["newest"] == ["school-mentors", "housing-advice", "fair-letting"]
    assert named["started"] == ["housing-advice", "school-mentors", "fair-letting"]
    assert named["city"] == ["fair-letting", "housing-advice", "school-mentors"]


def test_markers_of_nearby_cities_are_set_apart_and_far_ones_stay() -> None:
    paris, brussels, tokyo = project(48.86, 2.35), project(50.85, 4.35), project(35.7, 139.7)
    drawn = spread([(*paris, 6.0), (*brussels, 6.0), (*tokyo, 6.0)])
    assert math.dist(drawn[0], drawn[1]) >= 12.0  # no longer covering each other
    assert math.dist(drawn[0], paris) < 6 and math.dist(drawn[1], brussels) < 6
    assert drawn[2] == tokyo
    same = spread([(100.0, 100.0, 4.0), (100.0, 100.0, 4.0)])
    assert math.dist(*same) >= 8.0


def test_the_world_outline_is_compact_path_data() -> None:
    svg = world_svg().decode()
    assert len(svg) < 80_000  # it was 115 KB with absolute points to 0.1 unit
    paths = re.findall(r'<path d="([^"]+)"/>', svg)
    assert len(paths) > 150
    assert all(re.fullmatch(r"(?:M[\d.]+ [\d.]+l[-\d. ]+z)+", d) for d in paths)
