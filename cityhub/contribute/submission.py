"""The "Submit a practice" page: a form made from the practice model.

The form asks the issue form's questions (:func:`cityhub.contribute.issueform.questions_for`),
with the choices the hub knows: its cities to search, its themes, target
groups, SDGs and pledge commitments to tick. In the browser,
``docs/assets/submit.js`` checks an entry against :func:`form_schema` (the
practice's JSON Schema with those ids as enums and the value patterns of
:mod:`cityhub.content.schema`, published next to the other schemas under
``schemas/``), then by the rules between fields of
:data:`cityhub.content.practices.RULES` and the raw-HTML policy of
:mod:`cityhub.content.bodies`, and writes the practice file in the layout of
:func:`cityhub.contribute.scaffold.practice_text`, named as
:func:`cityhub.content.slugs.slugify` names it. :meth:`SubmissionForm.layout`
hands the script all of these as data; the script holds only the code that
applies them, so the form cannot drift from the validator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from cityhub.content import practices
from cityhub.content.bodies import browser_policy
from cityhub.content.cities import language_name
from cityhub.content.hub import Hub
from cityhub.content.places import country_name
from cityhub.content.rules import browser_pattern
from cityhub.content.schema import JSON_SCHEMA_DIALECT, Integer, ListOf, Record, schema_path
from cityhub.content.slugs import NON_SLUG, slugify
from cityhub.contribute.issueform import VOCABULARY_FIELDS, Question, questions_for
from cityhub.contribute.scaffold import (
    BODY_SECTIONS,
    FORM_HEADER,
    NOT_PRINTABLE,
    NOT_TEXT,
    PLAIN,
    choices,
    field_comment,
    header_lines,
    unset_lines,
)
from cityhub.messages import LANGUAGES, N_, SOURCE_LANGUAGE, _

FORM_SCHEMA = schema_path("practice-form")
#: what the form asks for where its controls differ from the issue form's
#: free text: these fields are chosen from lists or entered row by row
FORM_DESCRIPTIONS = {
    "city": N_("The city that runs the practice: type its name and choose it from the list. "
               "If your city is not on the hub yet, propose the practice with the issue form "
               "instead (see Contribute): an editor adds the city."),
    "partner_cities": N_("Other cities that run it with yours: type each one's name and "
                         "choose it from the list."),
    "commitments": N_("The commitments of the pledges that the practice puts into action: "
                      "open a pledge and tick them."),
    "sources": N_("Where readers can check the facts: at least one page or document about "
                  "the practice, with its title and its address (https://...)."),
}


@dataclass(frozen=True)
class Control:
    """One control of the form: a front-matter field or a body section."""

    #: the field's key ("contact.email") or the section's ("body.Context")
    name: str
    id: str
    label: str
    description: str
    #: text, textarea, lines, year, select, checkboxes, commitments, city, cities or sources
    widget: str
    required: bool = False
    options: tuple[tuple[Any, str], ...] = ()
    #: commitments grouped by pledge: (pledge title, ((value, label), ...))
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: for a section, its heading; for a field, the input's type (email, url)
    detail: str = ""
    #: for a choice that has a default: the option chosen at first ("" for the
    #: one that writes nothing), and no "Choose one"
    selected: str | None = None


class SubmissionForm:
    """The form's controls and the data its script needs, for one hub."""

    def __init__(self, hub: Hub, contact_email: str = "") -> None:
        self.hub = hub
        #: where to send the file when there is no repository to propose it on
        self.contact_email = contact_email
        self.schema_path = FORM_SCHEMA
        self.cities = _city_choices(hub)
        vocabularies = {name: getattr(hub, name) for name in VOCABULARY_FIELDS}
        # The issue form's language question, made this page's own: its
        # language chosen at first.
        self.controls = [self._language(q) if q.key == ("lang",) else self._control(q)
                         for q in questions_for(vocabularies)]

    def _language(self, question: Question) -> Control:
        """The language the entry is written in: at first the page's, which
        a French or Spanish visitor most likely writes in. English, the
        default of ``lang``, writes nothing."""
        options = tuple(("" if code == SOURCE_LANGUAGE else code, language_name(code))
                        for code in LANGUAGES)
        return Control("lang", "hub-submit-" + question.id, question.label, question.description,
                       "select", options=options,
                       selected="" if self.hub.language == SOURCE_LANGUAGE else self.hub.language)

    def layout(self) -> dict[str, Any]:
        """What the script needs besides the schema: the rules between fields,
        the raw-HTML policy, how to write and name the file, and the hub's
        cities and file names."""
        return {**file_layout(self.hints()),
                "rules": [rule.browser() for rule in practices.RULES],
                "body": browser_policy(),
                "letters": self.hub.transliteration,
                "cities": {shown.casefold(): slug for shown, slug, _ in self.cities},
                "near_cities": near_cities(self.cities),
                "taken": sorted(self.hub.practices)}

    def hints(self) -> dict[str, str]:
        """The hints ``hub from-issue`` writes above the vocabulary fields."""
        return {name: choices([term.id for term in getattr(self.hub, name)])
                for name in VOCABULARY_FIELDS}

    def _control(self, question: Question) -> Control:
        name = ".".join(question.key)
        base = Control(name, "hub-submit-" + question.id, question.label,
                       question.description, "text", question.required, question.options)
        if question.key[0] == "body":
            return _replace(base, widget="textarea", detail=question.key[1])
        return _replace(base, **self._widget(question))

    def _widget(self, question: Question) -> dict[str, Any]:
        key, value_type = question.key[-1], question.type
        description = _(FORM_DESCRIPTIONS[key]) if key in FORM_DESCRIPTIONS \
            else question.description
        if key == "city":
            return {"widget": "city", "description": description}
        if key == "partner_cities":
            return {"widget": "cities", "description": description}
        if key == "commitments":
            return {"widget": "commitments", "description": description,
                    "groups": self._commitments()}
        if isinstance(value_type, ListOf) and isinstance(value_type.item, Record):
            return {"widget": "sources", "description": description}
        if question.kind == "checkboxes" or question.multiple:
            return {"widget": "checkboxes"}
        if question.kind == "dropdown":
            return {"widget": "select"}
        if isinstance(value_type, ListOf):
            return {"widget": "lines"}
        if isinstance(value_type, Integer):
            return {"widget": "year"}
        detail = {"email": "email", "url": "url"}.get(key, "") if len(question.key) > 1 else ""
        widget = "textarea" if question.kind == "textarea" else "text"
        return {"widget": widget, "detail": detail}

    def _commitments(self) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        return tuple((pledge.title, tuple((f"{pledge.slug}#{c.id}", c.title)
                                          for c in pledge.commitments))
                     for pledge in self.hub.pledges.values())


def form_schema(hub: Hub, schema_id: str) -> dict[str, Any]:
    """The practice's JSON Schema, with the hub's ids as the only choices."""
    schema = practices.SCHEMA.json_schema()
    fields = schema["properties"]
    cities = list(hub.cities)
    fields["city"]["enum"] = cities
    fields["partner_cities"]["items"]["enum"] = cities
    for name in VOCABULARY_FIELDS:
        fields[name]["items"]["enum"] = [term.id for term in getattr(hub, name)]
    fields["commitments"]["items"]["enum"] = [
        f"{pledge.slug}#{c.id}" for pledge in hub.pledges.values() for c in pledge.commitments]
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id,
            "title": "A practice as the hub's submission form may propose it",
            "description": "The practice schema, with the ids of this hub's cities, "
                           "vocabularies and pledge commitments as the only choices.",
            **schema}


def file_layout(hints: dict[str, str]) -> dict[str, Any]:
    """The layout of :func:`cityhub.contribute.scaffold.practice_text`, for the script to
    fill in: each field's comment and the lines it has without a value, the
    body sections with their guidance, how values are written in YAML, and
    what a slug replaces with hyphens."""
    return {
        "header": header_lines(FORM_HEADER),
        "fields": [{"key": field.key, "comment": field_comment(field, hints.get(field.key)),
                    "unset": unset_lines(field)}
                   for field in practices.SCHEMA.fields.values()],
        "sections": [{"heading": heading, "guidance": guidance}
                     for heading, guidance in BODY_SECTIONS],
        "yaml": {"plain": browser_pattern(PLAIN), "not_text": browser_pattern(NOT_TEXT),
                 "not_printable": browser_pattern(NOT_PRINTABLE)},
        "non_slug": browser_pattern(NON_SLUG),
    }


def near_cities(cities: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """The form's did-you-mean for cities, as data: each city's name and slug
    written as a slug, and each of those with one character left out, to what
    the city list shows. The script writes what was typed the same way and
    looks it and its one-character-shorter forms up, so a name one or two
    typing slips away ("Barcelone", "Exampletown") finds its city."""
    near: dict[str, list[str]] = {}
    for shown, slug, _country in cities:
        keys = {slugify(shown), slug}
        for key in list(keys):
            keys.update(key[:i] + key[i + 1:] for i in range(len(key)))
        for key in keys:
            if shown not in near.setdefault(key, []):
                near[key].append(shown)
    return near


def _city_choices(hub: Hub) -> list[tuple[str, str, str]]:
    """(what the list shows, slug, country) of each city; a name that two
    cities share is shown with its country."""
    names = Counter(city.name for city in hub.cities.values())
    return [(city.name if names[city.name] == 1 else
             f"{city.name}, {country_name(city.country)}", city.slug, country_name(city.country))
            for city in hub.cities.values()]


def _replace(control: Control, **changes: Any) -> Control:
    return Control(**{**control.__dict__, **changes})
