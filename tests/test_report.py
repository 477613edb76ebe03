"""``hub report``: what editors should review next, on a tiny site.

The fixture site has three published practices (fair-letting, reviewed
2026-02-01, with results; housing-advice and school-mentors, never reviewed,
without results), a draft in Norby, and every commitment put into action.
Each test changes one thing and reads the report as an editor would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cityhub.cli import main as hub
from cityhub.content.loader import load_hub
from cityhub.contribute.report import Group, review_report, years_before

TODAY = dt.date(2026, 6, 1)


def edit(site: Path, path: str, old: str, new: str) -> None:
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def groups(site: Path) -> dict[str, Group]:
    hub_, problems = load_hub(site)
    assert not problems, problems.report_lines()
    return {group.title.split(" (")[0]: group for group in review_report(hub_, TODAY)}


def entries(group: Group) -> list[str]:
    return [entry.text for entry in group.entries]


def test_a_review_older_than_two_years_is_due_and_never_reviewed_is_listed_apart(
        site_root: Path) -> None:
    edit(site_root, "practices/fair-letting.md", "reviewed: 2026-02-01", "reviewed: 2024-05-31")
    edit(site_root, "reviews/fair-letting.yml", "reviewed: 2026-02-01", "reviewed: 2024-05-31")
    edit(site_root, "practices/school-mentors.md", "submitted: 2026-03-01",
         "submitted: 2023-03-01\nreviewed: 2024-06-01")
    (site_root / "reviews" / "school-mentors.yml").write_text(
        "reviewed: 2024-06-01\nfacts:\n" + "".join(
            f"  - fact: A fact.\n    commitment: {commitment}\n"
            "    source: https://example.org/mentors\n    quote: A sentence.\n"
            for commitment in ("test-declaration#share", "test-charter#education")),
        encoding="utf-8")
    found = groups(site_root)
    assert entries(found["Practices not reviewed for 2 years or more"]) == [
        'practices/fair-letting.md: last reviewed 2024-05-31; "Fair Letting Office" (Exampleton)']
    # Reviewed exactly two years ago today: not due yet, and not "never reviewed".
    assert entries(found["Practices never reviewed"]) == [
        'practices/housing-advice.md: submitted 2026-02-10; "Housing Advice Desk" (Exampleton)']


def test_never_reviewed_practices_come_oldest_first(site_root: Path) -> None:
    edit(site_root, "practices/school-mentors.md", "submitted: 2026-03-01",
         "submitted: 2025-12-01")
    assert [e.split(":")[0] for e in entries(groups(site_root)["Practices never reviewed"])] == [
        "practices/school-mentors.md", "practices/housing-advice.md"]


def test_practices_without_results(site_root: Path) -> None:
    edit(site_root, "practices/school-mentors.md", "sources:",
         "results:\n  - 40 pupils mentored in 2018.\nsources:")
    assert entries(groups(site_root)["Practices without results"]) == [
        'practices/housing-advice.md: "Housing Advice Desk" (Exampleton)']


def test_a_city_with_only_a_draft_practice_has_none(site_root: Path) -> None:
    found = groups(site_root)
    assert found["Cities without practices"].entries == (), "Norby is Fair Letting's partner"
    edit(site_root, "practices/fair-letting.md", "partner_cities: [norby]\n", "")
    assert entries(groups(site_root)["Cities without practices"]) == [
        "cities/norby.md: Norby, Norway"]


def test_commitments_no_published_practice_implements_grouped_by_pledge(site_root: Path) -> None:
    edit(site_root, "practices/school-mentors.md", "  - test-charter#education\n", "")
    # A draft that names the commitment does not put it into action yet.
    edit(site_root, "practices/unfinished.md", "status: planned",
         "commitments: [test-charter#education]\nstatus: planned")
    group = groups(site_root)["Commitments no practice implements yet"]
    assert group.count == 1
    assert [(e.text, e.details) for e in group.entries] == [
        ("pledges/test-charter.md: Test Charter of Inclusive Towns", ("#education: Education",))]


def test_hub_report_prints_every_group_with_its_count_and_exits_0(
        site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(site_root, "practices/school-mentors.md", "  - test-charter#education\n", "")
    assert hub(["--root", str(site_root), "report"]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings[1:] == [
        f"Practices not reviewed for 2 years or more (last review before "
        f"{years_before(dt.date.today(), 2).isoformat()}): 0",
        "Practices never reviewed: 2",
        "Practices without results: 2",
        "Cities without practices (of their own or as a partner): 0",
        "Commitments no practice implements yet: 1",
        "Not yet in English (neither written in it nor translated): 0",
        "Not yet in French (neither written in it nor translated): 6",
        "Not yet in Spanish (neither written in it nor translated): 6",
        "Vocabulary entries without a label in French: 7",
        "Vocabulary entries without a label in Spanish: 7",
        # The test's copy of the site is no Git repository: no dates to compare.
        "Translations older than the last change of their original: ?",
    ]
    assert headings[0].endswith("3 published practices, 3 cities, 2 pledges (drafts left out).")
    assert "  (every city has a practice)\n" in out
    assert ("  pledges/test-charter.md: Test Charter of Inclusive Towns\n"
            "    #education: Education\n") in out


def test_hub_report_still_reports_when_a_file_has_problems(
        site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(site_root, "practices/housing-advice.md", "status: pilot", "status: going")
    assert hub(["--root", str(site_root), "report"]) == 0
    out, err = capsys.readouterr()
    assert "practices/housing-advice.md" not in out
    assert "Practices never reviewed: 1" in out
    assert "1 file with problems left out of this report; `hub check` lists them." in err


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2026, 6, 1), dt.date(2024, 6, 1)),
    (dt.date(2028, 2, 29), dt.date(2026, 2, 28)),
])
def test_two_years_before_is_the_same_calendar_day(day: dt.date, expected: dt.date) -> None:
    assert years_before(day, 2) == expected


def test_with_nothing_reviewed_the_report_does_not_say_all_reviews_are_recent(
        site_root: Path) -> None:
    edit(site_root, "practices/fair-letting.md", "reviewed: 2026-02-01\n", "")
    (site_root / "reviews" / "fair-letting.yml").unlink()
    overdue = groups(site_root)["Practices not reviewed for 2 years or more"]
    assert overdue.entries == ()
    assert overdue.when_empty == "no practice has been reviewed yet: see the next list"
