"""The GitHub issue form for proposing a practice, and reading a filled one back.

People without Git propose a practice by filling in the issue form
``.github/ISSUE_TEMPLATE/practice.yml``. Its questions are made from the
practice schema and the vocabularies in ``data/`` (``hub issue-form`` writes
it), and ``hub from-issue`` reads the issue GitHub renders from it, one
``### Label`` section per question, back into a practice file through the
same questions. The form, the reader and the validator therefore share one
model; a test keeps the committed form equal to the generated one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cityhub.content import practices
from cityhub.content.places import sdg_title
from cityhub.content.problems import Problems
from cityhub.content.schema import Choice, Field, Integer, ListOf, Record, Slug, Text, Type
from cityhub.content.slugs import slugify
from cityhub.content.vocab import Term, load_vocabulary
from cityhub.contribute.scaffold import (
    BODY_SECTIONS,
    NewFile,
    Refused,
    choices,
    free_path,
    practice_text,
)
from cityhub.messages import ENDONYMS, LANGUAGES, N_, SOURCE_LANGUAGE, _

FORM_PATH = ".github/ISSUE_TEMPLATE/practice.yml"
#: set by the hub and its editors, not by the person proposing a practice
EDITORIAL_FIELDS = ("submitted", "reviewed", "draft")
#: fields the issue form does not ask: the editorial ones
NOT_ASKED = EDITORIAL_FIELDS
#: fields whose values are ids from a vocabulary file in data/
VOCABULARY_FIELDS = ("themes", "target_groups")
#: the question each field asks, by its key (a sub-field by its parent's and its own)
LABELS = {
    ("title",): N_("Title"), ("city",): N_("City"), ("partner_cities",): N_("Partner cities"),
    ("summary",): N_("Summary"), ("themes",): N_("Themes"), ("commitments",): N_("Commitments"),
    ("sdgs",): N_("Sustainable Development Goals"), ("status",): N_("Status"),
    ("started",): N_("Started"), ("ended",): N_("Ended"), ("target_groups",): N_("Target groups"),
    ("partners",): N_("Partner organisations"), ("results",): N_("Measured results"),
    ("sources",): N_("Sources"), ("contact", "name"): N_("Contact name"),
    ("contact", "email"): N_("Contact e-mail"), ("contact", "url"): N_("Contact web page"),
    ("lang",): N_("Language of your text"),
}
NOTES = {
    "city": N_("As in the city's address on the hub, /cities/<slug>/ (e.g. barcelona). If "
               "your city is not on the hub yet, write its name and country: an editor will "
               "add it."),
    "partner_cities": N_("Separate them with commas."),
    "commitments": N_("One per line, e.g. nancy-2018#gender-equality (see the pledge pages)."),
    "partners": N_("One per line."),
    "results": N_("One per line, with figures where a source gives them."),
    "sources": N_("One per line: the title, then the web address."),
}
#: what a choice is called where the form offers it, by field (its value otherwise)
CHOICE_LABELS = {"status": practices.STATUS_LABELS}
NO_RESPONSE = "_No response_"
_INTRO = N_(
    "Thank you for sharing a practice of your city. Fill in what you know: an editor "
    "checks the facts against the sources you give, turns the form into a page of the hub "
    "and tells you in this issue when it is published. CONTRIBUTING.md explains every field."
)
_LICENCE = N_("I agree that this description is published under the Creative Commons "
              "Attribution 4.0 licence (CC BY 4.0)")
_CHECKBOX = re.compile(r"^\s*[-*]\s*\[([ xX])\]\s*(.+?)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?(https?://[^)\s>]+)>?\s*\)")
_URL = re.compile(r"<?(https?://[^\s>]+)>?")


@dataclass(frozen=True)
class Question:
    """One question of the form: a front-matter field or a body section."""

    id: str
    label: str
    kind: str  # input, textarea, dropdown or checkboxes
    description: str
    key: tuple[str, ...]  # ("contact", "email") for a field, ("body", heading) for a section
    type: Type | None = None
    options: tuple[tuple[Any, str], ...] = ()  # (value, what the form shows)
    required: bool = False
    multiple: bool = False
    default: int | None = None  # the option chosen at first, by its index


def questions(root: Path) -> list[Question]:
    """The form's questions, in the order of the schema, then the body sections."""
    return questions_for({name: load_vocabulary(root, name, Problems())
                          for name in VOCABULARY_FIELDS})


def questions_for(vocabularies: Mapping[str, Iterable[Term]]) -> list[Question]:
    """The questions, with the choices of the given vocabularies (by field name)."""
    options = {name: tuple((term.id, term.label) for term in vocabularies[name])
               for name in VOCABULARY_FIELDS}
    asked = [q for field in practices.SCHEMA.fields.values()
             if field.key not in NOT_ASKED for q in _field_questions(field, (), options)]
    # The language is asked right after the title, as on the site's form.
    language = next(q for q in asked if q.key == ("lang",))
    asked.remove(language)
    asked.insert(1, language)
    sections = [Question(f"body-{slugify(heading)}", _(heading), "textarea", _(guidance),
                         ("body", heading)) for heading, guidance in BODY_SECTIONS]
    return asked + sections


def _field_questions(field: Field, parent: tuple[str, ...],
                     options: dict[str, tuple[tuple[str, str], ...]]) -> list[Question]:
    key = (*parent, field.key)
    if isinstance(field.type, Record):
        return [q for sub in field.type.fields.values()
                for q in _field_questions(sub, key, options)]
    label = _(LABELS[key])
    shown = CHOICE_LABELS.get(field.key, {})
    described = _sentence(_(field.description)) if not isinstance(field.type, Choice) else \
        _("One of %(choices)s.") % {"choices": ", ".join(
            _(shown[value]) if value in shown else value for value in field.type.values)}
    note = _(NOTES[field.key]) if field.key in NOTES else None
    question = Question("-".join(key).replace("_", "-"), label, _kind(field.type),
                        f"{described} {note}" if note else described, key, field.type,
                        required=field.required)
    if field.key == "lang":
        # Each language named in itself, the hub's own first and chosen at first.
        return [_with(question, kind="dropdown", default=0, description=_(
            "The language you write the title, summary and description in. Translations "
            "into the hub's other languages can be added later."),
            options=tuple((code, ENDONYMS[code]) for code in LANGUAGES))]
    if field.key in options:
        tick = _("Tick every one that applies, at least one.") if field.required else \
            _("Tick every one that applies.")
        return [_with(question, kind="checkboxes", options=options[field.key],
                      description=tick)]
    if isinstance(field.type, Choice):
        return [_with(question, kind="dropdown", options=tuple(
            (value, _(shown[value]) if value in shown else value)
            for value in field.type.values))]
    if isinstance(field.type, ListOf) and field.key == "sdgs":
        return [_with(question, kind="dropdown", multiple=True, options=tuple(
            (n, _("SDG %(number)d: %(title)s") % {"number": n, "title": sdg_title(n)})
            for n in range(1, 18)))]
    return [question]


def _sentence(description: str) -> str:
    """A field's description as a sentence, without the YAML shape it ends with."""
    text = re.sub(r":\s*\{[^}]*\}$", "", description)
    return text[0].upper() + text[1:] + "."


def _with(question: Question, **changes: Any) -> Question:
    return Question(**{**question.__dict__, **changes})


def _kind(value_type: Type) -> str:
    if isinstance(value_type, ListOf):
        return "input" if isinstance(value_type.item, Slug) else "textarea"
    if isinstance(value_type, Text) and not isinstance(value_type, Slug):
        return "input" if (value_type.max_length or 1000) <= 200 else "textarea"
    return "input"


def issue_form(root: Path) -> str:
    """The issue form's YAML, as committed in ``.github/ISSUE_TEMPLATE/``."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _(_INTRO)}}]
    body += [_element(question) for question in questions(root)]
    body.append({"type": "checkboxes", "id": "licence", "attributes": {
        "label": _("Licence"), "options": [{"label": _(_LICENCE), "required": True}]}})
    form = {"name": _("Propose a good practice"),
            "description": _("Share a good practice of your city; an editor adds it to the hub."),
            "title": _("Practice: "), "labels": ["practice"], "body": body}
    header = ("# Generated from the practice schema and data/*.yml by `hub issue-form`:\n"
              "# do not edit by hand; run `make issue-form` after changing them.\n")
    return header + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def _element(question: Question) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": question.label, "description": question.description}
    if question.kind == "checkboxes":
        attributes["options"] = [{"label": shown} for _, shown in question.options]
    elif question.kind == "dropdown":
        attributes["multiple"] = question.multiple
        attributes["options"] = [shown for _, shown in question.options]
        if question.default is not None:
            attributes["default"] = question.default
    element: dict[str, Any] = {"type": question.kind, "id": question.id,
                               "attributes": attributes}
    if question.required and question.kind != "checkboxes":
        element["validations"] = {"required": True}
    return element


def practice_from_issue(root: Path, text: str, today: dt.date) -> NewFile:
    """A draft practice file made from the body of a filled issue form."""
    asked = questions(root)
    answers = read_answers(text, asked)
    values: dict[str, Any] = {}
    sections: dict[str, str] = {}
    for question in asked:
        answer = answers.get(question.label, "")
        if question.key[0] == "body":
            sections[question.key[1]] = answer
        elif answer:
            _store(values, question.key, answer_value(question, answer))
    title = values.get("title")
    if not isinstance(title, str) or not title:
        raise Refused(_("the issue's 'Title' is empty: ask the author for the practice's name"))
    path = free_path(root, practices.FOLDER, title)
    if values.get("lang") == SOURCE_LANGUAGE:
        del values["lang"]  # the default, left unsaid as in every other file
    values.update(submitted=today.isoformat(), draft=True)
    hints = {name: choices([value for value, _ in q.options])
             for q in asked for name in VOCABULARY_FIELDS if q.key == (name,)}
    return NewFile(path, practice_text(values, sections, hints))


def read_answers(text: str, asked: list[Question]) -> dict[str, str]:
    """The text under each ``### Label`` of the form, by label; empty answers left out."""
    labels = {q.label for q in asked}
    answers: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = line.strip()[4:].strip() if line.strip().startswith("### ") else None
        if heading in labels:
            current = answers.setdefault(heading, [])
        elif current is not None:
            current.append(line)
    if not answers:
        raise Refused("this is not the body of a filled practice form: it has none of the "
                      "form's sections ('### Title', '### City', ...)")
    found = {label: "\n".join(lines).strip() for label, lines in answers.items()}
    return {label: text for label, text in found.items() if text and text != NO_RESPONSE}


def answer_value(question: Question, answer: str) -> Any:
    """The front-matter value of an answer, as a person would have typed it."""
    if question.kind == "checkboxes":
        by_label = {shown: value for value, shown in question.options}
        ticked = [m.group(2) for m in map(_CHECKBOX.match, answer.split("\n"))
                  if m and m.group(1) != " "]
        return [by_label.get(label, slugify(label)) for label in ticked]
    if question.kind == "dropdown":
        chosen = [value for value, shown in question.options if shown in answer]
        if question.multiple:
            return chosen
        return chosen[0] if chosen else " ".join(answer.split())
    value_type = question.type
    if isinstance(value_type, ListOf):
        if isinstance(value_type.item, Record):
            return [_source(line) for line in _lines(answer)]
        if isinstance(value_type.item, Slug):
            return [word for word in re.split(r"[\s,;]+", answer) if word]
        return list(_lines(answer))
    text = " ".join(answer.split())
    if isinstance(value_type, Integer) and re.fullmatch(r"[0-9]+", text):
        return int(text)
    return text


def _lines(answer: str) -> Iterator[str]:
    for line in answer.split("\n"):
        text = " ".join(_BULLET.sub("", line).split())
        if text:
            yield text


def _source(line: str) -> dict[str, str]:
    """``{title, url}`` from 'Title - https://...' or '[Title](https://...)'."""
    link = _MARKDOWN_LINK.search(line)
    if link:
        return {"title": link.group(1).strip(), "url": link.group(2)}
    urls = list(_URL.finditer(line))
    if not urls:
        return {"title": line}
    url = urls[-1]
    title = (line[:url.start()] + line[url.end():]).strip(" \t-\u2013\u2014:|,;()")
    return {"title": title, "url": url.group(1)} if title else {"url": url.group(1)}


def _store(values: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    if value in ([], ""):
        return
    for part in key[:-1]:
        values = values.setdefault(part, {})
    values[key[-1]] = value
