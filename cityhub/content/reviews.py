"""Review records: ``reviews/<practice-slug>.yml``, how an editor checked a practice.

A practice's ``reviewed:`` date stands for a record that lets a second reader
follow each fact to its source: for every fact, one of the practice's own
``sources`` and that source's sentence, and one fact for each pledge
commitment the practice lists. Records are YAML, read with positions like the
vocabularies (:func:`cityhub.content.frontmatter.read_yaml`), and checked in the same
two phases as content files: each record on its own first, then against its
practice once every practice is known.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from cityhub.content.frontmatter import read_yaml
from cityhub.content.problems import Problems, did_you_mean
from cityhub.content.schema import INVALID, Checker, Date, Field, ListOf, Record, Text, Url
from cityhub.content.slugs import is_slug

FOLDER = "reviews"
SUFFIX = ".yml"


@dataclass(frozen=True)
class Fact:
    """One fact of a practice, the source that confirms it and the source's words."""

    fact: str
    source: str
    quote: str
    #: the ``<pledge>#<commitment>`` this fact links the practice to
    commitment: str | None = None


@dataclass(frozen=True)
class Review:
    slug: str
    reviewed: dt.date
    by: str | None
    facts: tuple[Fact, ...]
    source_path: str


SCHEMA = Record(
    Field("reviewed", Date(), required=True,
          description="the date of the review, the same as the practice's 'reviewed'"),
    Field("by", Text(max_length=200), description="who reviewed it"),
    Field("facts", ListOf(Record(
        Field("fact", Text(max_length=1000), required=True,
              description="one fact of the practice, in the hub's words"),
        Field("source", Url(), required=True,
              description="the URL of one of the practice's sources, character for character"),
        Field("quote", Text(max_length=2000), required=True,
              description="the source's own sentence that confirms it, in its language"),
        Field("commitment", Text(expected="a '<pledge>#<commitment>' reference"),
              description="the practice's commitment this fact shows it putting into action"),
    ), min_items=1), required=True,
          description="each fact checked: {fact, source, quote, commitment}"),
)


@dataclass
class ReviewFile:
    """A record as read and checked on its own, before its practice is known."""

    slug: str
    checker: Checker
    values: dict[str, Any]


@dataclass(frozen=True)
class ReviewedPractice:
    """What a record is checked against: a practice's checked values, the
    keys written in its file (valid or not) and the checker of its file."""

    values: dict[str, Any]
    written: frozenset[str]
    checker: Checker

    @property
    def path(self) -> str:
        return self.checker.doc.path


def read_reviews(root: FsPath, problems: Problems) -> dict[str, ReviewFile]:
    """Every record in ``reviews/``, each checked against the record's schema."""
    folder = root / FOLDER
    if not folder.is_dir():
        return {}
    records: dict[str, ReviewFile] = {}
    for item in sorted(os.scandir(folder), key=lambda e: e.name):
        path = f"{FOLDER}/{item.name}"
        slug = _record_slug(item, path, problems)
        if slug is None:
            continue
        doc = read_yaml(path, FsPath(item.path).read_bytes(), problems)
        checker = Checker(doc, problems)
        values = SCHEMA.check(doc.data, (), checker) if doc.readable else {}
        records[slug] = ReviewFile(slug, checker, values if values is not INVALID else {})
    return records


def _record_slug(item: os.DirEntry[str], path: str, problems: Problems) -> str | None:
    if item.name.startswith("."):
        return None
    if item.is_symlink() or not item.is_file() or not item.name.endswith(SUFFIX):
        problems.add(path, 1, f"only review records belong in {FOLDER}/: regular files named "
                              f"after their practice, <practice-slug>{SUFFIX}")
        return None
    slug = item.name.removesuffix(SUFFIX)
    if not is_slug(slug):
        problems.add(path, 1, f"the file name '{item.name}' is not a practice's slug: name the "
                              f"record after its practice, practices/<slug>.md -> "
                              f"{FOLDER}/<slug>{SUFFIX}")
        return None
    return slug


def check_reviews(records: dict[str, ReviewFile], practices: dict[str, ReviewedPractice],
                  unread: set[str]) -> None:
    """Each reviewed practice has its record, and each record matches its practice.
    A record whose practice file could not be read (``unread``, reported
    already) is left alone: the practice's own problem comes first."""
    for slug, reviewed in practices.items():
        practice_has_its_record(slug, reviewed, records)
    for record in records.values():
        practice = practices.get(record.slug)
        if practice is None:
            if record.slug not in unread:
                record_has_a_practice(record, practices)
            continue
        for check in (dates_match, sources_are_the_practices, commitments_have_their_facts,
                      facts_name_the_practices_commitments):
            check(record, practice)


def practice_has_its_record(slug: str, practice: ReviewedPractice,
                            records: dict[str, ReviewFile]) -> None:
    if "reviewed" in practice.values and slug not in records:
        practice.checker.error(("reviewed",), (
            f"'reviewed' is set but there is no review record {FOLDER}/{slug}{SUFFIX}: write "
            "it, with each fact, its source and the source's sentence (see CONTRIBUTING.md, "
            "'How practices are reviewed'), or remove 'reviewed'"))


def record_has_a_practice(record: ReviewFile, practices: Iterable[str]) -> None:
    hint = did_you_mean(record.slug, practices)
    record.checker.error((), (
        f"no practice 'practices/{record.slug}.md' for this review record: a record is "
        f"named after the practice it reviews; rename it, or remove it with its practice{hint}"))


def dates_match(record: ReviewFile, practice: ReviewedPractice) -> None:
    reviewed = record.values.get("reviewed")
    if reviewed is None:
        return
    if "reviewed" in practice.values:
        if practice.values["reviewed"] != reviewed:
            record.checker.error(("reviewed",), (
                f"'reviewed' is {reviewed.isoformat()} but {practice.path} says "
                f"'reviewed: {practice.values['reviewed'].isoformat()}': the record and the "
                "practice must give the same date"))
    elif "reviewed" not in practice.written:
        record.checker.error(("reviewed",), (
            f"{practice.path} has no 'reviewed' date: add 'reviewed: {reviewed.isoformat()}' "
            "to the practice, or remove this record"))


def sources_are_the_practices(record: ReviewFile, practice: ReviewedPractice) -> None:
    urls = [source["url"] for source in practice.values.get("sources", []) if "url" in source]
    if not urls:
        return
    for i, fact in enumerate(record.values.get("facts", [])):
        source = fact.get("source")
        if source is not None and source not in urls:
            hint = did_you_mean(source, urls)
            record.checker.error(("facts", i, "source"), (
                f"'{source}' is not one of the sources of {practice.path}: give the URL of "
                "one of its sources, character for character, or add this source to the "
                f"practice{hint}"))


def commitments_have_their_facts(record: ReviewFile, practice: ReviewedPractice) -> None:
    named = {fact.get("commitment") for fact in record.values.get("facts", [])}
    for commitment in practice.values.get("commitments", []):
        if commitment not in named:
            record.checker.error(("facts",), (
                f"{practice.path} puts into action '{commitment}' but no fact names it: "
                f"add a fact with 'commitment: {commitment}' and the source's sentence that "
                "shows it, or remove the commitment from the practice"))


def facts_name_the_practices_commitments(record: ReviewFile,
                                         practice: ReviewedPractice) -> None:
    listed = practice.values.get("commitments", [])
    for i, fact in enumerate(record.values.get("facts", [])):
        commitment = fact.get("commitment")
        if commitment is not None and commitment not in listed:
            hint = did_you_mean(commitment, listed)
            record.checker.error(("facts", i, "commitment"), (
                f"{practice.path} does not list the commitment '{commitment}': name one of "
                "its commitments, or add this one to the practice if a source shows it"
                f"{hint}"))


def build(record: ReviewFile) -> Review:
    values = record.values
    return Review(
        slug=record.slug,
        reviewed=values["reviewed"],
        by=values.get("by"),
        facts=tuple(Fact(**fact) for fact in values["facts"]),
        source_path=record.checker.doc.path,
    )

