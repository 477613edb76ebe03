"""Rules between fields: what one field's type cannot say about another.

A content type lists its rules as data, one of a few kinds: ``not_before``
(a year not before another), ``requires`` (when one condition holds, another
must too) and ``distinct`` (no item of a list is another field's value).
The validator applies each rule to the values that passed their own checks
(a rule is a :class:`~cityhub.content.schema.Record` rule), and
:meth:`Rule.browser` writes it out for the submission form's script, which
applies the same kinds to an entry, so a rule is stated once, here.

Each rule carries two texts, with ``{key}`` standing for a field's value at
the offending place: ``message`` for ``hub check``, in the words of the file,
and ``advice`` for the form, in the words of its fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cityhub.content.frontmatter import Path
from cityhub.content.schema import Checker
from cityhub.messages import _

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Given:
    """The field ``key`` has a value."""

    key: str

    def holds(self, values: dict[str, Any]) -> bool:
        return self.key in values

    def fails(self, values: dict[str, Any]) -> bool:
        return self.key not in values

    def browser(self) -> dict[str, Any]:
        return {"key": self.key}


@dataclass(frozen=True)
class Equals:
    """The field ``key`` is ``value``; without a value it neither holds nor
    fails (the field's own check asks for it, if it must have one)."""

    key: str
    value: Any

    def holds(self, values: dict[str, Any]) -> bool:
        return self.key in values and values[self.key] == self.value

    def fails(self, values: dict[str, Any]) -> bool:
        return self.key in values and values[self.key] != self.value

    def browser(self) -> dict[str, Any]:
        return {"key": self.key, "equals": self.value}


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A rule between fields; each kind says where it is broken."""

    message: str
    advice: str

    def __call__(self, values: dict[str, Any], path: Path, checker: Checker) -> None:
        for where, context in self.broken(values):
            checker.error((*path, *where), self.say(self.message, context))

    def broken(self, values: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
        """Where the rule is broken, each with the values its texts name."""
        raise NotImplementedError

    def browser(self) -> dict[str, Any]:
        """The rule as the form's script reads it."""
        raise NotImplementedError

    @staticmethod
    def say(text: str, context: dict[str, Any]) -> str:
        return _PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), m.group(0))), text)


@dataclass(frozen=True)
class NotBefore(Rule):
    """When both are given, ``key`` is not less than ``other``; reported at ``key``."""

    key: str
    other: str

    def broken(self, values: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
        if self.key in values and self.other in values and values[self.key] < values[self.other]:
            return [((self.key,), values)]
        return []

    def browser(self) -> dict[str, Any]:
        return {"kind": "not_before", "key": self.key, "other": self.other,
                "advice": _(self.advice)}


@dataclass(frozen=True)
class Requires(Rule):
    """When ``when`` holds, ``then`` must not fail; reported at ``when``'s field."""

    when: Given | Equals
    then: Given | Equals

    def broken(self, values: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
        if self.when.holds(values) and self.then.fails(values):
            return [((self.when.key,), values)]
        return []

    def browser(self) -> dict[str, Any]:
        return {"kind": "requires", "when": self.when.browser(), "then": self.then.browser(),
                "advice": _(self.advice)}


@dataclass(frozen=True)
class Distinct(Rule):
    """No item of the list ``key`` is the value of ``other``; reported at each such item."""

    key: str
    other: str

    def broken(self, values: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
        if self.other not in values:
            return []
        return [((self.key, i), {**values, self.key: item})
                for i, item in enumerate(values.get(self.key, [])) if item == values[self.other]]

    def browser(self) -> dict[str, Any]:
        return {"kind": "distinct", "key": self.key, "other": self.other, "advice": _(self.advice)}


def browser_pattern(pattern: re.Pattern[str]) -> dict[str, str]:
    """A pattern as JavaScript's ``new RegExp(source, flags)`` reads it; the
    pattern is written to mean the same there (see :mod:`cityhub.content.schema`)."""
    return {"source": pattern.pattern, "flags": "i" if pattern.flags & re.IGNORECASE else ""}
