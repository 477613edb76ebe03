"""Every rule of the content model, one fixture per rule, with its exact message.

Each folder in ``tests/fixtures/bad/`` overlays the fixture site with files
that break one rule; ``expected.txt`` holds the exact lines ``hub check``
must print. To add a rule: add a folder with the broken file and the lines
you expect, written by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cityhub.cli import main
from conftest import CONTENT_FOLDERS, FIXTURES, SITE_FIXTURE

BAD = FIXTURES / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def content_with(case: Path, root: Path) -> Path:
    for folder in CONTENT_FOLDERS:
        shutil.copytree(SITE_FIXTURE / folder, root / folder)
    for file in case.rglob("*"):
        if file.is_file() and file.name != "expected.txt":
            target = root / file.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
    return root


def test_the_fixture_site_itself_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content_with(tmp_path / "empty-case", tmp_path / "repo")
    assert main(["--root", str(root), "check"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("case", CASES)
def test_each_broken_rule_is_reported_on_its_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = content_with(BAD / case, tmp_path)
    status = main(["--root", str(root), "check"])
    output = capsys.readouterr()
    assert status == 1
    assert output.out == (BAD / case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in output.err


def test_every_case_expects_at_least_one_error() -> None:
    for case in CASES:
        lines = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines, case
        assert all(": error: " in line for line in lines), case
