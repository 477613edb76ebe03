"""The ``hub`` command as contributors and CI run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cityhub.cli import main
from conftest import REPO

HUB = Path(sys.executable).with_name("hub")


def test_check_passes_on_the_hubs_own_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "check"]) == 0
    assert "All content is valid" in capsys.readouterr().err


def test_check_reports_all_problems_and_exits_1(site_root: Path) -> None:
    practice = site_root / "practices" / "fair-letting.md"
    text = practice.read_text().replace("status: ongoing", "status: going")
    practice.write_text(text.replace("themes: [housing, anti-racism]", "themes: [houses]"))
    result = subprocess.run([str(HUB), "check"], cwd=site_root, capture_output=True, text=True,
                            env={**os.environ, "GITHUB_ACTIONS": ""})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "practices/fair-letting.md:6: error: unknown theme 'houses'; did you mean 'housing'?",
        "practices/fair-letting.md:11: error: 'status' must be one of planned, pilot, ongoing, "
        "completed; found 'going'; did you mean 'ongoing'?",
    ]
    assert "2 problems in 1 file." in result.stderr


def test_github_actions_gets_annotations_on_the_lines(site_root: Path) -> None:
    practice = site_root / "practices" / "school-mentors.md"
    practice.write_text(practice.read_text().replace("sdgs: [4]", "sdgs: [40]"))
    result = subprocess.run([str(HUB), "check"], cwd=site_root, capture_output=True, text=True,
                            env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "practices/school-mentors.md:9: error: item 1 (sdgs) must be between 1 and 17; found 40",
        "::error file=practices/school-mentors.md,line=9::practices/school-mentors.md:9: error: "
        "item 1 (sdgs) must be between 1 and 17; found 40",
    ]


def test_check_ignores_nothing_it_cannot_read(site_root: Path) -> None:
    (site_root / "practices" / "link.md").symlink_to(site_root / "practices" / "fair-letting.md")
    (site_root / "practices" / "huge.md").write_bytes(b"---\ntitle: x\n---\n" + b"a" * 2_000_000)
    result = subprocess.run([str(HUB), "check"], cwd=site_root, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "practices/huge.md:1: error: the file is 2,000,017 bytes; content files may be at most "
        "1,000,000 bytes (link large documents as sources)",
        "practices/link.md:1: error: the file is a symbolic link; content files must be regular "
        "files in the repository: replace the link with the file itself",
    ]
    assert "Traceback" not in result.stderr
