"""Pledge progress: who took part in each pledge, and what their practices put into action."""

from __future__ import annotations

import shutil
from pathlib import Path

from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.content.progress import PledgeProgress, predates, share, themes_over_time
from conftest import SITE_FIXTURE


def fixture_hub(tmp_path: Path, extra: dict[str, str] | None = None) -> Hub:
    root = tmp_path / "content"
    shutil.copytree(SITE_FIXTURE, root)
    for path, text in (extra or {}).items():
        (root / path).write_text(text, encoding="utf-8")
    hub, problems = load_hub(root, include_drafts=True)
    assert not problems, [str(p) for p in problems]
    return hub


def cell(progress: PledgeProgress, city: str, commitment: str) -> list[str]:
    row = next(r for r in progress.participants if r.city.slug == city)
    index = [c.commitment.id for c in progress.commitments].index(commitment)
    return [p.slug for p in row.cells[index]]


def test_a_practice_of_a_city_that_did_not_sign_is_counted_apart(tmp_path: Path) -> None:
    charter = fixture_hub(tmp_path).progress["test-charter"]
    education = next(c for c in charter.commitments if c.commitment.id == "education")
    assert [p.slug for p in education.practices] == ["school-mentors"]
    assert [p.slug for p in education.outside] == ["school-mentors"]
    assert education.participants == 0
    assert "sao-exemplo" not in [r.city.slug for r in charter.participants]
    # It puts the commitment into action, so the commitment is not "not yet".
    assert "education" not in [c.id for c in charter.not_yet]


def test_a_city_that_signed_two_pledges_has_a_row_in_each(tmp_path: Path) -> None:
    hub = fixture_hub(tmp_path)
    assert cell(hub.progress["test-charter"], "exampleton", "fair-housing") == ["fair-letting"]
    assert cell(hub.progress["test-charter"], "exampleton", "education") == []
    assert cell(hub.progress["test-declaration"], "exampleton", "share") == []
    assert hub.progress["test-charter"].acting == 1


def test_a_chair_who_did_not_sign_is_a_participant_with_its_role(tmp_path: Path) -> None:
    declaration = fixture_hub(tmp_path).progress["test-declaration"]
    roles = {r.city.slug: r.signature.role for r in declaration.participants}
    assert roles == {"sao-exemplo": "signatory", "exampleton": "signatory", "norby": "chair"}
    chair = next(r for r in declaration.participants if r.city.slug == "norby")
    assert chair.signature.signed is None and chair.acted == 0
    # Shares are over every participant, the chair included: 1 of 3 has a practice.
    assert (declaration.acting, len(declaration.participants)) == (1, 3)


def test_a_partner_citys_practice_counts_for_it_too(tmp_path: Path) -> None:
    norby = (SITE_FIXTURE / "cities" / "norby.md").read_text(encoding="utf-8")
    signed_both = norby.replace("  - pledge: test-declaration\n",
                                "  - pledge: test-charter\n  - pledge: test-declaration\n", 1)
    hub = fixture_hub(tmp_path, {"cities/norby.md": signed_both})
    assert cell(hub.progress["test-charter"], "norby", "fair-housing") == ["fair-letting"]


DRAFT = """---
title: A Draft That Puts The Charter Into Action
city: exampleton
summary: Never counted.
themes: [education]
commitments: [test-charter#education]
status: planned
started: 2026
sources:
  - title: Draft source
    url: https://example.org/draft
submitted: 2026-04-01
draft: true
---
"""


def test_a_draft_practice_is_never_counted_even_in_the_preview(tmp_path: Path) -> None:
    hub = fixture_hub(tmp_path, {"practices/draft-charter.md": DRAFT})
    assert "draft-charter" in hub.practices
    charter = hub.progress["test-charter"]
    assert cell(charter, "exampleton", "education") == []
    education = next(c for c in charter.commitments if c.commitment.id == "education")
    assert "draft-charter" not in [p.slug for p in education.practices]


def test_a_practice_that_predates_the_signature_is_shown_and_said_so(tmp_path: Path) -> None:
    hub = fixture_hub(tmp_path)
    charter = hub.progress["test-charter"]
    row = charter.participants[0]
    practice = hub.practices["fair-letting"]
    assert practice in row.practices
    assert (practice.started, row.signature.signed and row.signature.signed.year) == (2015, 2004)
    assert not predates(practice, row.signature)
    declaration = hub.progress["test-declaration"]
    signer = next(r for r in declaration.participants if r.city.slug == "sao-exemplo")
    assert predates(hub.practices["school-mentors"], signer.signature)  # 2016, signed 2018


def test_shares_round_down_and_never_divide_by_zero() -> None:
    assert share(2, 3) == 66
    assert share(199, 200) == 99
    assert share(0, 0) == 0


def test_themes_over_time_counts_published_practices_per_start_year(tmp_path: Path) -> None:
    hub = fixture_hub(tmp_path, {"practices/draft-charter.md": DRAFT})
    first, last, rows = themes_over_time(hub, top=2)
    published = hub.published.practices.values()
    assert (first, last) == (min(p.started for p in published), max(p.started for p in published))
    for row in rows:
        expected = [sum(1 for p in published if row.theme in p.themes and p.started == year)
                    for year in range(first, last + 1)]
        assert list(row.counts) == expected  # the draft (education, 2026) never counts
    assert len(rows) == 2
