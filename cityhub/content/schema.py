"""The value types of front-matter, each a small named check.

A content type declares its front-matter as a :class:`Record` of
:class:`Field` objects. Checking a document walks the record: every problem is
reported with the line of the offending key and a message that says what was
expected, what was found and how to fix it, and checking goes on so that one
run reports everything. The same declarations produce the JSON Schema of each
content type (:meth:`Type.json_schema`), so tools and the validator cannot
drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pycountry

from cityhub.content.frontmatter import Document, Path
from cityhub.content.problems import Problems, close_matches, did_you_mean
from cityhub.content.slugs import SLUG, slugify
from cityhub.messages import _

# The patterns of values. The JSON Schemas publish them, and the submission
# form's script checks with them as JavaScript reads them, so each is written
# to mean the same in both: ASCII classes spelled out, no \d, \w or \s.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*(?::[0-9]+)?"
#: control characters and the spaces of every script (Python's and
#: JavaScript's whitespace alike), for a character class: no web address
#: holds them as written
BLANK_OR_CONTROL = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
URL = re.compile(rf"https?://{HOST}(?:[/?#][^{BLANK_OR_CONTROL}]*)?")
_SPACE = re.compile(r"\s")


#: the JSON Schema version every published schema is written in
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_path(name: str) -> str:
    """Where the site publishes the JSON Schema ``name`` (``practice``,
    ``practice-form``...), from the site root: one folder for tools and
    integrators, whatever page or file links to it."""
    return f"schemas/{name}.schema.json"


class Invalid:
    """The result of a check that failed; it has been reported already."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


class Checker:
    """Reports problems of one document, at the line of the value's path."""

    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.failed = False

    def error(self, path: Path, message: str) -> Any:
        self.failed = True
        self.problems.add(self.doc.path, self.doc.line(path), message)
        return INVALID


def label(path: Path) -> str:
    """How a contributor recognises a value: ``'url' (sources, item 2)``."""
    if not path:
        return "the front-matter"
    if len(path) == 1:
        return f"item {path[0] + 1}" if isinstance(path[0], int) else f"'{path[0]}'"
    parts: list[str] = []
    for part in path[:-1]:
        parts.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    last = path[-1]
    name = f"item {last + 1}" if isinstance(last, int) else f"'{last}'"
    return f"{name} ({', '.join(parts)})"


def describe(value: Any) -> str:
    """What a contributor wrote, in words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping (key: value pairs)"


class Type:
    """A front-matter value type."""

    expected = "a value"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def mismatch(self, value: Any, path: Path, checker: Checker, hint: str = "") -> Any:
        return checker.error(path, f"{label(path)} must be {self.expected}; found "
                                   f"{describe(value)}{hint}")


class Text(Type):
    def __init__(self, max_length: int | None = None, expected: str = "text") -> None:
        self.max_length = max_length
        self.expected = expected

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.mismatch(value, path, checker, f": put it in quotes, \"{value}\"")
        if not isinstance(value, str):
            return self.mismatch(value, path, checker)
        value = value.strip()
        if not value:
            return checker.error(path, f"{label(path)} is empty; write {self.expected}")
        if self.max_length is not None and len(value) > self.max_length:
            return checker.error(path, f"{label(path)} is {len(value)} characters long; at most "
                                       f"{self.max_length} are allowed: shorten it")
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        return schema


class Slug(Text):
    expected = ("a slug (a name as the hub writes it in file names and ids: lower-case "
                "letters, digits and single hyphens, e.g. 'sao-paulo')")

    def __init__(self, expected: str | None = None) -> None:
        super().__init__(expected=expected or Slug.expected)

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        value = super().check(value, path, checker)
        if value is INVALID:
            return value
        if not SLUG.fullmatch(value):
            written = slugify(value)
            hint = _("; did you mean '%(slug)s'?") % {"slug": written} if written else ""
            return self.mismatch(value, path, checker, hint)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{SLUG.pattern}$"}


class Integer(Type):
    def __init__(self, minimum: int | None = None, maximum: int | None = None,
                 expected: str = "a whole number") -> None:
        self.minimum, self.maximum = minimum, maximum
        self.expected = expected

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.mismatch(value, path, checker)
        return _in_range(value, self.minimum, self.maximum, path, checker)

    def json_schema(self) -> dict[str, Any]:
        return _range_schema({"type": "integer"}, self.minimum, self.maximum)


class Number(Type):
    def __init__(self, minimum: float, maximum: float) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.expected = "a number"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.mismatch(value, path, checker)
        return _in_range(float(value), self.minimum, self.maximum, path, checker)

    def json_schema(self) -> dict[str, Any]:
        return _range_schema({"type": "number"}, self.minimum, self.maximum)


class Boolean(Type):
    expected = "true or false"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if not isinstance(value, bool):
            return self.mismatch(value, path, checker)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Date(Type):
    expected = "a date written YYYY-MM-DD, e.g. 2018-12-10"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        match = _DATE.fullmatch(value) if isinstance(value, str) else None
        if not match:
            return self.mismatch(value, path, checker)
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return checker.error(path, f"{label(path)} is not a real date: {value} does not exist")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": f"^{_DATE.pattern}$"}


class Url(Type):
    expected = "an absolute web address starting with https:// or http://"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if not isinstance(value, str):
            return self.mismatch(value, path, checker)
        value = value.strip()
        if URL.fullmatch(value):
            return value
        if URL.fullmatch(_SPACE.sub("%20", value)):
            return checker.error(path, f"{label(path)} contains a space; encode it as %20")
        # "https//example.org" is no address missing its scheme: suggest one only
        # where what comes before the first "/" is a host name.
        guess = "https://" + value
        host = value.split("/")[0]
        hint = f"; did you mean '{guess}'?" if URL.fullmatch(guess) and "." in host else ""
        return self.mismatch(value, path, checker, hint)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": f"^{URL.pattern}$"}


class Email(Type):
    expected = "an e-mail address such as name@example.org"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
            return self.mismatch(value, path, checker)
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email", "pattern": f"^{EMAIL.pattern}$"}


class Country(Type):
    expected = "an ISO 3166-1 alpha-2 country code such as 'FR'"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if isinstance(value, str) and pycountry.countries.get(alpha_2=value) and value.isupper():
            return value
        return self.mismatch(value, path, checker, _country_hint(value))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(c.alpha_2 for c in pycountry.countries)}


def _country_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    try:
        country = pycountry.countries.lookup(value.strip())
    except LookupError:
        return ""
    return f"; did you mean '{country.alpha_2}' ({country.name})?"


class Choice(Type):
    def __init__(self, *values: str) -> None:
        self.values = values
        self.expected = "one of " + ", ".join(values)

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if value in self.values:
            return value
        hint = did_you_mean(value, self.values) if isinstance(value, str) else ""
        return self.mismatch(value, path, checker, hint)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0, unique: bool = True,
                 unique_by: str | None = None) -> None:
        self.item, self.min_items, self.unique = item, min_items, unique
        self.unique_by = unique_by
        self.expected = "a list"

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return self.mismatch(value, path, checker,
                                 f": write it as a list, [{value}], or one '- item' per line")
        if not isinstance(value, list):
            return self.mismatch(value, path, checker)
        if len(value) < self.min_items:
            return checker.error(path, f"{label(path)} needs at least {self.min_items} "
                                       f"item{'s' if self.min_items > 1 else ''}")
        checked = [self.item.check(v, (*path, i), checker) for i, v in enumerate(value)]
        if self.unique or self.unique_by:
            self._check_unique(checked, path, checker)
        return [v for v in checked if v is not INVALID]

    def _check_unique(self, checked: list[Any], path: Path, checker: Checker) -> None:
        seen: set[str] = set()
        for i, item in enumerate(checked):
            if item is INVALID:
                continue
            if self.unique_by:
                if self.unique_by not in item:
                    continue
                key = repr(item[self.unique_by])
                if key in seen:
                    checker.error((*path, i, self.unique_by),
                                  f"{label(path)} has the {self.unique_by} "
                                  f"{describe(item[self.unique_by])} twice: each "
                                  f"{self.unique_by} must appear once")
            else:
                key = repr(item)
                if key in seen:
                    checker.error((*path, i), f"{label(path)} lists {describe(item)} twice")
            seen.add(key)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    key: str
    type: Type
    required: bool = False
    description: str = ""


class Record(Type):
    """A mapping with known keys; unknown keys are errors with a hint."""

    def __init__(self, *fields: Field, expected: str = "a mapping (key: value pairs)",
                 rules: tuple[Callable[[dict[str, Any], Path, Checker], None], ...] = ()) -> None:
        self.fields = {f.key: f for f in fields}
        self.expected = expected
        self.rules = rules

    def check(self, value: Any, path: Path, checker: Checker) -> Any:
        if not isinstance(value, dict):
            return self.mismatch(value, path, checker)
        result: dict[str, Any] = {}
        unknown: list[str] = []
        for key, item in value.items():
            field = self.fields.get(key)
            if field is None:
                checker.error((*path, key), self._unknown(key))
                unknown.append(key)
                continue
            if item is None:
                if field.required:
                    checker.error((*path, key), f"{label((*path, key))} is required and still "
                                                f"empty: {field.description or 'give a value'}")
                continue
            checked = field.type.check(item, (*path, key), checker)
            if checked is not INVALID:
                result[key] = checked
        misspelt = {match for key in unknown for match in close_matches(key, self.fields)}
        for field in self.fields.values():
            if field.required and field.key not in value and field.key not in misspelt:
                what = f": {field.description}" if field.description else ""
                where = "" if not path else f" in {label(path)}"
                checker.error(path, f"missing required key '{field.key}'{where}{what}")
        for rule in self.rules:
            rule(result, path, checker)
        return result

    def _unknown(self, key: str) -> str:
        known = list(self.fields)
        return (f"unknown key '{key}'{did_you_mean(key, known)}"
                f" (allowed keys: {', '.join(known)})")

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": [f.key for f in self.fields.values() if f.required],
            "properties": {
                f.key: {**f.type.json_schema(), **({"description": f.description}
                                                    if f.description else {})}
                for f in self.fields.values()
            },
        }


def _in_range(value: Any, minimum: float | None, maximum: float | None,
              path: Path, checker: Checker) -> Any:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"between {minimum:g} and {maximum:g}" if minimum is not None and \
            maximum is not None else (f"at least {minimum:g}" if minimum is not None
                                      else f"at most {maximum:g}")
        return checker.error(path, f"{label(path)} must be {bounds}; found {value:g}")
    return value


def _range_schema(schema: dict[str, Any], minimum: float | None,
                  maximum: float | None) -> dict[str, Any]:
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema
