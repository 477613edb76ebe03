"""The explore page: facets over the published practices, and their data.

:func:`facets` gives each facet (theme, target group, region, country,
network, pledge, commitment, SDG, status) with the choices that have at least
one practice and how many each has; the page renders them as form controls
whose values are the vocabulary ids. :func:`explore_json` is the compact data
the page's script filters: for each practice, in the order of the cards, its
slug, start year and, per facet, the indexes of its choices; the orders the
page can sort by besides the cards' own (by title), as lists of row indexes
(:func:`orders`); and the table
of :func:`cityhub.content.transliteration.browser_table`, with which its words
filter writes text in ASCII as slugs and site search do. The script never
reads facet values from the page's HTML.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cityhub.content.hub import Hub, newest
from cityhub.content.places import country_name, region, sdg_title
from cityhub.content.practices import STATUSES, Practice, status_label
from cityhub.messages import _

EXPLORE_JSON = "practices/explore.json"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    #: a heading the choice is listed under (a commitment's pledge)
    group: str = ""


@dataclass(frozen=True)
class Facet:
    id: str
    label: str
    choices: tuple[Choice, ...]
    #: whether the facet is open when the page loads
    open: bool = False
    #: the kind of the listing page that describes each choice, if there is one
    listing: str = ""


def practice_values(hub: Hub) -> dict[str, Callable[[Practice], Iterable[str]]]:
    """For each facet, the function giving a practice's values."""
    def city_region(p: Practice) -> list[str]:
        found = region(hub.city_of(p).country)
        return [found] if found else []

    return {
        "theme": lambda p: p.themes,
        "group": lambda p: p.target_groups,
        "region": city_region,
        "country": lambda p: [hub.city_of(p).country],
        "network": lambda p: hub.city_of(p).networks,
        "pledge": lambda p: dict.fromkeys(c.partition("#")[0] for c in p.commitments),
        "commitment": lambda p: p.commitments,
        "sdg": lambda p: [str(n) for n in p.sdgs],
        "status": lambda p: [p.status],
    }


def facets(hub: Hub) -> list[Facet]:
    practices = list(hub.practices.values())
    values = practice_values(hub)
    counts = {name: Counter(v for p in practices for v in get(p)) for name, get in values.items()}

    def choices(name: str, options: Iterable[tuple[str, str]], group: str = "") -> list[Choice]:
        return [Choice(value, label, counts[name][value], group)
                for value, label in options if counts[name][value]]

    commitments = [choice for pledge in hub.pledges.values() for choice in choices(
        "commitment", ((f"{pledge.slug}#{c.id}", c.title) for c in pledge.commitments),
        pledge.title)]
    return [
        Facet("theme", _("Theme"), tuple(choices("theme", ((t.id, t.label) for t in hub.themes))),
              open=True, listing="themes"),
        Facet("group", _("Target group"),
              tuple(choices("group", ((t.id, t.label) for t in hub.target_groups))),
              listing="target-groups"),
        Facet("region", _("World region"),
              tuple(choices("region", ((r, _(r)) for r in sorted(counts["region"]))))),
        Facet("country", _("Country"), tuple(choices("country", sorted(
            ((c, country_name(c)) for c in counts["country"]), key=lambda o: o[1])))),
        Facet("network", _("Network"),
              tuple(choices("network", ((t.id, t.label) for t in hub.networks))),
              listing="networks"),
        Facet("pledge", _("Pledge"),
              tuple(choices("pledge", ((p.slug, p.title) for p in hub.pledges.values())))),
        Facet("commitment", _("Pledge commitment"), tuple(commitments)),
        Facet("sdg", _("Sustainable Development Goal"), tuple(choices(
            "sdg", ((str(n), f"{n}. {sdg_title(n)}") for n in range(1, 18))))),
        Facet("status", _("Status"),
              tuple(choices("status", ((s, status_label(s)) for s in STATUSES)))),
    ]


def explore_data(hub: Hub) -> dict[str, object]:
    """The facet values of every listed practice, as indexes into each facet's
    choices, and the transliteration the words filter folds text with."""
    listed = facets(hub)
    values = practice_values(hub)
    positions = {f.id: {c.value: i for i, c in enumerate(f.choices)} for f in listed}
    rows = []
    for practice in hub.practices.values():
        row: list[object] = [practice.slug, practice.started]
        for facet in listed:
            row.append([positions[facet.id][v] for v in values[facet.id](practice)])
        rows.append(row)
    return {
        "facets": [{"id": f.id, "values": [c.value for c in f.choices]} for f in listed],
        "practices": rows,
        "orders": orders(hub),
        "letters": hub.transliteration,
    }


def orders(hub: Hub) -> dict[str, list[int]]:
    """The rows (the practices in the cards' order, by title) in each other order
    the page sorts by: newest added, latest start year, city name."""
    practices = list(hub.practices.values())
    row = {p.slug: i for i, p in enumerate(practices)}
    by_started = sorted(range(len(practices)), key=lambda i: -practices[i].started)
    by_city = sorted(range(len(practices)),
                     key=lambda i: hub.city_of(practices[i]).name.casefold())
    return {
        "newest": [row[p.slug] for p in newest(practices, len(practices))],
        "started": by_started,
        "city": by_city,
    }


def explore_json(hub: Hub) -> bytes:
    return json.dumps(explore_data(hub), ensure_ascii=False, separators=(",", ":")).encode()
