"""The automation around contributions: pull-request checks, publishing, pre-commit.

GitHub runs these files, not the test suite, so the tests read them as
GitHub and pre-commit would and hold them to what CONTRIBUTING.md promises:
every pull request runs the same commands a contributor runs, the deploy
publishes with the public address, and the pre-commit hook is ``hub check``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), path
    # YAML 1.1 reads the key `on` as true.
    if True in document:
        document["on"] = document.pop(True)
    return document


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict[str, Any]) -> list[str]:
    """Every shell command line the workflow runs, in order."""
    return [line.strip() for step in steps(workflow) if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


@pytest.fixture(scope="module")
def checks() -> dict[str, Any]:
    return load(WORKFLOWS / "checks.yml")


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(WORKFLOWS / "deploy.yml")


def test_every_pull_request_and_push_to_main_is_checked(checks: dict[str, Any]) -> None:
    assert "pull_request" in checks["on"]
    assert not (checks["on"]["pull_request"] or {}).get("branches"), \
        "every pull request, whatever its base branch"
    assert checks["on"]["push"]["branches"] == ["main"]


def test_the_checks_run_make_check_build_and_test_in_that_order(checks: dict[str, Any]) -> None:
    run = commands(checks)
    made = [line for line in run if line.startswith("make ")]
    assert made == ["make check", "make build", "make test"]
    assert {line.split()[1] for line in made} <= makefile_targets()


def test_the_checks_run_as_ci_with_annotations_and_python_3_11(checks: dict[str, Any]) -> None:
    env = checks.get("env", {})
    # Under CI a missing browser fails the browser tests; under GitHub Actions
    # `hub check` turns each problem into an annotation on its line.
    assert env.get("CI") == "true" and env.get("GITHUB_ACTIONS") == "true"
    python = [s for s in steps(checks) if s.get("uses", "").startswith("actions/setup-python@")]
    assert len(python) == 1 and str(python[0]["with"]["python-version"]) == "3.11"


def test_the_checks_install_chromium_only_when_it_is_missing(checks: dict[str, Any]) -> None:
    script = next(s["run"] for s in steps(checks) if "chromium" in s.get("run", ""))
    assert "[ ! -x /usr/bin/chromium ]" in script
    assert "sudo apt-get install -y chromium" in script
    before = commands(checks).index("make test")
    assert commands(checks).index("sudo apt-get install -y chromium") < before


def test_the_deploy_publishes_main_to_pages_with_its_public_address(
        deploy: dict[str, Any]) -> None:
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["permissions"]["pages"] == "write"
    assert deploy["permissions"]["id-token"] == "write"
    build = next(s for s in steps(deploy) if s.get("run") == "make build")
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert build["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    pages = next(s for s in steps(deploy) if s.get("id") == "pages")
    assert pages["uses"].startswith("actions/configure-pages@")
    uses = [s.get("uses", "").split("@")[0] for s in steps(deploy)]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    upload = next(s for s in steps(deploy)
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert deploy["jobs"]["deploy"]["needs"] == "build"
    assert "actions/deploy-pages" in [s.get("uses", "").split("@")[0]
                                      for s in deploy["jobs"]["deploy"]["steps"]]


@pytest.mark.parametrize("name", ["checks.yml", "deploy.yml"])
def test_actions_are_pinned_to_a_major_version(name: str) -> None:
    for step in steps(load(WORKFLOWS / name)):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_pre_commit_runs_hub_check_when_content_changes() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local"
             for hook in repo["hooks"]]
    check = next(hook for hook in hooks if hook["id"] == "hub-check")
    program, *arguments = check["entry"].split()
    assert Path(program).name == "hub" and arguments == ["check"]
    assert check["language"] == "system" and check["pass_filenames"] is False
    files = re.compile(check["files"])
    for path in ("cities/norby.md", "pledges/x.md", "practices/x.md", "reviews/x.yml",
                 "data/themes.yml"):
        assert files.search(path), path
    for path in ("docs/index.md", "cityhub/contribute/report.py",
                 "tests/fixtures/site/cities/norby.md"):
        assert not files.search(path), path


def test_the_pull_request_template_holds_the_reviewers_checklist() -> None:
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] \*\*(.+?)\*\*", template, re.MULTILINE)
    assert items == ["Sources check the facts", "Figures are cited",
                     "Themes and commitments are right", "No personal data beyond a public contact",
                     "`make check` is green", "The draft is removed",
                     "The review record is written"]


@pytest.mark.parametrize("site_url, publishes", [
    ("https://owner.github.io/hub/", True),
    ("https://hub.example.org/", True),
    ("/", False),                          # Pages not turned on: no address at all
    ("http://127.0.0.1:8000/", False),
    ("http://localhost/", False),
])
def test_the_deploy_stops_before_building_without_a_public_address(
        deploy: dict[str, Any], site_url: str, publishes: bool) -> None:
    names = [s.get("name") for s in steps(deploy)]
    check = next(s for s in steps(deploy) if s.get("name") == "Check the public address")
    assert names.index("Check the public address") < names.index("Build the site")
    run = subprocess.run(["bash", "-e", "-c", check["run"]], env={"SITE_URL": site_url},
                         capture_output=True, text=True)
    assert (run.returncode == 0) == publishes, run.stdout
