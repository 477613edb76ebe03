"""What content files may refer to, and the check that a reference exists.

References are checked only after every file has been read (the content is a
graph, not a tree), against sets of known ids: one set lookup per reference,
so checking stays linear in the size of the content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cityhub.content.frontmatter import Path
from cityhub.content.problems import did_you_mean
from cityhub.content.schema import Checker, label


@dataclass
class Known:
    """Every id a reference may name. Files with errors still count as known,
    so that one broken file does not turn each reference to it into an error."""

    cities: set[str] = field(default_factory=set)
    pledges: set[str] = field(default_factory=set)
    commitments: dict[str, set[str]] = field(default_factory=dict)
    #: None when the vocabulary file itself could not be read (already reported)
    themes: set[str] | None = field(default_factory=set)
    networks: set[str] | None = field(default_factory=set)
    target_groups: set[str] | None = field(default_factory=set)


def check_reference(value: str, known: set[str] | None, what: str, folder: str,
                    path: Path, checker: Checker) -> bool:
    """Report ``value`` unless it names one of ``known``; ``what`` is e.g. 'city'."""
    if known is None or value in known:
        return True
    hint = did_you_mean(value, known)
    where = f" (the valid ids are in {folder})" if not hint else ""
    checker.error(path, f"unknown {what} '{value}'{hint}{where}")
    return False


def check_commitment(value: str, known: Known, path: Path, checker: Checker) -> bool:
    """A ``pledge#commitment`` reference: both parts must exist."""
    pledge, sep, commitment = value.partition("#")
    if not sep or not pledge or not commitment:
        checker.error(path, f"{label(path)} must be written <pledge slug>#<commitment id>, "
                            f"e.g. 'nancy-2018#gender-equality'; found '{value}'")
        return False
    if not check_reference(pledge, known.pledges, "pledge", "pledges/", path, checker):
        return False
    ids = known.commitments.get(pledge, set())
    if commitment in ids:
        return True
    hint = did_you_mean(commitment, ids)
    listing = "" if hint else f" (its commitments: {', '.join(sorted(ids)) or 'none'})"
    checker.error(path, f"pledge '{pledge}' has no commitment '{commitment}'"
                        f"{hint}{listing}")
    return False
