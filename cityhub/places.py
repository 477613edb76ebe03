"""Countries and the UN Sustainable Development Goals, by code.

Country names come from ``pycountry`` (the ISO 3166 list that ships with the
package), preferring the common name a reader knows ("South Korea" rather
than "Korea, Republic of").
"""

from __future__ import annotations

from functools import cache

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
