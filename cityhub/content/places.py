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

from cityhub import messages
from cityhub.messages import N_, _

SDG_TITLES = {
    1: N_("No poverty"),
    2: N_("Zero hunger"),
    3: N_("Good health and well-being"),
    4: N_("Quality education"),
    5: N_("Gender equality"),
    6: N_("Clean water and sanitation"),
    7: N_("Affordable and clean energy"),
    8: N_("Decent work and economic growth"),
    9: N_("Industry, innovation and infrastructure"),
    10: N_("Reduced inequalities"),
    11: N_("Sustainable cities and communities"),
    12: N_("Responsible consumption and production"),
    13: N_("Climate action"),
    14: N_("Life below water"),
    15: N_("Life on land"),
    16: N_("Peace, justice and strong institutions"),
    17: N_("Partnerships for the goals"),
}


def country_name(code: str) -> str:
    """The country's name in the build's language: ISO 3166's common name in
    English, CLDR's in the other languages."""
    return messages.active().territory(code) or _iso_name(code)


@cache
def _iso_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def sdg_title(number: int) -> str:
    return _(SDG_TITLES[number]) if number in SDG_TITLES else _("Goal %(number)d") % {
        "number": number}


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


#: the world regions of the data, as the interface names them
REGIONS = (N_("Africa"), N_("Americas"), N_("Asia"), N_("Europe"), N_("Oceania"))


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
