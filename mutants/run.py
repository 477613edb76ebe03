"""Plant each bug of ``mutants/*.patch`` in a scratch copy and expect the tests to fail.

Each patch is a plausible one-line bug. Its header says what it breaks and,
on a ``# Tests:`` line, which tests should catch it. For every patch this
script copies the repository's files (as they are in the working tree, the
tracked ones and new ones not ignored) into a temporary folder, applies the
patch there, and runs those tests with the scratch copy first on the import
path; the working tree itself is never changed. A mutant is *caught* when the
tests fail, *missed* when they pass. The exit status is 1 unless every mutant
is caught.

    python mutants/run.py                 # every mutant, its named tests
    python mutants/run.py url csp         # only the mutants whose names contain these
    MUTANTS_SUITE=fast python mutants/run.py
        # the whole suite without browser tests (and without the golden output
        # and manifest, which fail on any change), then the named browser tests

Before the mutants, the same tests run once on the unchanged copy: a test
that fails without any bug planted would make every mutant look caught.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
#: one mutant's tests should take a minute or two; a hang counts as an error
TIMEOUT = 900
#: the golden pages and the manifest of the built site fail on any change to a
#: published byte, bug or not: they would make every mutant of the pages,
#: templates or scripts look caught
IGNORE_CHANGE_DETECTORS = ["--ignore=tests/test_golden.py", "--ignore=tests/test_manifest.py"]


@dataclass(frozen=True)
class Mutant:
    path: Path
    breaks: str
    tests: list[str]

    @property
    def name(self) -> str:
        return self.path.stem


def read_mutant(path: Path) -> Mutant:
    header = path.read_text(encoding="utf-8").split("\ndiff --git ", 1)[0].splitlines()
    comments = [line.removeprefix("#").strip() for line in header if line.startswith("#")]
    tests = [line.removeprefix("Tests:").strip() for line in comments
             if line.startswith("Tests:")]
    if len(tests) != 1 or not tests[0]:
        raise SystemExit(f"{path.relative_to(REPO)}: needs one '# Tests: ...' line in its header")
    breaks = " ".join(line for line in comments if line and not line.startswith("Tests:"))
    return Mutant(path, breaks, shlex.split(tests[0]))


def scratch_copy(target: Path) -> Path:
    """The repository's files as they are in the working tree, without .git."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is left out
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def pytest(copy: Path, arguments: list[str]) -> tuple[int, str]:
    """Run pytest in ``copy`` (its package first on the path); status and output."""
    environment = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *arguments]
    try:
        done = subprocess.run(command, cwd=copy, env=environment, capture_output=True,
                              text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {TIMEOUT} s"
    return done.returncode, done.stdout + done.stderr


def run_tests(copy: Path, mutant_tests: list[str], suite: str) -> tuple[int, str]:
    """The tests that should catch a mutant: 0 when they pass, 1 when one fails."""
    if suite != "fast":
        return pytest(copy, mutant_tests)
    status, output = pytest(copy, ["-m", "not browser", *IGNORE_CHANGE_DETECTORS, "tests"])
    if status != 0:
        return status, output
    status, output = pytest(copy, ["-m", "browser", *mutant_tests])
    return (0, output) if status == 5 else (status, output)  # 5: no browser test named


def first_failure(output: str) -> str:
    found = re.search(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", output, re.M)
    return found.group(1) if found else ""


def main(arguments: list[str]) -> int:
    suite = os.environ.get("MUTANTS_SUITE", "named")
    mutants = [read_mutant(path) for path in sorted((REPO / "mutants").glob("*.patch"))]
    if arguments:
        mutants = [m for m in mutants if any(word in m.name for word in arguments)]
    if not mutants:
        print("no mutant matches", " ".join(arguments))
        return 1
    with tempfile.TemporaryDirectory(prefix="hub-mutants-") as scratch:
        baseline = scratch_copy(Path(scratch) / "baseline")
        tests = list(dict.fromkeys(test for m in mutants for test in m.tests))
        started = time.monotonic()
        status, output = run_tests(baseline, tests, suite)
        if status != 0:
            print(output[-3000:])
            print(f"the tests fail without any mutant (status {status}); fix them first")
            return 1
        print(f"baseline: the tests pass unchanged ({time.monotonic() - started:.0f} s)")
        results: list[str] = []
        for mutant in mutants:
            results.append(run_mutant(mutant, Path(scratch) / mutant.name, suite))
    caught = results.count("caught")
    print(f"\n{caught} of {len(mutants)} mutants caught")
    return 0 if caught == len(mutants) else 1


def run_mutant(mutant: Mutant, target: Path, suite: str) -> str:
    copy = scratch_copy(target)
    applied = subprocess.run(["git", "apply", str(mutant.path)], cwd=copy,
                             capture_output=True, text=True)
    if applied.returncode != 0:
        print(f"STALE   {mutant.name}: the patch no longer applies: {applied.stderr.strip()}")
        return "stale"
    started = time.monotonic()
    status, output = run_tests(copy, mutant.tests, suite)
    seconds = f"{time.monotonic() - started:.0f} s"
    shutil.rmtree(copy)
    if status == 1:
        print(f"caught  {mutant.name} ({seconds}) by {first_failure(output)}")
        return "caught"
    if status == 0:
        print(f"MISSED  {mutant.name} ({seconds}): {mutant.breaks}")
        return "missed"
    print(output[-2000:])
    print(f"ERROR   {mutant.name} ({seconds}): pytest ended with status {status}")
    return "error"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
