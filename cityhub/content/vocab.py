"""Controlled vocabularies: themes, networks and target groups in ``data/``.

Each file is a YAML list of ``{id, label, description}`` (networks add ``url``
and may add ``members_url``), in English, and an entry may add its label and
description in the hub's other languages (``translations: {fr: {label,
description}}``). Practices, cities and pledges refer to these ids; an id
that is not here is an error with a "did you mean" hint.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from cityhub.content.frontmatter import read_yaml
from cityhub.content.problems import Problems, did_you_mean
from cityhub.content.schema import INVALID, Checker, Field, ListOf, Record, Slug, Text, Url
from cityhub.content.translations import Localized
from cityhub.messages import LANGUAGES, SOURCE_LANGUAGE

#: the languages a vocabulary entry is translated into: all but its own, English
TERM_LANGUAGES = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)


@dataclass(frozen=True)
class TermText:
    """A vocabulary entry's words in another language."""

    label: str
    description: str | None = None


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    id: str
    label: str
    description: str
    url: str | None = None
    members_url: str | None = None
    #: the label and description in other languages, by language code
    translations: Mapping[str, TermText] = field(default_factory=dict, hash=False)
    #: the language ``label`` is written in (see :meth:`Vocabulary.in_language`)
    lang: str = SOURCE_LANGUAGE


VOCABULARY_FILES = {
    "themes": "data/themes.yml",
    "networks": "data/networks.yml",
    "target_groups": "data/target_groups.yml",
}



class _ByLanguage(Record):
    """An entry's translations, one mapping per language of :data:`TERM_LANGUAGES`."""

    def _unknown(self, key: str) -> str:
        if key == SOURCE_LANGUAGE:
            return (f"'{key}' is the language of the entry's own label and description: "
                    f"translations are into {', '.join(TERM_LANGUAGES)} only; remove it")
        hint = did_you_mean(key, TERM_LANGUAGES)
        return (f"'{key}' is not a language the hub translates into{hint} (write each "
                f"translation under one of {', '.join(TERM_LANGUAGES)})")


_TERM_TEXT = Record(
    Field("label", Text(max_length=120), required=True,
          description="the name shown to readers in this language"),
    Field("description", Text(max_length=400), description="the description in this language"),
    expected="a mapping {label: ..., description: ...}",
)
_TERM_FIELDS = (
    Field("id", Slug(), required=True, description="a short slug such as 'housing'"),
    Field("label", Text(max_length=120), required=True, description="the name shown to readers"),
    Field("description", Text(max_length=400), required=True,
          description="one sentence saying what it covers"),
    Field("translations", _ByLanguage(*(Field(code, _TERM_TEXT) for code in TERM_LANGUAGES),
                                      expected="a mapping of languages, e.g. {fr: {label: "
                                               "..., description: ...}}"),
          description="the label and description in other languages: {fr: {label, "
                      "description}, es: {label, description}}"),
)
TERM = Record(*_TERM_FIELDS)
NETWORK = Record(*_TERM_FIELDS,
                 Field("url", Url(), required=True, description="the network's official site"),
                 Field("members_url", Url(), description="the network's list of members"))


@dataclass
class Vocabulary:
    """The terms of one vocabulary file, in file order, by id."""

    name: str
    path: str
    terms: dict[str, Term]
    #: every id written in the file, valid or not, so one bad entry does not
    #: make every reference to it an error too
    known_ids: set[str]
    loaded: bool = False

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.known_ids

    @property
    def checkable_ids(self) -> set[str] | None:
        """The ids references are checked against, or None if the file could not be read."""
        return self.known_ids if self.loaded else None

    def short_label(self, term_id: str) -> str:
        """'ECCAR' for 'European Coalition of Cities against Racism (ECCAR)'."""
        label = self.label(term_id)
        if label.endswith(")") and "(" in label:
            return label[label.rindex("(") + 1:-1]
        return label

    def label(self, term_id: str) -> str:
        term = self.terms.get(term_id)
        return term.label if term else term_id

    def in_language(self, lang: str) -> Vocabulary:
        """This vocabulary with each entry's label and description in ``lang``
        where it is translated (:attr:`Term.lang` says which)."""
        terms = {}
        for term_id, term in self.terms.items():
            text = term.translations.get(lang)
            # A label kept as it is (a network with no name of its own in
            # the language) stays in its own language.
            terms[term_id] = term if text is None else replace(
                term, label=text.label, description=text.description or term.description,
                lang=lang if text.label != term.label else term.lang)
        return replace(self, terms=terms)

    def label_in(self, term_id: str, lang: str) -> Localized[str]:
        """The label of ``term_id`` in ``lang``, else in English."""
        term = self.terms.get(term_id)
        translated = term.translations.get(lang) if term else None
        if translated is not None:
            return Localized(translated.label, lang)
        return Localized(self.label(term_id), SOURCE_LANGUAGE)


def load_vocabulary(root: FsPath, name: str, problems: Problems) -> Vocabulary:
    path = VOCABULARY_FILES[name]
    vocabulary = Vocabulary(name, path, {}, set())
    file = root / path
    if not file.is_file():
        problems.add(path, 1, f"the vocabulary file {path} is missing: it lists the {name} "
                              "that content files may refer to")
        return vocabulary
    doc = read_yaml(path, file.read_bytes(), problems)
    if not doc.readable:
        return vocabulary
    checker = Checker(doc, problems)
    record = NETWORK if name == "networks" else TERM
    entries = ListOf(record, unique=False, min_items=1).check(doc.data, (), checker)
    if entries is INVALID:
        return vocabulary
    for index, raw in enumerate(doc.data):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            if raw["id"] in vocabulary.known_ids:
                checker.error((index, "id"), f"the id '{raw['id']}' is used twice in {path}")
            vocabulary.known_ids.add(raw["id"])
    vocabulary.loaded = True
    for entry in entries:
        if {"id", "label", "description"} <= entry.keys():
            vocabulary.terms.setdefault(entry["id"], _term(entry))
    return vocabulary


def load_vocabularies(root: FsPath, problems: Problems) -> dict[str, Vocabulary]:
    return {name: load_vocabulary(root, name, problems) for name in VOCABULARY_FILES}


def _term(entry: dict[str, Any]) -> Term:
    translations = {code: TermText(**text)
                    for code, text in entry.pop("translations", {}).items() if "label" in text}
    return Term(**entry, translations=translations)
