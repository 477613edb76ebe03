"""Content in its own language, translations beside it.

Every content file is written in one of the hub's languages (its ``lang``,
``en`` unless it says otherwise). A translation is a sibling file named with
the language before ``.md`` (``practices/<slug>.fr.md``) that holds only the
translatable keys of its content type, says who translated it, when, and
whether the text is official, and may have a body. This module owns the
file names, the keys every translation shares, the checks a translation can
only pass once its original is known, and the typed :class:`Translation`
the :class:`~cityhub.content.hub.Hub` keeps; each content type lists its
own translatable keys (``TRANSLATION`` in ``practices.py``, ``pledges.py``,
``cities.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cityhub.content.frontmatter import Path
from cityhub.content.problems import close_matches, did_you_mean
from cityhub.content.schema import Checker, Choice, Date, Field, Record, Text, Url, label
from cityhub.content.slugs import is_slug
from cityhub.messages import LANGUAGES, SOURCE_LANGUAGE

#: a content file's language, the ``lang`` key of cities, pledges and practices
CONTENT_LANGUAGE = Choice(*LANGUAGES)
CONTENT_LANGUAGE_NOTE = ("the language this file is written in: " + ", ".join(LANGUAGES)
                         + f" (default {SOURCE_LANGUAGE})")
#: what a translation is: the network's own text, or one made by someone else
STATUSES = ("official", "unofficial")
#: the English names of the hub's languages, as validator messages name them
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
_SUFFIX = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
T = TypeVar("T")

_SHARED_FIELDS = (
    Field("translation", Choice(*STATUSES), required=True,
          description="official (the issuing network published this text; give its "
                      "'source') or unofficial (anyone else's translation)"),
    Field("translated_by", Text(max_length=200), required=True,
          description="who translated it: a person, an office or 'Inclusive Cities Hub'"),
    Field("translated", Date(), required=True,
          description="the date of the translation, YYYY-MM-DD; change it when you bring "
                      "the translation up to date with its original"),
    Field("source", Url(), description="where the network published this text (required "
                                       "for an official translation)"),
)


def _official_has_source(values: dict[str, Any], path: Path, checker: Checker) -> None:
    """An official translation is the network's own text: say where it is published."""
    if values.get("translation") == "official" and "source" not in values:
        checker.error((*path, "translation"),
                      "'translation' is 'official' but 'source' is missing: add 'source:' "
                      "with the address where the network published this text, or set "
                      "'translation: unofficial' if it is not the network's own translation")


class TranslationRecord(Record):
    """The front-matter of a translation: the translatable keys of one content
    type, and the keys every translation shares. A key of the original that
    is not translatable gets its own message."""

    def __init__(self, original: Record, *translatable: Field) -> None:
        super().__init__(*translatable, *_SHARED_FIELDS, rules=(_official_has_source,))
        self.original = original
        self.translatable = tuple(f.key for f in translatable)

    def _unknown(self, key: str) -> str:
        if key == "lang":
            return ("'lang' does not belong in a translation: its language is the one in "
                    "the file name (<slug>.fr.md is French); remove this line")
        if key in self.original.fields:
            return (f"'{key}' is not translatable: the original's '{key}' holds in every "
                    f"language; remove it here (a translation holds only "
                    f"{', '.join(self.translatable)}, {', '.join(f.key for f in _SHARED_FIELDS)})")
        return super()._unknown(key)


@dataclass(frozen=True)
class TranslatedCommitment:
    """A pledge commitment in another language, by the commitment's id."""

    id: str
    title: str | None = None
    text: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Translation:
    """One translation file: which content it translates, into which language,
    by whom, and the translated texts (only those it gives)."""

    folder: str
    slug: str
    lang: str
    #: ``official`` or ``unofficial``
    status: str
    translated_by: str
    translated: dt.date
    source: str | None
    #: the translated text fields given (``title``, ``summary``, ``name``)
    texts: Mapping[str, str]
    #: the translated lists given (``results``, ``partners``), item for item
    lists: Mapping[str, tuple[str, ...]]
    #: the translated commitments of a pledge, by id
    commitments: Mapping[str, TranslatedCommitment]
    body: str
    source_path: str

    @property
    def official(self) -> bool:
        return self.status == "official"


def build(folder: str, slug: str, lang: str, values: dict[str, Any], body: str,
          source_path: str) -> Translation:
    """The typed translation of values that passed every check."""
    return Translation(
        folder=folder, slug=slug, lang=lang, status=values["translation"],
        translated_by=values["translated_by"], translated=values["translated"],
        source=values.get("source"),
        texts={k: values[k] for k in ("title", "summary", "name") if k in values},
        lists={k: tuple(values[k]) for k in ("results", "partners") if k in values},
        commitments={c["id"]: TranslatedCommitment(**c) for c in values.get("commitments", ())},
        body=body, source_path=source_path)


@dataclass(frozen=True)
class Localized(Generic[T]):
    """A value in the language asked for, or else the original's, with the
    language it is written in: what a page marks with ``lang``."""

    value: T
    lang: str
    #: the translation it comes from; None for the original's own text
    translation: Translation | None = None

    @property
    def translated(self) -> bool:
        return self.translation is not None


# The file names of translations --------------------------------------------------


@dataclass(frozen=True)
class FileName:
    """What a content file's name says: its slug, and the language of a translation."""

    slug: str
    lang: str | None = None


def read_file_name(stem: str) -> FileName | str | None:
    """The slug (and language) that ``stem`` (a file name without ``.md``)
    names, an error message when it names a translation into a language the
    hub does not have, or None when it is no content file name at all."""
    if is_slug(stem):
        return FileName(stem)
    slug, dot, suffix = stem.rpartition(".")
    if not dot or not is_slug(slug) or not _SUFFIX.fullmatch(suffix):
        return None
    if suffix in LANGUAGES:
        return FileName(slug, suffix)
    example = suffix.lower() if suffix.lower() in LANGUAGES else "fr"
    return (f"'{suffix}' is not a language of the hub: a translation is named "
            f"<slug>.<language>.md with one of {', '.join(LANGUAGES)} in lower case, "
            f"e.g. '{slug}.{example}.md'")


# The checks a translation passes once its original is known -------------------------


@dataclass
class Original:
    """What the checks of a translation need to know of its original file."""

    path: str
    #: the original's language; None when its own 'lang' is wrong (reported there)
    lang: str | None
    values: dict[str, Any]
    commitment_ids: set[str] = field(default_factory=set)

    @property
    def draft(self) -> bool:
        return bool(self.values.get("draft"))


def check_against_original(values: dict[str, Any], lang: str, original: Original | None,
                           folder: str, slug: str, others: set[str], checker: Checker) -> None:
    """A translation needs its original, in another language, and says
    nothing the original does not: no commitment it lacks, results and
    partners item for item."""
    if original is None:
        close = [f"{other}.{lang}.md" for other in close_matches(slug, others)]
        hint = did_you_mean(close[0], close) if close else \
            ": add the original first, or rename this file"
        _file_error(checker, f"there is no {folder}/{slug}.md for this file to translate; a "
                             f"translation is named after its original, <slug>.{lang}.md"
                             f"{hint}")
        return
    if original.lang == lang:
        others_named = " or ".join(f"'{slug}.{o}.md'" for o in LANGUAGES if o != lang)
        said = f"lang: {lang}" if "lang" in original.values else f"no 'lang', so {lang}"
        _file_error(checker, f"{original.path} is itself written in {LANGUAGE_NAMES[lang]} "
                             f"({said}), so this file cannot translate it into "
                             f"{LANGUAGE_NAMES[lang]}: name it after the language it is in "
                             f"({others_named}), or, if the original is not in "
                             f"{LANGUAGE_NAMES[lang]}, give its own 'lang'")
    for key in ("results", "partners"):
        _check_item_for_item(values, original, key, checker)
    for i, commitment in enumerate(values.get("commitments", [])):
        if "id" in commitment and commitment["id"] not in original.commitment_ids:
            ids = original.commitment_ids
            hint = did_you_mean(commitment["id"], ids)
            listing = "" if hint else f" (its commitments: {', '.join(sorted(ids)) or 'none'})"
            checker.error(("commitments", i, "id"),
                          f"{original.path} has no commitment '{commitment['id']}' to "
                          f"translate{hint}{listing}")
    _check_name(values.get("name"), lang, original, checker)


def _check_name(name: str | None, lang: str, original: Original, checker: Checker) -> None:
    """A city's name in a language is written once: where it differs from
    its own, in the translation or among its ``other_names``, not both."""
    if name is None:
        return
    if name == original.values.get("name"):
        checker.error(("name",), f"'name' is the original's own name '{name}': give a name "
                                 "only where this language writes it differently; "
                                 "remove this line")
        return
    listed = [o["name"] for o in original.values.get("other_names", []) if o.get("lang") == lang]
    if listed:
        checker.error(("name",), f"{original.path} already gives the city's "
                                 f"{LANGUAGE_NAMES[lang]} name '{listed[0]}' (other_names): "
                                 f"a city's name in a language is written once; remove this "
                                 f"line, or correct other_names if '{name}' is right")


def _file_error(checker: Checker, message: str) -> None:
    """A problem with the file as a whole, named by its first line."""
    checker.failed = True
    checker.problems.add(checker.doc.path, 1, message)


def _check_item_for_item(values: dict[str, Any], original: Original, key: str,
                         checker: Checker) -> None:
    """Results are facts and partners organisations: a translation says each
    one the original says, in the same order, and no other."""
    if key not in values:
        return
    theirs = original.values.get(key, [])
    if len(values[key]) != len(theirs):
        checker.error((key,), f"{label((key,))} has {len(values[key])} item"
                              f"{'s' * (len(values[key]) != 1)} but {original.path} has "
                              f"{len(theirs)}: translate each of the original's {key}, in "
                              "its order, and add none (anything new goes into the original "
                              "first)")
