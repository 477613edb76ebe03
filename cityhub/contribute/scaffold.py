"""Starting a content file: ``hub new practice`` and ``hub new city``.

A new file is written from its content type's schema, the same declarations
the validator checks against: every field appears in it, either filled in or
as a commented-out line under its description, so the file cannot list a key
the validator does not know or miss one it does. A new practice is a draft
that holds only what its author gave (title, city) and what the hub knows
(the date it was submitted): every other required field is left empty under
its comment, so ``hub check`` names each one still to fill in, and nothing
invented can be published by mistake. Values given on the command line are
checked with the schema's own messages before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cityhub.content import cities, practices
from cityhub.content.frontmatter import Document
from cityhub.content.problems import Problems, did_you_mean
from cityhub.content.schema import BLANK_OR_CONTROL, Checker, Field, ListOf, Record
from cityhub.content.slugs import slugify
from cityhub.content.vocab import load_vocabulary
from cityhub.messages import N_, _

#: the sections of a practice's body, each with what it should tell a reader
#: the sections of a practice's body: each heading (as files write it; forms
#: show it translated) and what it holds
BODY_SECTIONS: tuple[tuple[str, str], ...] = (
    (N_("Context"), N_("The situation before the practice: the problem, who was affected, "
                       "with figures where you have them.")),
    (N_("What the city did"), N_("The measures taken, who ran them, with which partners and "
                                 "budget, in the order they happened.")),
    (N_("Results"), N_("What changed, with figures and where they come from; say so if "
                       "nothing has been measured yet.")),
    (N_("Lessons learned"), N_("What worked, what did not, and what you would do "
                               "differently.")),
    (N_("How to replicate"), N_("What another city needs to do the same: steps, people, "
                                "costs, pitfalls.")),
)
CITY_BODY_GUIDANCE = ("A short profile of the city's inclusion work: its policies, offices "
                      "and networks. It may stay empty.")
# How a value is written in YAML (the submission form's script writes with
# these patterns too, so they are written to mean the same in JavaScript).
#: text written as it is: ids, references, dates and web addresses
PLAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?"
                   rf"""|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|https?://[^{BLANK_OR_CONTROL}"'\\,\[\]{{}}]+""")
#: plain words the hub's reader reads as something other than text
NOT_TEXT = re.compile(r"true|false|null|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
#: characters a quoted value writes as \uXXXX escapes
NOT_PRINTABLE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")
_HEADER = (
    "Lines starting with '#' are comments: each says what the field below it holds.",
    "To use an optional field, delete the '# ' in front of it.",
    "Run `make check` after each change; CONTRIBUTING.md explains every field.",
)
#: the header of a file made by the submission form, whose author has no terminal
FORM_HEADER = (
    "Lines starting with '#' are comments: each says what the field below it holds.",
    "This file was made by the hub's submission form; the editors check it before it is "
    "published.",
)


class Refused(Exception):
    """Nothing was written; each message says why and what to do instead."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


@dataclass(frozen=True)
class NewFile:
    """A content file to create: its path relative to the repository root."""

    path: str
    text: str
    #: the required fields left empty for the author to fill in
    to_fill: tuple[str, ...] = ()

    def write(self, root: Path) -> None:
        """Create the file; refuse if it appeared since it was planned."""
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as file:
                file.write(self.text)
        except FileExistsError:
            raise Refused(f"{self.path} already exists: choose another title, or edit "
                          "that file") from None


def new_practice(root: Path, city: str, title: str, today: dt.date) -> NewFile:
    """A draft practice of ``city`` called ``title``, ready to fill in: the
    required fields it was not given are left empty."""
    title = " ".join(title.split())
    if not title:
        raise Refused(_("the title is empty: give the practice's name, e.g. %(example)s")
                      % {"example": ask("title", "Anti-rumour strategy")})
    path = free_path(root, practices.FOLDER, title)
    city = check_city(root, city.strip())
    themes = list(load_vocabulary(root, "themes", Problems()).terms)
    groups = list(load_vocabulary(root, "target_groups", Problems()).terms)
    values = {"title": title, "city": city, "submitted": today.isoformat(), "draft": True}
    check_values(practices.SCHEMA, values)
    hints = {"themes": choices(themes), "target_groups": choices(groups)}
    to_fill = tuple(field.key for field in practices.SCHEMA.fields.values()
                    if field.required and field.key not in values)
    return NewFile(path, practice_text(values, {}, hints), to_fill)


def ask(option: str, example: str) -> str:
    """How the person who ran the command gives ``option``: ``TITLE="…"``
    through make (which names its variables in HUB_MAKE_VARIABLES), else ``--title "…"``."""
    quoted = f'"{example}"' if " " in example else example
    through_make = os.environ.get("HUB_MAKE_VARIABLES", "").split()
    if option.upper() in through_make:
        return f"{option.upper()}={quoted}"
    return f"--{option} {quoted}"


def new_city(root: Path, name: str, country: str, lat: str, lon: str) -> NewFile:
    """A city called ``name``: the fields the hub cannot guess are left commented."""
    name = " ".join(name.split())
    if not name:
        raise Refused(_("the name is empty: give the city's name, e.g. %(example)s")
                      % {"example": ask("name", "São Paulo")})
    path = free_path(root, cities.FOLDER, name)
    values: dict[str, Any] = {"name": name, "country": country.strip()}
    missing = []
    if lat.strip() and lon.strip():
        values["location"] = {"lat": _number(lat), "lon": _number(lon)}
    else:
        missing.append(_("give the city's location in decimal degrees, e.g. %(lat)s %(lon)s "
                         "(a map site such as openstreetmap.org shows them)")
                       % {"lat": ask("lat", "48.692"), "lon": ask("lon", "6.184")})
    check_values(cities.SCHEMA, values, missing)
    text = front_matter(cities.SCHEMA, values) + f"<!-- {CITY_BODY_GUIDANCE} -->\n"
    return NewFile(path, text)


def free_path(root: Path, folder: str, name: str) -> str:
    """``folder/<slug of name>.md``, refused if the slug is empty or taken."""
    slug = slugify(name)
    if not slug:
        raise Refused(f"'{name}' has no letters or digits to make a file name from: "
                      "use a name with words in it")
    path = f"{folder}/{slug}.md"
    if (root / path).exists():
        raise Refused(f"{path} already exists: choose another title, or edit that file")
    return path


def check_city(root: Path, city: str) -> str:
    """The slug of ``city`` as ``cities/<slug>.md`` names it (``Nancy`` is
    ``nancy``), or refused with the closest known cities."""
    folder = root / cities.FOLDER
    known = {p.name[:-3] for p in folder.glob("*.md")} if folder.is_dir() else set()
    if city in known:
        return city
    if slugify(city) in known:
        return slugify(city)
    if not city:
        raise Refused(_("no city given: name the city by its file in cities/ without '.md', "
                        "e.g. %(example)s") % {"example": ask("city", "barcelona")})
    hint = did_you_mean(slugify(city) or city, known)
    if hint:
        raise Refused(f"unknown city '{city}'{hint}")
    raise Refused(_("unknown city '%(city)s': there is no cities/%(slug)s.md; add the city "
                    "first with %(command)s")
                  % {"city": city, "slug": slugify(city) or city,
                     "command": "`make new-city`" if "HUB_MAKE_VARIABLES" in os.environ
                     else "`hub new city`"})


def check_values(schema: Record, values: dict[str, Any], messages: list[str] | None = None,
                 ) -> None:
    """Refuse the given values if the schema rejects any, with the schema's own
    messages, after any ``messages`` already found."""
    problems = Problems()
    given = Record(*(field for field in schema.fields.values() if field.key in values))
    given.check(values, (), Checker(Document("<command line>"), problems))
    messages = [*(messages or []), *(problem.message for problem in problems)]
    if messages:
        raise Refused(*messages)


def choices(ids: list[str]) -> str:
    return "choose from: " + ", ".join(ids)


def practice_text(values: dict[str, Any], sections: Mapping[str, str],
                  hints: Mapping[str, str], *, from_form: bool = False) -> str:
    """A whole practice file. A section without text gets its guidance, for
    its author to write or remove; the submission form's file (``from_form``),
    which is not a draft, leaves it out instead."""
    header = FORM_HEADER if from_form else _HEADER
    parts = [front_matter(practices.SCHEMA, values, hints, header).rstrip("\n")]
    for heading, guidance in BODY_SECTIONS:
        text = sections.get(heading, "").strip()
        if text or not from_form:
            parts.append(f"## {heading}\n\n{text or f'<!-- {guidance} -->'}")
    return "\n\n".join(parts) + "\n"


def front_matter(schema: Record, values: dict[str, Any],
                 hints: Mapping[str, str] | None = None,
                 header: tuple[str, ...] = _HEADER) -> str:
    """Every field of ``schema`` in order: its value, or commented out if optional."""
    lines = header_lines(header)
    for field in schema.fields.values():
        lines += ["", *field_comment(field, (hints or {}).get(field.key))]
        if field.key in values:
            lines += _assignment(field.key, values[field.key])
        else:
            lines += unset_lines(field)
    lines.append("---")
    return "\n".join(lines) + "\n"


def header_lines(header: tuple[str, ...] = _HEADER) -> list[str]:
    """The opening ``---`` and the comment that explains the file."""
    return ["---", *(f"# {line}" for line in header)]


def field_comment(field: Field, hint: str | None) -> list[str]:
    """The comment above a field: required or optional, what it holds, the hint."""
    need = "Required" if field.required else "Optional"
    text = f"{need}: {field.description}." + (f" {hint[0].upper()}{hint[1:]}." if hint else "")
    return [f"# {line}" for line in textwrap.wrap(text, 86, break_on_hyphens=False)]


def unset_lines(field: Field) -> list[str]:
    """A field without a value: a required one is left empty for its author
    (the validator asks for it), an optional one is commented out."""
    if not field.required:
        return _commented_out(field)
    if isinstance(field.type, ListOf) and isinstance(field.type.item, Record):
        # the shape of an item, to copy under the key once per item
        subs = list(field.type.item.fields.values())
        return [f"{field.key}:", f"#   - {subs[0].key}:",
                *(f"#     {sub.key}:" for sub in subs[1:])]
    return [f"{field.key}:"]


def yaml_value(value: Any) -> str:
    """``value`` as YAML that the hub's reader reads back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if PLAIN.fullmatch(text) and not NOT_TEXT.fullmatch(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _assignment(key: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}:", *(f"  {k}: {yaml_value(v)}" for k, v in value.items())]
    if not isinstance(value, list):
        return [f"{key}: {yaml_value(value)}"]
    if all(isinstance(item, int) or yaml_value(item) == item for item in value):
        return [f"{key}: [{', '.join(yaml_value(item) for item in value)}]"]
    lines = [f"{key}:"]
    for item in value:
        if isinstance(item, dict):
            pairs = [f"{k}: {yaml_value(v)}" for k, v in item.items()]
            lines += [f"  - {pairs[0]}", *(f"    {pair}" for pair in pairs[1:])]
        else:
            lines.append(f"  - {yaml_value(item)}")
    return lines


def _commented_out(field: Field) -> list[str]:
    if isinstance(field.type, Record):
        return [f"# {field.key}:", *(f"#   {sub.key}:  # {sub.description}"
                                     for sub in field.type.fields.values())]
    if isinstance(field.type, ListOf):
        return [f"# {field.key}: []"]
    return [f"# {field.key}:"]


def _number(text: str) -> Any:
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    return number if math.isfinite(number) else text.strip()

