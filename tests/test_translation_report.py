"""``hub report``'s part for translators, on a tiny site in a temporary Git repository.

The fixture site has a French translation of the practice fair-letting and
a Spanish one of the pledge test-charter, both translated 2026-02-02. A
translation is stale when its original was committed after that day.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cityhub.content.loader import load_hub
from cityhub.contribute.report import Group
from cityhub.contribute.translation_report import git_history, translation_report

STALE = "Translations older than the last change of their original"
UNCOMMITTED = "Translations whose original has no history yet (compare them by hand)"


def git(root: Path, *args: str, day: str = "2026-01-10") -> None:
    moment = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Editor",
                    "-c", "user.email=editor@example.org", *args],
                   check=True, capture_output=True, env=env)


@pytest.fixture
def repository(site_root: Path) -> Path:
    git(site_root, "init", "-q")
    git(site_root, "add", "cities", "pledges", "practices", "data", "reviews")
    git(site_root, "commit", "-q", "-m", "The content")
    return site_root


def report(root: Path) -> dict[str, Group]:
    hub, problems = load_hub(root)
    assert not problems, problems.report_lines()
    return {group.title: group for group in translation_report(hub, git_history(root))}


def texts(group: Group) -> list[str]:
    return [entry.text for entry in group.entries]


def test_a_translation_is_stale_once_its_original_changes_after_it(repository: Path) -> None:
    assert report(repository)[STALE].entries == ()
    practice = repository / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    # Changed but not committed: the history does not know it yet.
    assert report(repository)[STALE].entries == ()
    git(repository, "commit", "-q", "-am", "Fair letting, updated", day="2026-03-05")
    assert texts(report(repository)[STALE]) == [
        "practices/fair-letting.fr.md: translated 2026-02-02; practices/fair-letting.md "
        "changed 2026-03-05"]
    # Brought up to date: the translator changes 'translated'.
    translation = repository / "practices" / "fair-letting.fr.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace(
        "translated: 2026-02-02", "translated: 2026-03-05"), encoding="utf-8")
    assert report(repository)[STALE].entries == ()


def test_an_original_not_committed_yet_is_said_not_guessed(repository: Path) -> None:
    (repository / "practices" / "new-desk.md").write_text(
        (repository / "practices" / "housing-advice.md").read_text(encoding="utf-8"),
        encoding="utf-8")
    (repository / "practices" / "new-desk.fr.md").write_text(
        "---\ntitle: Guichet\nsummary: Un guichet.\ntranslation: unofficial\n"
        "translated_by: A. Translator\ntranslated: 2026-03-01\n---\n", encoding="utf-8")
    found = report(repository)
    assert texts(found[UNCOMMITTED]) == [
        "practices/new-desk.fr.md: its original practices/new-desk.md is not committed yet"]
    assert found[STALE].entries == ()


def test_without_git_the_report_says_so(site_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(site_root / "no-programs-here"))
    stale = report(site_root)[STALE]
    assert stale.unknown and stale.entries == ()
    assert stale.when_empty.startswith("not known: Git is not installed")
    assert UNCOMMITTED not in report(site_root)


def test_outside_a_repository_the_report_says_so(site_root: Path) -> None:
    stale = report(site_root)[STALE]
    assert stale.unknown
    assert "the folder is not a Git repository" in stale.when_empty


def test_what_is_not_in_each_language_is_counted_and_listed(repository: Path) -> None:
    practice = repository / "practices" / "school-mentors.md"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "status:", "lang: es\nstatus:"), encoding="utf-8")
    found = report(repository)
    english = found["Not yet in English (neither written in it nor translated)"]
    assert texts(english) == [
        "practices/school-mentors.md: School Mentors (written in Spanish)"]
    spanish = found["Not yet in Spanish (neither written in it nor translated)"]
    assert spanish.count == 5
    assert "practices/school-mentors.md: School Mentors" not in " ".join(texts(spanish))
    assert "practices/fair-letting.md: Fair Letting Office" in texts(spanish)


def test_vocabulary_entries_without_a_label_in_a_language_are_listed(site_root: Path) -> None:
    """The fixture translates the theme 'housing' into French and Spanish,
    and no other theme or target group."""
    found = report(site_root)
    french = texts(found["Vocabulary entries without a label in French"])
    assert "data/themes.yml: education (Education)" in french
    assert "data/target_groups.yml: youth (Youth)" in french
    assert not any(": housing (" in entry for entry in french)
    assert "Vocabulary entries without a label in English" not in found
