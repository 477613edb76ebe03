"""The hub's content as a graph: cities, pledges, practices and their links.

Built by :func:`cityhub.content.loader.load_hub`. :meth:`Hub.link` computes every
index the pages need once (practices by city, theme, commitment, country...),
so rendering any page is a lookup, never a scan of all practices.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from cityhub.content.cities import City, Signature
from cityhub.content.places import country_name
from cityhub.content.pledges import Commitment, Pledge
from cityhub.content.practices import Practice
from cityhub.content.problems import Problem
from cityhub.content.vocab import Vocabulary

RELATED_COUNT = 4
_RELATED_SCAN = 8


@dataclass
class Broken:
    """A content file that cannot be published until its problems are fixed."""

    folder: str
    slug: str
    source_path: str
    title: str
    problems: list[Problem]
    note: str = ""


@dataclass
class Hub:
    themes: Vocabulary
    networks: Vocabulary
    target_groups: Vocabulary
    cities: dict[str, City] = field(default_factory=dict)
    pledges: dict[str, Pledge] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)

    practices_in_city: dict[str, list[Practice]] = field(default_factory=dict)
    partner_practices: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_theme: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_target_group: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_commitment: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_pledge: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_country: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_network: dict[str, list[Practice]] = field(default_factory=dict)
    practices_by_sdg: dict[int, list[Practice]] = field(default_factory=dict)
    cities_by_country: dict[str, list[City]] = field(default_factory=dict)
    cities_by_network: dict[str, list[City]] = field(default_factory=dict)
    pledges_by_network: dict[str, list[Pledge]] = field(default_factory=dict)
    signatories: dict[str, list[tuple[City, Signature]]] = field(default_factory=dict)

    def link(self) -> None:
        """Order the content and build every index. Call once after loading."""
        self._hold_back_orphans()
        self.cities = dict(sorted(self.cities.items(), key=lambda kv: _by_name(kv[1].name)))
        self.pledges = dict(sorted(self.pledges.items(),
                                   key=lambda kv: (-kv[1].adopted.toordinal(), kv[0])))
        self.practices = dict(sorted(self.practices.items(),
                                     key=lambda kv: (_by_name(kv[1].title), kv[0])))
        self.broken.sort(key=lambda b: b.source_path)
        self._index_cities()
        self._index_practices()

    def _hold_back_orphans(self) -> None:
        """A practice whose city has errors cannot be shown until the city is fixed."""
        for slug, practice in list(self.practices.items()):
            if practice.city not in self.cities:
                del self.practices[slug]
                self.broken.append(Broken(
                    "practices", slug, practice.source_path, practice.title, [],
                    note=f"It belongs to the city '{practice.city}', whose file "
                         f"cities/{practice.city}.md has errors: fix that file first."))

    def _index_cities(self) -> None:
        by_country: dict[str, list[City]] = defaultdict(list)
        by_network: dict[str, list[City]] = defaultdict(list)
        signatories: dict[str, list[tuple[City, Signature]]] = defaultdict(list)
        for city in self.cities.values():
            by_country[city.country].append(city)
            for network in city.networks:
                by_network[network].append(city)
            for signature in city.pledges:
                if signature.pledge in self.pledges:
                    signatories[signature.pledge].append((city, signature))
        for entries in signatories.values():
            entries.sort(key=lambda e: (e[1].signed is None, e[1].signed or 0, _by_name(e[0].name)))
        by_pledge_network: dict[str, list[Pledge]] = defaultdict(list)
        for pledge in self.pledges.values():
            for network in pledge.networks:
                by_pledge_network[network].append(pledge)
        self.cities_by_country = dict(sorted(by_country.items(),
                                             key=lambda kv: _by_name(country_name(kv[0]))))
        self.cities_by_network = dict(by_network)
        self.signatories = dict(signatories)
        self.pledges_by_network = dict(by_pledge_network)

    def _index_practices(self) -> None:
        indexes: dict[str, defaultdict[object, list[Practice]]] = {
            name: defaultdict(list) for name in (
                "city", "partner", "theme", "group", "commitment", "pledge", "country",
                "network", "sdg")}
        for practice in self.practices.values():
            city = self.cities[practice.city]
            indexes["city"][city.slug].append(practice)
            indexes["country"][city.country].append(practice)
            for network in city.networks:
                indexes["network"][network].append(practice)
            for partner in practice.partner_cities:
                indexes["partner"][partner].append(practice)
            _add_all(indexes["theme"], practice.themes, practice)
            _add_all(indexes["group"], practice.target_groups, practice)
            _add_all(indexes["sdg"], practice.sdgs, practice)
            _add_all(indexes["commitment"], practice.commitments, practice)
            _add_all(indexes["pledge"], {c.partition("#")[0] for c in practice.commitments},
                     practice)
        self.practices_in_city = dict(indexes["city"])  # type: ignore[arg-type]
        self.partner_practices = dict(indexes["partner"])  # type: ignore[arg-type]
        self.practices_by_theme = dict(indexes["theme"])  # type: ignore[arg-type]
        self.practices_by_target_group = dict(indexes["group"])  # type: ignore[arg-type]
        self.practices_by_commitment = dict(indexes["commitment"])  # type: ignore[arg-type]
        self.practices_by_pledge = dict(indexes["pledge"])  # type: ignore[arg-type]
        self.practices_by_country = dict(indexes["country"])  # type: ignore[arg-type]
        self.practices_by_network = dict(indexes["network"])  # type: ignore[arg-type]
        self.practices_by_sdg = dict(sorted(indexes["sdg"].items()))  # type: ignore[arg-type]

    # Queries used by the pages -------------------------------------------------

    def city_of(self, practice: Practice) -> City:
        return self.cities[practice.city]

    def partner_cities_of(self, practice: Practice) -> list[City]:
        return [self.cities[s] for s in practice.partner_cities if s in self.cities]

    def commitments_of(self, practice: Practice) -> list[tuple[Pledge, Commitment]]:
        found = []
        for reference in practice.commitments:
            pledge_slug, _, commitment_id = reference.partition("#")
            pledge = self.pledges.get(pledge_slug)
            commitment = pledge.commitment(commitment_id) if pledge else None
            if pledge and commitment:
                found.append((pledge, commitment))
        return found

    def signed_pledges(self, city: City) -> list[tuple[Pledge, Signature]]:
        return [(self.pledges[s.pledge], s) for s in city.pledges if s.pledge in self.pledges]

    def implementing(self, pledge: Pledge, commitment: Commitment) -> list[Practice]:
        return self.practices_by_commitment.get(f"{pledge.slug}#{commitment.id}", [])

    def newest_practices(self, count: int) -> list[Practice]:
        return newest(self.practices.values(), count)

    def related(self, practice: Practice) -> list[Practice]:
        """A few practices sharing a commitment or theme: deterministic and
        bounded, so computing it for every practice stays linear in N."""
        scores: dict[str, int] = {}
        for weight, groups, index in (
            (2, practice.commitments, self.practices_by_commitment),
            (1, practice.themes, self.practices_by_theme),
        ):
            for group in groups:
                for other in self._neighbours(group, index, practice):
                    scores[other.slug] = scores.get(other.slug, 0) + weight
        ranked = sorted(scores, key=lambda s: (-scores[s], _by_name(self.practices[s].title), s))
        return [self.practices[s] for s in ranked[:RELATED_COUNT]]

    def _neighbours(self, group: str, index: dict[str, list[Practice]],
                    practice: Practice) -> Iterable[Practice]:
        members = index.get(group, [])
        if len(members) <= 1:
            return []
        position = self._positions[group].get(practice.slug, 0)
        count = min(_RELATED_SCAN, len(members) - 1)
        return [members[(position + step) % len(members)] for step in range(1, count + 1)]

    @cached_property
    def transliteration(self) -> dict[str, str]:
        """The table a browser writes the hub's text in ASCII with, as slugs and
        search do (:func:`cityhub.content.transliteration.browser_table`);
        made once per hub, for the explore page and the submission form."""
        from cityhub.content.transliteration import browser_table, texts_of

        return browser_table(texts_of(self))

    @cached_property
    def _positions(self) -> dict[str, dict[str, int]]:
        positions: dict[str, dict[str, int]] = {}
        for index in (self.practices_by_commitment, self.practices_by_theme):
            for group, members in index.items():
                positions[group] = {p.slug: i for i, p in enumerate(members)}
        return positions


def newest(practices: Iterable[Practice], count: int) -> list[Practice]:
    """The ``count`` practices added last, newest first (then by title)."""
    return heapq.nsmallest(count, practices,
                           key=lambda p: (-p.submitted.toordinal(), _by_name(p.title), p.slug))


def _add_all(index: defaultdict[object, list[Practice]], keys: Iterable[object],
             practice: Practice) -> None:
    for key in keys:
        index[key].append(practice)


def _by_name(text: str) -> str:
    return text.casefold()
