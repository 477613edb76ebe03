"""Review aids for editors: what in the published hub needs attention.

:func:`review_report` looks at the published content (drafts left out) and
groups what an editor should look at next: practices whose last review is
more than two years old, practices never reviewed, practices without
results, cities without any practice, and pledge commitments that no
practice puts into action yet. :func:`format_report` prints the groups as
plain text with their counts, each entry starting with the file to open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cityhub.content.hub import Hub
from cityhub.content.places import country_name
from cityhub.content.practices import Practice
from cityhub.messages import _, ngettext

#: a practice whose last review is older than this many years is due again
REVIEW_INTERVAL_YEARS = 2


@dataclass(frozen=True)
class Entry:
    """One file to open, with what to look at in it, line by line."""

    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """One kind of thing to look at, with an entry per file."""

    title: str
    #: what an empty group means, said instead of a bare zero
    when_empty: str
    entries: tuple[Entry, ...]
    #: the count cannot be known (``when_empty`` says why): shown as "?", not 0
    unknown: bool = False

    @property
    def count(self) -> int:
        """How many things to look at: an entry's details count one each."""
        return sum(len(entry.details) or 1 for entry in self.entries)


def review_report(hub: Hub, today: dt.date) -> list[Group]:
    """The groups of content an editor should review, as of ``today``."""
    hub = hub.published
    published = list(hub.practices.values())
    cutoff = years_before(today, REVIEW_INTERVAL_YEARS)
    reviewed_any = any(p.reviewed for p in published)
    return [
        Group(_("Practices not reviewed for %(years)d years or more (last review before "
                "%(cutoff)s)") % {"years": REVIEW_INTERVAL_YEARS, "cutoff": cutoff.isoformat()},
              _("every reviewed practice was reviewed recently") if reviewed_any
              else _("no practice has been reviewed yet: see the next list"),
              tuple(_overdue(hub, published, cutoff))),
        Group(_("Practices never reviewed"), _("every practice has been reviewed"),
              tuple(_never_reviewed(hub, published))),
        Group(_("Practices without results"), _("every practice lists results"),
              tuple(Entry(f"{p.source_path}: {_named(hub, p)}")
                    for p in sorted(published, key=lambda p: p.slug) if not p.results)),
        Group(_("Cities without practices (of their own or as a partner)"),
              _("every city has a practice"),
              tuple(_cities_without_practices(hub, published))),
        Group(_("Commitments no practice implements yet"),
              _("every commitment is put into action by a practice"),
              tuple(_unimplemented_commitments(hub, published))),
    ]


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _overdue(hub: Hub, published: list[Practice], cutoff: dt.date) -> list[Entry]:
    due = sorted(((p, p.reviewed) for p in published if p.reviewed and p.reviewed < cutoff),
                 key=lambda pair: (pair[1], pair[0].slug))
    return [Entry(_("%(path)s: last reviewed %(date)s; %(practice)s") % {
        "path": p.source_path, "date": reviewed.isoformat(), "practice": _named(hub, p)})
        for p, reviewed in due]


def _never_reviewed(hub: Hub, published: list[Practice]) -> list[Entry]:
    waiting = sorted((p for p in published if p.reviewed is None),
                     key=lambda p: (p.submitted, p.slug))
    return [Entry(_("%(path)s: submitted %(date)s; %(practice)s") % {
        "path": p.source_path, "date": p.submitted.isoformat(), "practice": _named(hub, p)})
        for p in waiting]


def _cities_without_practices(hub: Hub, published: list[Practice]) -> list[Entry]:
    # A partner city's page lists the practice too, so it has something to show.
    taking_part = {p.city for p in published} | {c for p in published for c in p.partner_cities}
    return [Entry(f"{city.source_path}: {city.name}, {country_name(city.country)}")
            for city in hub.cities.values() if city.slug not in taking_part]


def _unimplemented_commitments(hub: Hub, published: list[Practice]) -> list[Entry]:
    implemented = {reference for p in published for reference in p.commitments}
    entries = []
    for pledge in hub.pledges.values():
        missing = tuple(f"#{c.id}: {c.title}" for c in pledge.commitments
                        if f"{pledge.slug}#{c.id}" not in implemented)
        if missing:
            entries.append(Entry(f"{pledge.source_path}: {pledge.title}", missing))
    return entries


def _named(hub: Hub, practice: Practice) -> str:
    return _("\"%(title)s\" (%(city)s)") % {"title": practice.title,
                                             "city": hub.city_of(practice).name}


def format_report(groups: list[Group], hub: Hub, today: dt.date) -> str:
    """The report as plain text: a heading line per group with its count,
    then one indented line per entry."""
    practices, cities, pledges = (len(hub.published.practices), len(hub.cities),
                                  len(hub.pledges))
    counts = {
        "practices": ngettext("%(num)d published practice", "%(num)d published practices",
                              practices) % {"num": practices},
        "cities": ngettext("%(num)d city", "%(num)d cities", cities) % {"num": cities},
        "pledges": ngettext("%(num)d pledge", "%(num)d pledges", pledges) % {"num": pledges}}
    lines = [_("Review report of %(date)s: %(practices)s, %(cities)s, %(pledges)s (drafts "
               "left out).") % {"date": today.isoformat(), **counts}]
    for group in groups:
        lines += ["", f"{group.title}: {'?' if group.unknown else group.count}"]
        if not group.entries:
            lines.append(f"  ({group.when_empty})")
        for entry in group.entries:
            lines.append(f"  {entry.text}")
            lines += [f"    {detail}" for detail in entry.details]
    return "\n".join(lines) + "\n"

