"""Starting a practice or a city, and proposing a practice through a GitHub issue.

``hub new`` writes a file the validator accepts at once and that names every
field of the schema; the issue form is generated from the same schema, and
``hub from-issue`` turns a filled form back into a practice file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cityhub.cli import main
from cityhub.content import cities, practices
from cityhub.content.frontmatter import read_document
from cityhub.content.problems import Problems
from cityhub.contribute.issueform import FORM_PATH, NOT_ASKED, issue_form, questions
from cityhub.contribute.scaffold import BODY_SECTIONS, yaml_value
from conftest import FIXTURES, REPO, make_site

HUB = Path(sys.executable).with_name("hub")
FILLED_ISSUE = FIXTURES / "issues" / "filled-practice.md"


def hub(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(HUB), "--root", str(root), *args], capture_output=True,
                          text=True, env={**os.environ, "GITHUB_ACTIONS": ""})


def front_matter(path: Path) -> Any:
    problems = Problems()
    doc = read_document(path.name, path.read_bytes(), problems)
    assert not problems, list(problems)
    return doc.data


#: the required fields a new practice leaves for its author, in file order
TO_FILL = ["summary", "themes", "status", "started", "sources"]


def test_a_new_practice_holds_only_what_it_was_given(site_root: Path) -> None:
    result = hub(site_root, "new", "practice", "--city", "exampleton", "--title", "Café Ñandú")
    assert result.returncode == 0, result.stderr
    assert "Wrote practices/cafe-nandu.md as a draft." in result.stderr
    data = front_matter(site_root / "practices" / "cafe-nandu.md")
    assert data == {"title": "Café Ñandú", "city": "exampleton", "submitted":
                    dt.date.today().isoformat(), "draft": True,
                    **{key: None for key in TO_FILL}}
    named = [line.split(": error: '")[1].split("'")[0] for line in result.stdout.splitlines()]
    assert named == TO_FILL


def test_check_names_each_required_field_a_new_practice_left_empty(site_root: Path) -> None:
    assert hub(site_root, "new", "practice", "--city", "norby",
               "--title", "Welcome desks").returncode == 0
    result = hub(site_root, "check")
    assert result.returncode == 1
    lines = (site_root / "practices" / "welcome-desks.md").read_text().splitlines()
    assert result.stdout.splitlines() == [
        f"practices/welcome-desks.md:{lines.index(key + ':') + 1}: error: '{key}' is required "
        f"and still empty: {practices.SCHEMA.fields[key].description}" for key in TO_FILL]


def test_a_new_practice_names_every_field_of_the_schema(site_root: Path) -> None:
    assert main(["--root", str(site_root), "new", "practice", "--city", "norby",
                 "--title", "Welcome desks"]) == 0
    text = (site_root / "practices" / "welcome-desks.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    for field in practices.SCHEMA.fields.values():
        assert f"{field.key}:" in lines[0] or any(
            line.startswith((f"{field.key}:", f"# {field.key}:")) for line in lines), field.key
        assert field.description in " ".join(line.lstrip("# ") for line in lines), field.key
    comments = " ".join(line[2:] for line in lines if line.startswith("# "))
    assert "Choose from: housing, education, anti-racism, migrants-refugees." in comments
    headings = [line[3:] for line in lines if line.startswith("## ")]
    assert headings == [heading for heading, _ in BODY_SECTIONS]


FILLED = {"summary:": "summary: Desks in libraries.", "themes:": "themes: [housing]",
          "status:": "status: ongoing", "started:": "started: 2019",
          "sources:": "sources:\n  - title: A report\n    url: https://example.org/r"}


def filled_in(text: str) -> str:
    """A new practice's text with its required fields given."""
    return "\n".join(FILLED.get(line, line) for line in text.split("\n"))


def test_every_commented_field_is_valid_once_uncommented(site_root: Path) -> None:
    assert main(["--root", str(site_root), "new", "practice", "--city", "norby",
                 "--title", "Welcome desks"]) == 0
    path = site_root / "practices" / "welcome-desks.md"
    text = filled_in(path.read_text(encoding="utf-8"))
    uncommented = re.sub(r"^# ((?:  )?[a-z_]+:.*)$", r"\1", text, flags=re.M)
    assert uncommented.count("\n# ") < text.count("\n# ")
    assert "\ncontact:\n  name:" in uncommented
    path.write_text(uncommented, encoding="utf-8")
    assert hub(site_root, "check").returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--city", "exampletown", "--title", "X"],
     "error: unknown city 'exampletown'; did you mean 'exampleton'?"),
    (["--city", "atlantis", "--title", "X"],
     "error: unknown city 'atlantis': there is no cities/atlantis.md; add the city first "
     "with `hub new city`"),
    (["--city", "exampleton", "--title", "Fair  letting office!"],
     "error: practices/fair-letting-office.md already exists: choose another title, or edit "
     "that file"),
    (["--city", "exampleton", "--title", "   "],
     "error: the title is empty: give the practice's name, e.g. --title \"Anti-rumour "
     "strategy\""),
    (["--city", "exampleton", "--title", "x" * 121],
     "error: 'title' is 121 characters long; at most 120 are allowed: shorten it"),
])
def test_a_new_practice_is_refused_with_the_reason(site_root: Path, args: list[str],
                                                   message: str) -> None:
    (site_root / "practices" / "fair-letting-office.md").write_bytes(
        (site_root / "practices" / "fair-letting.md").read_bytes())
    before = sorted(os.listdir(site_root / "practices"))
    result = hub(site_root, "new", "practice", *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [message]
    assert sorted(os.listdir(site_root / "practices")) == before


def test_make_new_practice_passes_the_title_as_written(site_root: Path) -> None:
    result = subprocess.run(
        ["make", "-s", "-f", str(REPO / "Makefile"), "new-practice", f"BIN={HUB.parent}",
         "SITE_STAMP=", "CITY=norby", 'TITLE=The "Open Doors" plan'],
        cwd=site_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data = front_matter(site_root / "practices" / "the-open-doors-plan.md")
    assert data["title"] == 'The "Open Doors" plan'


def test_a_new_city_passes_check_at_once(site_root: Path) -> None:
    result = hub(site_root, "new", "city", "--name", "Łódź", "--country", "PL",
                 "--lat", "51.759", "--lon", "19.456")
    assert result.returncode == 0, result.stderr
    data = front_matter(site_root / "cities" / "lodz.md")
    assert data == {"name": "Łódź", "country": "PL", "location": {"lat": 51.759, "lon": 19.456}}
    text = (site_root / "cities" / "lodz.md").read_text(encoding="utf-8")
    for key in cities.SCHEMA.fields:
        assert re.search(rf"^(# )?{key}:", text, flags=re.M), key
    assert hub(site_root, "check").returncode == 0
    practice = hub(site_root, "new", "practice", "--city", "lodz", "--title", "Open city")
    assert practice.returncode == 0, practice.stderr


def test_a_new_city_is_refused_with_every_reason(site_root: Path) -> None:
    result = hub(site_root, "new", "city", "--name", "Nantes", "--country", "France")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: give the city's location in decimal degrees, e.g. --lat 48.692 --lon 6.184 "
        "(a map site such as openstreetmap.org shows them)",
        "error: 'country' must be an ISO 3166-1 alpha-2 country code such as 'FR'; found "
        "'France'; did you mean 'FR' (France)?",
    ]
    assert not (site_root / "cities" / "nantes.md").exists()
    taken = hub(site_root, "new", "city", "--name", "Norby", "--country", "NO",
                "--lat", "60", "--lon", "10")
    assert taken.stderr.splitlines() == [
        "error: cities/norby.md already exists: choose another title, or edit that file"]


@pytest.mark.parametrize("text", [
    "NO", "2030", "true", "null", "Café Ñandú", 'A "quoted" \\ word', "a: b # c", "- item",
    "[not a list]", "{not: a mapping}", "'single'", "line\u2028break", "tab\there", "#hash",
    "false", "1e5", "0.5", "-3", "two-words", "https://example.org/a b",
])
def test_written_values_read_back_unchanged(text: str) -> None:
    problems = Problems()
    doc = read_document("x.md", f"---\ntitle: {yaml_value(text)}\n---\n".encode(), problems)
    assert not problems, list(problems)
    assert doc.data == {"title": text}


def test_the_committed_issue_form_is_the_generated_one() -> None:
    committed = (REPO / FORM_PATH).read_text(encoding="utf-8")
    assert committed == issue_form(REPO), "run `make issue-form` and commit the result"


def test_the_issue_form_asks_every_field_a_contributor_gives() -> None:
    asked = questions(REPO)
    keys = {question.key[0] for question in asked}
    assert keys == {*practices.SCHEMA.fields, "body"} - set(NOT_ASKED)
    labels = [question.label for question in asked]
    assert len(labels) == len(set(labels)), "GitHub renders answers under their labels"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", question.id) for question in asked)
    themes = next(question for question in asked if question.key == ("themes",))
    assert themes.kind == "checkboxes"
    assert [value for value, _ in themes.options][:3] == ["human-rights", "anti-racism",
                                                          "gender-equality"]


def test_a_filled_issue_becomes_a_valid_draft_practice(site_root: Path) -> None:
    issue = site_root / "issue.md"
    issue.write_bytes(FILLED_ISSUE.read_bytes().replace(b"\n", b"\r\n"))
    result = hub(site_root, "from-issue", str(issue))
    assert result.returncode == 0, result.stdout + result.stderr
    path = site_root / "practices" / "neighbourhood-welcome-desks.md"
    data = front_matter(path)
    assert data == {
        "title": 'Neighbourhood "Welcome Desks"',
        "city": "exampleton",
        "partner_cities": ["norby"],
        "summary": "Volunteers and city staff run desks in six libraries where newcomers get "
                   "advice on housing, schools and their rights, in twelve languages.",
        "themes": ["housing", "anti-racism"],
        "commitments": ["test-charter#fair-housing", "test-charter#vigilance"],
        "sdgs": [10, 16],
        "status": "ongoing",
        "started": 2019,
        "target_groups": ["migrants-refugees"],
        "partners": ["Exampleton Public Libraries", "Refugee Action Exampleton"],
        "results": ["4,210 visits in 2023, up from 1,150 in 2020.",
                    "83% of visitors found the advice useful (survey of 600 visitors)."],
        "sources": [
            {"title": "Welcome Desks annual report 2023",
             "url": "https://example.org/welcome-desks/report-2023.pdf"},
            {"title": "City council decision of 12 March 2019",
             "url": "https://example.org/council/2019-03-12"},
        ],
        "contact": {"name": "Welcome Desks team", "email": "welcome@example.org"},
        "submitted": dt.date.today().isoformat(),
        "draft": True,
    }
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "## What the city did\n\nThe city opened desks in **six** libraries" in body
    assert "## Results\n\n<!-- What changed" in body
    assert hub(site_root, "check").returncode == 0


def test_a_wrong_answer_is_reported_on_its_line(site_root: Path) -> None:
    issue = site_root / "issue.md"
    text = FILLED_ISSUE.read_text(encoding="utf-8").replace("\n2019\n", "\nsince 2019\n")
    issue.write_text(text.replace("\nexampleton\n", "\nexampletown\n"), encoding="utf-8")
    result = hub(site_root, "from-issue", str(issue))
    assert result.returncode == 1
    path = "practices/neighbourhood-welcome-desks.md"
    lines = (site_root / path).read_text(encoding="utf-8").splitlines()
    city_line = lines.index("city: exampletown") + 1
    started_line = lines.index('started: "since 2019"') + 1
    assert result.stdout.splitlines() == [
        f"{path}:{city_line}: error: unknown city 'exampletown'; did you mean 'exampleton'?",
        f"{path}:{started_line}: error: 'started' must be a year such as 2019; found "
        "'since 2019'",
    ]
    assert "Traceback" not in result.stderr


def test_an_issue_without_the_form_is_refused(site_root: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text("Hello, we have a great practice, please add it!\n", encoding="utf-8")
    result = hub(site_root, "from-issue", str(issue))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: this is not the body of a filled practice form: it has none of the form's "
        "sections ('### Title', '### City', ...)"]
    missing = hub(site_root, "from-issue", str(tmp_path / "nowhere.md"))
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"error: cannot read {tmp_path / 'nowhere.md'}: ")
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "docs/contribute.md"])
def test_the_contributor_guides_explain_every_field(guide: str) -> None:
    text = (REPO / guide).read_text(encoding="utf-8")
    for key in practices.SCHEMA.fields:
        assert f"| `{key}` |" in text, key
    for heading, _ in BODY_SECTIONS:
        assert heading in text, heading
    assert "CC BY 4.0" in text


def test_the_example_in_contributing_is_a_valid_practice(tmp_path: Path) -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = guide.split("## An example file", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    root = make_site(tmp_path / "repo", content=REPO)
    (root / "practices" / "contributing-example.md").write_text(example, encoding="utf-8")
    assert hub(root, "check").returncode == 0
    assert (root / "practices" / "contributing-example.md").stat().st_size > 500


def test_a_new_practice_cannot_be_published_with_empty_sections(site_root: Path) -> None:
    assert main(["--root", str(site_root), "new", "practice", "--city", "norby",
                 "--title", "Welcome desks"]) == 0
    path = site_root / "practices" / "welcome-desks.md"
    text = filled_in(path.read_text(encoding="utf-8")).replace("\ndraft: true\n", "\n")
    path.write_text(text, encoding="utf-8")
    result = hub(site_root, "check")
    assert result.returncode == 1
    lines = text.split("\n")
    assert result.stdout.splitlines() == [
        f"practices/welcome-desks.md:{lines.index('## ' + heading) + 1}: error: the section "
        f"'{heading}' is empty: write this section or remove its heading (a practice may "
        "leave out any section it has nothing to say in)" for heading, _ in BODY_SECTIONS]
    kept = text.split("## Context")[0] + "## Context\n\nThe libraries were empty.\n"
    path.write_text(kept, encoding="utf-8")
    assert hub(site_root, "check").returncode == 0


def make_new(site_root: Path, target: str, *variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "-f", str(REPO / "Makefile"), target, f"BIN={HUB.parent}", "SITE_STAMP=",
         *variables], cwd=site_root, capture_output=True, text=True)


def test_make_new_practice_understands_a_city_by_its_name(site_root: Path) -> None:
    result = make_new(site_root, "new-practice", "CITY=Norby", "TITLE=Open doors")
    assert result.returncode == 0, result.stderr
    assert front_matter(site_root / "practices" / "open-doors.md")["city"] == "norby"


@pytest.mark.parametrize(("variables", "message"), [
    (["TITLE=Open doors"], "error: no city given: name the city by its file in cities/ without "
                           "'.md', e.g. CITY=barcelona"),
    (["CITY=norby"], 'error: the title is empty: give the practice\'s name, e.g. '
                     'TITLE="Anti-rumour strategy"'),
    (["CITY=atlantis", "TITLE=X"], "error: unknown city 'atlantis': there is no "
                                   "cities/atlantis.md; add the city first with `make new-city`"),
])
def test_make_new_practice_advises_in_makes_words(site_root: Path, variables: list[str],
                                                  message: str) -> None:
    result = make_new(site_root, "new-practice", *variables)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == message
    assert "--city" not in result.stderr and "--title" not in result.stderr


def test_make_new_city_advises_in_makes_words(site_root: Path) -> None:
    result = make_new(site_root, "new-city", "NAME=Nantes", "COUNTRY=FR")
    assert result.stderr.splitlines()[0] == (
        "error: give the city's location in decimal degrees, e.g. LAT=48.692 LON=6.184 "
        "(a map site such as openstreetmap.org shows them)")


def test_the_issue_form_asks_the_language_and_an_issue_in_spanish_says_so(
        site_root: Path) -> None:
    """The form asks the language right after the title (English at first);
    an issue answered "Español" becomes a practice written in Spanish, one
    answered "English" leaves the default unsaid."""
    asked = questions(REPO)
    assert asked[1].key == ("lang",) and asked[1].kind == "dropdown"
    assert [shown for _, shown in asked[1].options] == ["English", "Français", "Español"]
    form = yaml.safe_load(issue_form(REPO))
    language = next(element for element in form["body"] if element.get("id") == "lang")
    assert language["attributes"]["default"] == 0
    for answer, expected in (("Español", "es"), ("English", None)):
        issue = site_root / "issue.md"
        issue.write_text(FILLED_ISSUE.read_text(encoding="utf-8").replace(
            "### City\n", f"### Language of your text\n\n{answer}\n\n### City\n"),
            encoding="utf-8")
        result = hub(site_root, "from-issue", str(issue))
        assert result.returncode == 0, result.stdout + result.stderr
        path = site_root / "practices" / "neighbourhood-welcome-desks.md"
        assert front_matter(path).get("lang") == expected
        path.unlink()
