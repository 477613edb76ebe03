"""Practices: ``practices/<slug>.md``, one good practice of one city.

A practice links its city (and partner cities), its themes and target groups,
and the pledge commitments it puts into action (``<pledge>#<commitment>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cityhub.content.bodies import empty_sections
from cityhub.content.frontmatter import Document, Path
from cityhub.content.references import Known, check_commitment, check_reference
from cityhub.content.rules import Distinct, Equals, Given, NotBefore, Requires
from cityhub.content.schema import (
    Boolean,
    Checker,
    Choice,
    Date,
    Email,
    Field,
    Integer,
    ListOf,
    Record,
    Slug,
    Text,
    Url,
    label,
)
from cityhub.content.translations import (
    CONTENT_LANGUAGE,
    CONTENT_LANGUAGE_NOTE,
    TranslationRecord,
)
from cityhub.messages import N_, SOURCE_LANGUAGE, _

FOLDER = "practices"
STATUSES = ("planned", "pilot", "ongoing", "completed")
#: how the interface names each status
STATUS_LABELS = {"planned": N_("Planned"), "pilot": N_("Pilot"), "ongoing": N_("Ongoing"),
                 "completed": N_("Completed")}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status])
FIRST_YEAR, LAST_YEAR = 1900, 2100
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Practice:
    slug: str
    title: str
    city: str
    partner_cities: tuple[str, ...]
    summary: str
    themes: tuple[str, ...]
    commitments: tuple[str, ...]
    sdgs: tuple[int, ...]
    status: str
    started: int
    ended: int | None
    target_groups: tuple[str, ...]
    partners: tuple[str, ...]
    results: tuple[str, ...]
    sources: tuple[Source, ...]
    contact: Contact | None
    submitted: dt.date
    reviewed: dt.date | None
    draft: bool
    body: str
    source_path: str
    #: the language the file is written in (:data:`cityhub.messages.LANGUAGES`)
    lang: str = SOURCE_LANGUAGE

    @property
    def years(self) -> str:
        """When it ran, in the interface's language: "since 2016", "2016-2019"."""
        if self.ended is None:
            if self.status == "completed":
                return _("started %(year)s") % {"year": self.started}
            if self.status == "planned":
                return _("from %(year)s") % {"year": self.started}
            return _("since %(year)s") % {"year": self.started}
        if self.ended == self.started:
            return str(self.started)
        return f"{self.started}{EN_DASH}{self.ended}"


#: the rules between fields, which the submission form applies too
RULES = (
    NotBefore("ended", "started",
              message="'ended' ({ended}) is before 'started' ({started}): a practice cannot "
                      "end before it starts",
              advice=N_("The practice cannot end ({ended}) before it starts ({started}).")),
    Requires(Given("ended"), Equals("status", "completed"),
             message="'ended' is given but 'status' is '{status}': set 'status: completed', "
                     "or remove 'ended'",
             advice=N_("Give the year it ended only for a completed practice: set the status to "
                    "completed, or leave this empty.")),
    Requires(Equals("status", "completed"), Given("ended"),
             message="'status' is 'completed' but 'ended' is missing: add 'ended:' with the year "
                     "a source states (never an estimate), or choose another status if no "
                     "source gives the year",
             advice=N_("Give the year it ended, as a source states it (never an estimate), or "
                    "choose another status if no source gives the year.")),
    Distinct("partner_cities", "city",
             message="'{partner_cities}' is the practice's own city; list only other cities "
                     "as partners",
             advice=N_("This is the practice's own city: list only other cities as partners.")),
)


#: what ``hub new practice`` writes into the fields its author must fill in
PLACEHOLDER = "Replace this: "
PLACEHOLDER_URL = "https://example.org/replace-this"


def _no_placeholder_once_published(values: dict[str, Any], path: Path,
                                   checker: Checker) -> None:
    """A draft may keep the new-practice placeholders; a published practice may not."""
    if values.get("draft"):
        return
    found: list[tuple[str | int, ...]] = []
    if str(values.get("summary", "")).startswith(PLACEHOLDER):
        found.append(("summary",))
    for i, source in enumerate(values.get("sources", [])):
        if str(source.get("title", "")).startswith(PLACEHOLDER):
            found.append(("sources", i, "title"))
        if source.get("url") == PLACEHOLDER_URL:
            found.append(("sources", i, "url"))
    for where in found:
        checker.error(where, f"{label(where)} still holds the text to replace "
                             f"('{PLACEHOLDER.strip()} ...'): fill it in, or keep "
                             "'draft: true' until the practice is ready")


#: what a city is named by in a practice
CITY_SLUG = ("a city's slug (the name of its file in cities/ without '.md': lower-case letters, "
             "digits and single hyphens, e.g. 'sao-paulo')")
YEAR = Integer(FIRST_YEAR, LAST_YEAR, expected="a year such as 2019")

SCHEMA = Record(
    Field("title", Text(max_length=120), required=True,
          description=N_("the practice's name, at most 120 characters")),
    Field("city", Slug(CITY_SLUG), required=True,
          description=N_("the slug of the city that runs it")),
    Field("partner_cities", ListOf(Slug(CITY_SLUG)), description=N_("slugs of partner cities")),
    Field("summary", Text(max_length=300), required=True,
          description=N_("what the city did, in at most 300 characters")),
    Field("themes", ListOf(Slug(), min_items=1), required=True,
          description=N_("theme ids from data/themes.yml, at least one")),
    Field("commitments", ListOf(Text(expected="a '<pledge>#<commitment>' reference")),
          description=N_("the pledge commitments it puts into action, as <pledge>#<commitment>")),
    Field("sdgs", ListOf(Integer(1, 17, expected="an SDG number from 1 to 17")),
          description=N_("UN Sustainable Development Goals, numbers 1-17")),
    Field("status", Choice(*STATUSES), required=True, description="one of " + ", ".join(STATUSES)),
    Field("started", YEAR, required=True, description=N_("the year it started, e.g. 2016")),
    Field("ended", YEAR, description=N_("the year it ended, as a source states it (required "
                                        "when status is completed, refused otherwise)")),
    Field("target_groups", ListOf(Slug()), description=N_("ids from data/target_groups.yml")),
    Field("partners", ListOf(Text(max_length=200)), description=N_("organisations involved")),
    Field("results", ListOf(Text(max_length=500)), description=N_("measured outcomes")),
    Field("sources", ListOf(Record(
        Field("title", Text(max_length=200), required=True, description=N_("the source's title")),
        Field("url", Url(), required=True, description=N_("its https:// address")),
    ), min_items=1), required=True,
        description=N_("where readers can check the facts: {title, url}")),
    Field("contact", Record(
        Field("name", Text(max_length=120), description=N_("a person or office")),
        Field("email", Email(), description=N_("an e-mail address")),
        Field("url", Url(), description=N_("a contact page")),
    ), description=N_("who to ask: {name, email, url}")),
    Field("submitted", Date(), required=True,
          description=N_("the date it was added, YYYY-MM-DD")),
    Field("reviewed", Date(), description=N_("the date of the last editorial review")),
    Field("draft", Boolean(), description=N_("true while the practice is not ready to publish")),
    Field("lang", CONTENT_LANGUAGE, description=CONTENT_LANGUAGE_NOTE),
    rules=(*RULES, _no_placeholder_once_published),
)

#: what a translation of a practice may hold, beside the keys every translation shares
TRANSLATION = TranslationRecord(
    SCHEMA, SCHEMA.fields["title"], SCHEMA.fields["summary"],
    Field("results", ListOf(Text(max_length=500)),
          description="the original's results, item for item, in the same order"),
    Field("partners", ListOf(Text(max_length=200)),
          description="the original's partners, item for item, where their names are "
                      "descriptive"),
)


def check_sections(values: dict[str, Any], doc: Document, checker: Checker) -> None:
    """A published practice has no empty section: a heading with nothing
    under it (its guidance comment does not count) is written or removed;
    a section left out is fine, so nobody has to invent lessons or results."""
    if values.get("draft"):
        return
    for offset, heading in empty_sections(doc.body):
        checker.failed = True
        checker.problems.add(doc.path, doc.body_line + offset, _(
            "the section '%(heading)s' is empty: write this section or remove its heading "
            "(a practice may leave out any section it has nothing to say in)")
            % {"heading": heading})


def check_references(values: dict[str, Any], known: Known, checker: Checker) -> None:
    if "city" in values:
        check_reference(values["city"], known.cities, "city", "cities/", ("city",), checker)
    for i, city in enumerate(values.get("partner_cities", [])):
        if city == values.get("city"):
            continue  # the rule Distinct reports it
        check_reference(city, known.cities, "city", "cities/", ("partner_cities", i), checker)
    for i, theme in enumerate(values.get("themes", [])):
        check_reference(theme, known.themes, "theme", "data/themes.yml", ("themes", i), checker)
    for i, group in enumerate(values.get("target_groups", [])):
        check_reference(group, known.target_groups, "target group", "data/target_groups.yml",
                        ("target_groups", i), checker)
    for i, commitment in enumerate(values.get("commitments", [])):
        check_commitment(commitment, known, ("commitments", i), checker)


def build(slug: str, values: dict[str, Any], body: str, source_path: str) -> Practice:
    contact = values.get("contact")
    return Practice(
        slug=slug,
        title=values["title"],
        city=values["city"],
        partner_cities=tuple(values.get("partner_cities", ())),
        summary=values["summary"],
        themes=tuple(values["themes"]),
        commitments=tuple(values.get("commitments", ())),
        sdgs=tuple(values.get("sdgs", ())),
        status=values["status"],
        started=values["started"],
        ended=values.get("ended"),
        target_groups=tuple(values.get("target_groups", ())),
        partners=tuple(values.get("partners", ())),
        results=tuple(values.get("results", ())),
        sources=tuple(Source(**s) for s in values["sources"]),
        contact=Contact(**contact) if contact else None,
        submitted=values["submitted"],
        reviewed=values.get("reviewed"),
        draft=values.get("draft", False),
        body=body,
        source_path=source_path,
        lang=values.get("lang", SOURCE_LANGUAGE),
    )
