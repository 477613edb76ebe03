"""Cities: ``cities/<slug>.md``, a city or local or regional government.

A city's ``pledges`` list is the single source of truth for who signed what:
pledge pages list their signatories from it, and the cities that took part in
another role (the chairs of a session, the host of a meeting, endorsers)
apart from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cityhub.content.frontmatter import Path
from cityhub.content.references import Known, check_reference
from cityhub.content.schema import (
    Checker,
    Choice,
    Country,
    Date,
    Field,
    Integer,
    ListOf,
    Number,
    Record,
    Slug,
    Text,
    Url,
)
from cityhub.content.translations import (
    CONTENT_LANGUAGE,
    CONTENT_LANGUAGE_NOTE,
    TranslationRecord,
)
from cityhub.content.transliteration import transliterate
from cityhub.messages import N_, SOURCE_LANGUAGE, _, ngettext

FOLDER = "cities"
#: the part a city took in a pledge; only a signatory has a date of signature
SIGNATORY = "signatory"
ROLES = (SIGNATORY, "chair", "host", "endorser")
#: one and several cities in each role, as the anchors of pledge pages name them
ROLE_NOUNS = {SIGNATORY: ("signatory", "signatories"), "chair": ("chair", "chairs"),
              "host": ("host", "hosts"), "endorser": ("endorser", "endorsers")}


def took_part(role: str, pledge: str) -> str:
    """A city's part in a pledge other than signing it: "Chair of <pledge>"."""
    phrases = {"chair": _("Chair of %(pledge)s"), "host": _("Host of %(pledge)s"),
               "endorser": _("Endorser of %(pledge)s")}
    return phrases[role] % {"pledge": pledge}


def role_count(role: str, count: int) -> str:
    """How many cities took part in a pledge in ``role``: "4 signatories"."""
    counts = {SIGNATORY: ngettext("%(num)d signatory", "%(num)d signatories", count),
              "chair": ngettext("%(num)d chair", "%(num)d chairs", count),
              "host": ngettext("%(num)d host", "%(num)d hosts", count),
              "endorser": ngettext("%(num)d endorser", "%(num)d endorsers", count)}
    return counts[role] % {"num": count}


def role_heading(role: str, count: int) -> str:
    """The heading over the ``count`` cities of a pledge in ``role``: "Chairs"."""
    headings = {SIGNATORY: ngettext("Signatory", "Signatories", count),
                "chair": ngettext("Chair", "Chairs", count),
                "host": ngettext("Host", "Hosts", count),
                "endorser": ngettext("Endorser", "Endorsers", count)}
    return headings[role]


@dataclass(frozen=True)
class Signature:
    """A city's part in a pledge: its signature, or its role (chair, host...)."""

    pledge: str
    role: str = SIGNATORY
    signed: dt.date | None = None
    by: str | None = None


#: the languages a city's other names may be in (``other_names``), by their
#: ISO 639-1 code, with the name a visitor reads beside the name
LANGUAGES = {"ar": N_("Arabic"), "ca": N_("Catalan"), "de": N_("German"),
             "en": N_("English"), "es": N_("Spanish"), "fr": N_("French"),
             "it": N_("Italian"), "ja": N_("Japanese"), "ko": N_("Korean"),
             "nl": N_("Dutch"), "pl": N_("Polish"), "pt": N_("Portuguese"),
             "sv": N_("Swedish")}


def language_name(code: str) -> str:
    """The name of the language ``code`` of :data:`LANGUAGES`: "French" for "fr"."""
    return _(LANGUAGES[code])


@dataclass(frozen=True)
class OtherName:
    """The city's name in another language: "Barcelone" in French."""

    name: str
    lang: str


@dataclass(frozen=True)
class City:
    slug: str
    name: str
    country: str
    lat: float
    lon: float
    population: int | None
    networks: tuple[str, ...]
    pledges: tuple[Signature, ...]
    website: str | None
    body: str
    source_path: str
    other_names: tuple[OtherName, ...] = ()
    #: the language the file's body is written in (:data:`cityhub.messages.LANGUAGES`);
    #: not to be confused with an other name's ``lang``, the language of that name
    lang: str = SOURCE_LANGUAGE


def _signed_only_by_signatories(values: dict[str, Any], path: Path, checker: Checker) -> None:
    """A chair, host or endorser took part in a pledge without signing it."""
    role = values.get("role", SIGNATORY)
    if "signed" in values and role != SIGNATORY:
        checker.error((*path, "signed"), f"'signed' is given but 'role' is '{role}': only a "
                                         "signatory has a date of signature; remove 'signed', "
                                         f"or set 'role: {SIGNATORY}' if the city signed it")


def _other_names_differ(values: dict[str, Any], path: Path, checker: Checker) -> None:
    """An other name is a name in another language, not the city's own name
    written again or without its accents (search finds those already)."""
    own = values.get("name")
    if not isinstance(own, str):
        return
    for i, other in enumerate(values.get("other_names", [])):
        name = other.get("name")
        if isinstance(name, str) and transliterate(name).casefold() == \
                transliterate(own).casefold():
            checker.error((*path, "other_names", i, "name"),
                          f"'{name}' is the city's own name '{own}'"
                          + ("" if name == own else " without its accents")
                          + ": list only names in other languages (search already finds "
                            "the name without accents); remove this entry")


SCHEMA = Record(
    Field("name", Text(max_length=120), required=True,
          description="the city's name in its usual spelling, e.g. 'São Paulo'"),
    Field("country", Country(), required=True,
          description="the ISO 3166-1 alpha-2 code of its country, e.g. 'BR'"),
    Field("location", Record(
        Field("lat", Number(-90, 90), required=True, description="latitude, -90 to 90"),
        Field("lon", Number(-180, 180), required=True, description="longitude, -180 to 180"),
        expected="a mapping {lat: ..., lon: ...}",
    ), required=True, description="where the city is: {lat: 48.692, lon: 6.184}"),
    Field("population", Integer(minimum=1), description="number of inhabitants"),
    Field("networks", ListOf(Slug()), description="ids of the networks the city belongs to"),
    Field("pledges", ListOf(Record(
        Field("pledge", Slug(), required=True, description="the slug of the pledge"),
        Field("role", Choice(*ROLES),
              description="the city's part in it: " + ", ".join(ROLES) + " (default signatory)"),
        Field("signed", Date(), description="when the city signed it (signatories only)"),
        Field("by", Text(max_length=200),
              description="the person's role and name, as the document prints them"),
        rules=(_signed_only_by_signatories,),
    ), unique_by="pledge"),
          description="the pledges the city signed or took part in: {pledge, role, signed, by}"),
    Field("website", Url(), description="the city's official site"),
    Field("other_names", ListOf(Record(
        Field("name", Text(max_length=120), required=True,
              description="the name as that language writes it, e.g. 'Barcelone'"),
        Field("lang", Choice(*LANGUAGES), required=True,
              description="the language's two-letter code: " + ", ".join(LANGUAGES)),
        expected="a mapping {name: ..., lang: ...}",
    ), unique_by="name"),
          description="the city's name in other languages: {name, lang}, e.g. "
                      "{name: Barcelone, lang: fr}"),
    Field("lang", CONTENT_LANGUAGE, description=CONTENT_LANGUAGE_NOTE),
    rules=(_other_names_differ,),
)

#: what a translation of a city may hold, beside the keys every translation shares
TRANSLATION = TranslationRecord(
    SCHEMA, Field("name", Text(max_length=120),
                  description="the city's name in this language, only where it differs"),
)


def check_references(values: dict[str, Any], known: Known, checker: Checker) -> None:
    for i, network in enumerate(values.get("networks", [])):
        check_reference(network, known.networks, "network", "data/networks.yml",
                        ("networks", i), checker)
    for i, signature in enumerate(values.get("pledges", [])):
        if "pledge" in signature:
            check_reference(signature["pledge"], known.pledges, "pledge", "pledges/",
                            ("pledges", i, "pledge"), checker)


def build(slug: str, values: dict[str, Any], body: str, source_path: str) -> City:
    return City(
        slug=slug,
        name=values["name"],
        country=values["country"],
        lat=values["location"]["lat"],
        lon=values["location"]["lon"],
        population=values.get("population"),
        networks=tuple(values.get("networks", ())),
        pledges=tuple(Signature(**s) for s in values.get("pledges", ())),
        website=values.get("website"),
        body=body,
        source_path=source_path,
        other_names=tuple(OtherName(**o) for o in values.get("other_names", ())),
        lang=values.get("lang", SOURCE_LANGUAGE),
    )
