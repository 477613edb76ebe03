"""Validation problems: what is wrong, in which file, on which line.

Every check in the hub reports into a :class:`Problems` collection instead of
raising, so one run reports everything a contributor has to fix. The one
output format is ``path:line: error: message``; under GitHub Actions each
problem is also printed as an ``::error`` workflow command so it appears as an
annotation on the changed line of a pull request.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import get_close_matches


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix: ``path`` is relative to the repository root."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message}"

    def github_annotation(self) -> str:
        location = f"file={_escape_property(self.path)},line={self.line}"
        return f"::error {location}::{_escape_data(str(self))}"


class Problems:
    """An ordered collection of problems found during one run."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self._items.append(Problem(path, max(line, 1), message))

    def extend(self, problems: Problems) -> None:
        self._items.extend(problems._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def for_path(self, path: str) -> list[Problem]:
        return sorted(p for p in self._items if p.path == path)

    def by_path(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self:
            grouped.setdefault(problem.path, []).append(problem)
        return grouped

    def paths(self) -> set[str]:
        return {p.path for p in self._items}

    def report_lines(self, github: bool | None = None) -> list[str]:
        """The lines a contributor reads: plain first, annotations after."""
        if github is None:
            github = os.environ.get("GITHUB_ACTIONS") == "true"
        lines = [str(p) for p in self]
        if github:
            lines += [p.github_annotation() for p in self]
        return lines


def close_matches(value: str, choices: Iterable[str]) -> list[str]:
    """The valid choices closest to ``value``, best first (at most three)."""
    choices = sorted(choices)
    close = get_close_matches(value, choices, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    return close


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choices, or an empty string."""
    close = close_matches(value, choices)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
