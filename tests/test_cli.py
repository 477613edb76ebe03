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


def test_a_closed_pipe_ends_search_quietly(built_site: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # as `| head` does once it has read enough
    try:
        result = subprocess.run([str(HUB), "search", "--site", str(built_site), "housing"],
                                stdout=writer, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(writer)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr


@pytest.mark.parametrize(("error", "status", "message"), [
    (KeyboardInterrupt(), 130, "hub: stopped (Ctrl-C)."),
    (RuntimeError("boom"), 70, "hub: error: RuntimeError: boom. This is a fault of the hub, not "
                               "of your content: please report it to the hub's maintainers with "
                               "the command you ran."),
])
def test_an_interruption_or_a_fault_is_a_sentence(
        error: BaseException, status: int, message: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def fail(args: object) -> int:
        raise error
    monkeypatch.setattr("cityhub.cli._run", fail)
    assert main(["check"]) == status
    assert capsys.readouterr().err.splitlines() == [message]


def test_a_folder_it_cannot_write_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = subprocess.run([str(HUB), "--root", str(REPO), "export", "--out",
                             str(tmp_path / "a-file" / "data")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("hub: error: [Errno 20] Not a directory: ")
    assert "Traceback" not in result.stderr


def make(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "-f", str(REPO / "Makefile"), f"BIN={HUB.parent}",
                           "SITE_STAMP=", *args], cwd=root, capture_output=True, text=True)


def test_a_failed_build_keeps_the_last_good_site(site_root: Path) -> None:
    last_good = site_root / "site" / "index.html"
    last_good.parent.mkdir()
    last_good.write_text("the last good build")
    practice = site_root / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text().replace("status: ongoing", "status: going"))
    failed = make(site_root, "build")
    assert failed.returncode != 0
    assert "'status' must be one of" in failed.stderr
    assert last_good.read_text() == "the last good build"
    assert sorted(os.listdir(site_root / "site")) == ["index.html"]
    assert not (site_root / "site.new").exists()


def test_make_serve_takes_an_address() -> None:
    dry = subprocess.run(["make", "-n", "-f", str(REPO / "Makefile"), "serve", "BIN=bin",
                          "SITE_STAMP=", "ADDR=127.0.0.1:8001"], capture_output=True, text=True)
    assert 'bin/mkdocs serve --livereload --dev-addr "127.0.0.1:8001"' in dry.stdout


def test_make_check_says_what_makes_own_error_line_means(site_root: Path) -> None:
    practice = site_root / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text().replace("status: ongoing", "status: going"))
    result = make(site_root, "check")
    assert result.returncode != 0
    assert result.stderr.splitlines()[:2] == [
        "1 problem in 1 file.",
        "Fix it, then run `make check` again. (The line make adds below, ending in "
        "'Error 1', only repeats that a problem was found.)"]
    assert "hub check" not in result.stdout  # the command itself is not echoed
