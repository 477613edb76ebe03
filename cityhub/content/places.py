"""Countries, world regions and the UN Sustainable Development Goals, by code.

Country names come from ``pycountry`` (the ISO 3166 list that ships with the
package), preferring the common name a reader knows ("South Korea" rather
than "Korea, Republic of"). World regions (the UN M49 regions: Africa,
Americas, Asia, Europe, Oceania) and country outlines come from the data
files of ``countryinfo``, whose outlines derive from Natural Earth.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry

SDG_TITLES = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}


@cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def sdg_title(number: int) -> str:
    return SDG_TITLES.get(number, f"Goal {number}")


@cache
def _country_data() -> dict[str, dict[str, Any]]:
    """countryinfo's record of each country, by ISO 3166-1 alpha-2 code."""
    found = {}
    for entry in (resources.files("countryinfo") / "data").iterdir():
        if entry.name.endswith(".json"):
            record = json.loads(entry.read_text(encoding="utf-8"))
            code = (record.get("ISO") or {}).get("alpha2")
            if code:
                found[code] = record
    return found


def region(code: str) -> str | None:
    """The UN M49 world region of a country, such as 'Europe', if known."""
    return _country_data().get(code, {}).get("region") or None


def outlines() -> dict[str, list[list[list[float]]]]:
    """Every country's outline as a list of rings of ``[lon, lat]`` points."""
    shapes = {}
    for code, record in sorted(_country_data().items()):
        rings: list[list[list[float]]] = []
        for feature in (record.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates", [])
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                rings.extend(polygon)
        if rings:
            shapes[code] = rings
    return shapes
