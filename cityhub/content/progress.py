"""Pledge progress: for each pledge, what its participants have put into action.

A pledge's participants are the cities that took part in it in any role
(signatory, chair, host, endorser: :data:`cityhub.content.cities.ROLES`).
:func:`pledge_progress` crosses them with the pledge's commitments: each cell
holds the practices of that city (run by it, or with it as a partner) that
put that commitment into action, whatever their start year; practices by
cities that did not take part are counted apart. Only published practices
count, even in a preview that shows drafts. Every page, the open data and the
bench read the same :class:`PledgeProgress`, computed once per hub
(:attr:`cityhub.content.hub.Hub.progress`) in time linear in the number of
practices. These are the practices recorded in the hub, not a judgement of a
city's compliance with what it signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cityhub.content.cities import City, Signature
from cityhub.content.pledges import Commitment, Pledge
from cityhub.content.practices import Practice

if TYPE_CHECKING:
    from cityhub.content.hub import Hub


@dataclass(frozen=True)
class Participant:
    """One city's row of a pledge's table: its part and, per commitment, its practices."""

    city: City
    signature: Signature
    #: the practices of the city for each commitment, in the pledge's order
    cells: tuple[tuple[Practice, ...], ...]

    @property
    def acted(self) -> int:
        """How many of the pledge's commitments the city has a practice for."""
        return sum(1 for cell in self.cells if cell)

    @property
    def practices(self) -> tuple[Practice, ...]:
        """Each practice of the city for this pledge, once."""
        return tuple(dict.fromkeys(p for cell in self.cells for p in cell))


@dataclass(frozen=True)
class CommitmentProgress:
    """One column: a commitment, who acted on it, and who else did."""

    commitment: Commitment
    #: every practice that puts the commitment into action
    practices: tuple[Practice, ...]
    #: the participants with at least one practice for it
    participants: int
    #: practices of cities that did not take part in the pledge
    outside: tuple[Practice, ...]


@dataclass(frozen=True)
class PledgeProgress:
    pledge: Pledge
    participants: tuple[Participant, ...]
    commitments: tuple[CommitmentProgress, ...]

    @property
    def covered(self) -> int:
        """Commitments put into action by at least one practice, of any city."""
        return sum(1 for c in self.commitments if c.practices)

    @property
    def acting(self) -> int:
        """Participants with at least one practice for the pledge."""
        return sum(1 for p in self.participants if p.acted)

    @property
    def not_yet(self) -> tuple[Commitment, ...]:
        """The commitments no practice puts into action yet."""
        return tuple(c.commitment for c in self.commitments if not c.practices)

    @property
    def outside(self) -> tuple[Practice, ...]:
        """Practices for the pledge by cities that did not take part, each once."""
        return tuple(dict.fromkeys(p for c in self.commitments for p in c.outside))

    def participant(self, city: City) -> Participant | None:
        return next((p for p in self.participants if p.city.slug == city.slug), None)


def share(part: int, whole: int) -> int:
    """A whole percentage, rounded down so that 99.6 % never reads as all."""
    return part * 100 // whole if whole else 0


def hub_progress(hub: Hub) -> dict[str, PledgeProgress]:
    """The progress of every pledge of ``hub``, by slug, over its published practices."""
    published = hub.published
    return {slug: pledge_progress(published, pledge) for slug, pledge in hub.pledges.items()}


def pledge_progress(hub: Hub, pledge: Pledge) -> PledgeProgress:
    """The table of ``pledge``: participants by commitments, over ``hub``'s practices
    (pass ``hub.published``, as :func:`hub_progress` does, to leave drafts out)."""
    entries = hub.cities_in_pledge.get(pledge.slug, [])
    taking_part = {city.slug for city, _ in entries}
    participants = tuple(Participant(city, signature, _cells(hub, pledge, city))
                         for city, signature in entries)
    commitments = []
    for index, commitment in enumerate(pledge.commitments):
        practices = tuple(hub.implementing(pledge, commitment))
        commitments.append(CommitmentProgress(
            commitment, practices,
            participants=sum(1 for p in participants if p.cells[index]),
            outside=tuple(p for p in practices if not _cities_of(p) & taking_part)))
    return PledgeProgress(pledge, participants, tuple(commitments))


def _cells(hub: Hub, pledge: Pledge, city: City) -> tuple[tuple[Practice, ...], ...]:
    """The city's practices (its own, then those it is a partner in) for each commitment."""
    own = hub.practices_in_city.get(city.slug, []) + hub.partner_practices.get(city.slug, [])
    by_reference: dict[str, list[Practice]] = {}
    for practice in own:
        for reference in practice.commitments:
            by_reference.setdefault(reference, []).append(practice)
    return tuple(tuple(by_reference.get(f"{pledge.slug}#{c.id}", ()))
                 for c in pledge.commitments)


def _cities_of(practice: Practice) -> set[str]:
    return {practice.city, *practice.partner_cities}


def predates(practice: Practice, signature: Signature) -> bool:
    """Whether the practice started before the year the city signed."""
    return signature.signed is not None and practice.started < signature.signed.year


def last_change(hub: Hub) -> dt.date | None:
    """The day the hub's practices last changed: the newest addition or review."""
    days = [max(p.submitted, p.reviewed or p.submitted) for p in hub.published.practices.values()]
    return max(days, default=None)


@dataclass(frozen=True)
class ThemeYears:
    """How many practices of one theme started in each year of a common span."""

    theme: str
    counts: tuple[int, ...]


def themes_over_time(hub: Hub, top: int = 6) -> tuple[int, int, tuple[ThemeYears, ...]]:
    """The ``top`` themes with most published practices, each with its practices
    per start year, over the span of years of all published practices."""
    practices = list(hub.published.practices.values())
    if not practices:
        return 0, -1, ()
    first = min(p.started for p in practices)
    last = max(p.started for p in practices)
    by_theme = hub.published.practices_by_theme
    ranked = sorted(by_theme, key=lambda t: (-len(by_theme[t]), t))[:top]
    rows = []
    for theme in ranked:
        counts = [0] * (last - first + 1)
        for practice in by_theme[theme]:
            counts[practice.started - first] += 1
        rows.append(ThemeYears(theme, tuple(counts)))
    return first, last, tuple(rows)
