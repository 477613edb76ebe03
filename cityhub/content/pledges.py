"""Pledges: ``pledges/<slug>.md``, a declaration, charter, campaign or plan of
action that cities commit to, with its commitments.

Each commitment is an anchored section of the pledge's page
(``/pledges/<slug>/#<commitment-id>``) that lists the practices putting it
into action; cities that signed it (or chaired, hosted or endorsed it) come
from the cities' ``pledges`` lists, and people who signed for a network or an
organisation from the pledge's own ``other_signatories``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cityhub.content.references import Known, check_reference
from cityhub.content.schema import Checker, Choice, Date, Field, ListOf, Record, Slug, Text, Url
from cityhub.content.translations import (
    CONTENT_LANGUAGE,
    CONTENT_LANGUAGE_NOTE,
    TranslationRecord,
)
from cityhub.messages import N_, SOURCE_LANGUAGE, _

FOLDER = "pledges"
KINDS = ("declaration", "charter", "campaign", "statement", "plan-of-action")
#: how the interface names each kind of pledge
KIND_LABELS = {"declaration": N_("Declaration"), "charter": N_("Charter"),
               "campaign": N_("Campaign"), "statement": N_("Statement"),
               "plan-of-action": N_("Plan of action")}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind])


@dataclass(frozen=True)
class Commitment:
    id: str
    title: str
    #: the commitment itself, faithful to the document
    text: str
    #: a remark about the wording, shown apart from the text
    note: str | None = None


@dataclass(frozen=True)
class OtherSignatory:
    """A person who signed for a network or an organisation, not for a city."""

    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Pledge:
    slug: str
    title: str
    kind: str
    networks: tuple[str, ...]
    adopted: dt.date
    place: str | None
    summary: str
    source: str | None
    commitments: tuple[Commitment, ...]
    other_signatories: tuple[OtherSignatory, ...]
    body: str
    source_path: str
    #: the language the file is written in (:data:`cityhub.messages.LANGUAGES`)
    lang: str = SOURCE_LANGUAGE

    def commitment(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)


SCHEMA = Record(
    Field("title", Text(max_length=200), required=True, description="the document's own title"),
    Field("kind", Choice(*KINDS), required=True, description="one of " + ", ".join(KINDS)),
    Field("networks", ListOf(Slug(), min_items=1), required=True,
          description="ids of the networks that issued it"),
    Field("adopted", Date(), required=True, description="the date it was adopted, YYYY-MM-DD"),
    Field("place", Text(max_length=120), description="where it was adopted"),
    Field("summary", Text(max_length=300), required=True,
          description="what the pledge is, in at most 300 characters"),
    Field("source", Url(), description="the address of the original document"),
    Field("commitments", ListOf(Record(
        Field("id", Slug(), required=True, description="a slug unique within the pledge"),
        Field("title", Text(max_length=160), required=True, description="a short title"),
        Field("text", Text(), required=True, description="the commitment, as the document says it"),
        Field("note", Text(max_length=600),
              description="a remark about the wording, shown apart from the text"),
    ), min_items=1, unique_by="id"), required=True,
          description="the list of {id, title, text, note}"),
    Field("other_signatories", ListOf(Record(
        Field("name", Text(max_length=120), required=True,
              description="the person's name, as the document prints it"),
        Field("role", Text(max_length=200), description="their position, e.g. 'President'"),
        Field("organisation", Text(max_length=200),
              description="the network or organisation they signed for"),
    )), description="people who signed for a network or organisation, not for a city: "
                    "{name, role, organisation}"),
    Field("lang", CONTENT_LANGUAGE, description=CONTENT_LANGUAGE_NOTE),
)

#: what a translation of a pledge may hold, beside the keys every translation shares
TRANSLATION = TranslationRecord(
    SCHEMA, SCHEMA.fields["title"], SCHEMA.fields["summary"],
    Field("commitments", ListOf(Record(
        Field("id", Slug(), required=True, description="the id of the original's commitment"),
        Field("title", Text(max_length=160), description="its title in this language"),
        Field("text", Text(), description="the commitment in this language, faithful to the "
                                          "document"),
        Field("note", Text(max_length=600), description="the note in this language"),
    ), unique_by="id"), description="the commitments translated, by id: {id, title, text, note}"),
)


def commitment_ids(values: dict[str, Any]) -> set[str]:
    return {c["id"] for c in values.get("commitments", []) if "id" in c}


def check_references(values: dict[str, Any], known: Known, checker: Checker) -> None:
    for i, network in enumerate(values.get("networks", [])):
        check_reference(network, known.networks, "network", "data/networks.yml",
                        ("networks", i), checker)


def build(slug: str, values: dict[str, Any], body: str, source_path: str) -> Pledge:
    return Pledge(
        slug=slug,
        title=values["title"],
        kind=values["kind"],
        networks=tuple(values["networks"]),
        adopted=values["adopted"],
        place=values.get("place"),
        summary=values["summary"],
        source=values.get("source"),
        commitments=tuple(Commitment(**c) for c in values["commitments"]),
        other_signatories=tuple(OtherSignatory(**s) for s in values.get("other_signatories", ())),
        body=body,
        source_path=source_path,
        lang=values.get("lang", SOURCE_LANGUAGE),
    )
