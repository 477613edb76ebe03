"""The "Submit a practice" page: a form for people without Git.

Its controls are made from the practice schema, it checks an entry in the
browser against the published JSON Schema, and the file it makes passes the
hub's own validator.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from cityhub.content import practices
from cityhub.content.loader import load_hub
from cityhub.content.schema import ListOf, Record
from cityhub.content.slugs import slugify
from cityhub.contribute.issueform import NOT_ASKED
from cityhub.contribute.scaffold import BODY_SECTIONS, choices, practice_text
from cityhub.site.pages import Site
from cityhub.site.render import Renderer
from conftest import REPO, SITE_FIXTURE, build_site, make_site, serious_violations, serve
from conftest import visit as open_page

FORM_SCHEMA = "schemas/practice-form.schema.json"
REPO_URL = "https://github.com/example/inclusive-cities-hub"


class Controls(HTMLParser):
    """The form's fields (``data-field``), row parts and choices, by field."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.parts: dict[str, list[str]] = {}
        self.choices: dict[str, list[str]] = {}
        self.cities: list[str] = []
        self._current = ""
        self._in_datalist = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if "data-field" in found:
            self._current = found["data-field"]
            self.fields.append(self._current)
        if "data-part" in found:
            self.parts.setdefault(self._current, []).append(found["data-part"])
        if tag == "input" and found.get("type") == "checkbox" and "value" in found:
            self.choices.setdefault(found["name"], []).append(found["value"])
        if tag == "option" and self._in_datalist:
            self.cities.append(found["value"])
        elif tag == "option" and found.get("value"):
            self.choices.setdefault(self._current, []).append(found["value"])
        if tag == "datalist":
            self._in_datalist = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "datalist":
            self._in_datalist = False


def form_controls(site: Path) -> Controls:
    parser = Controls()
    parser.feed((site / "submit" / "index.html").read_text(encoding="utf-8"))
    return parser


def test_the_form_has_a_control_for_every_field_a_contributor_fills(built_site: Path) -> None:
    controls = form_controls(built_site)
    expected = []
    for field in practices.SCHEMA.fields.values():
        if field.key in NOT_ASKED or field.key == "lang":
            continue
        if isinstance(field.type, Record):
            expected += [f"{field.key}.{sub}" for sub in field.type.fields]
        else:
            expected.append(field.key)
    expected += [f"body.{heading}" for heading, _ in BODY_SECTIONS]
    # the language of the text is asked second, as on the issue form
    expected.insert(1, "lang")
    assert controls.fields == expected
    # A list of records is entered row by row, with an input per key.
    for field in practices.SCHEMA.fields.values():
        if isinstance(field.type, ListOf) and isinstance(field.type.item, Record):
            assert controls.parts[field.key] == list(field.type.item.fields)


def test_the_choices_are_the_hubs_vocabularies_cities_and_commitments(built_site: Path) -> None:
    controls = form_controls(built_site)
    assert controls.choices["themes"] == ["housing", "education", "anti-racism",
                                          "migrants-refugees"]
    assert controls.choices["target_groups"] == ["migrants-refugees", "youth"]
    assert controls.choices["status"] == list(practices.STATUSES)
    assert controls.choices["sdgs"] == [str(n) for n in range(1, 18)]
    assert sorted(controls.choices["commitments"]) == [
        "test-charter#education", "test-charter#fair-housing", "test-charter#vigilance",
        "test-declaration#share"]
    assert controls.cities == ["Exampleton", "Norby", "São Exemplo"]


def test_the_form_schema_is_the_practice_schema_with_the_hubs_ids(built_site: Path) -> None:
    plain = json.loads((built_site / "schemas/practice.schema.json").read_text("utf-8"))
    form = json.loads((built_site / FORM_SCHEMA).read_text("utf-8"))
    fields = form["properties"]
    assert fields["city"].pop("enum") == ["exampleton", "norby", "sao-exemplo"]
    assert fields["partner_cities"]["items"].pop("enum") == ["exampleton", "norby",
                                                             "sao-exemplo"]
    assert fields["themes"]["items"].pop("enum") == ["housing", "education", "anti-racism",
                                                     "migrants-refugees"]
    assert fields["target_groups"]["items"].pop("enum") == ["migrants-refugees", "youth"]
    assert len(fields["commitments"]["items"].pop("enum")) == 4
    for key in ("$id", "title", "description"):
        form.pop(key, None)
        plain.pop(key, None)
    assert form == plain


# In the browser ----------------------------------------------------------------

TITLE = 'Café Ñandú: "welcome" desks'
SUMMARY = "Welcome desks in every district: newcomers get advice on housing, work and school."
SECTIONS = {"Context": "Newcomers did not know where to ask.\n\nMany gave up.",
            "What the city did": "It opened desks:\n\n- in the town hall\n- in libraries"}


def entered_values(today: dt.date) -> dict[str, Any]:
    """What the test types into the form, as front-matter values."""
    return {
        "title": TITLE, "city": "sao-exemplo", "partner_cities": ["norby"],
        "summary": SUMMARY, "themes": ["housing", "migrants-refugees"],
        "commitments": ["test-charter#fair-housing"], "sdgs": [10, 11],
        "status": "completed", "started": 2019, "ended": 2022, "target_groups": ["youth"],
        "partners": ["NO", "Red Cross: local branch"],
        "results": ["1,200 visits in 2021", "#1 in the regional ranking"],
        "sources": [{"title": "Annual report 2021", "url": "https://example.org/report"},
                    {"title": "News: desks open", "url": "https://example.org/news?id=4"}],
        "contact": {"name": "Welcome Desks team", "email": "welcome@example.org"},
        "submitted": today.isoformat(),
    }


def visit(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    page, foreign, errors = open_page(browser, url + "submit/")
    page.locator("#hub-submit-form").wait_for()
    return page, foreign, errors


def fill_minimal(page: Any, title: str = "Fair desks") -> None:
    page.fill("#hub-submit-title", title)
    page.fill("#hub-submit-city", "Exampleton")
    page.fill("#hub-submit-summary", "Desks that help.")
    page.check('input[name="themes"][value="housing"]')
    page.select_option("#hub-submit-status", "ongoing")
    page.fill("#hub-submit-started", "2020")
    sources = page.locator('[data-field="sources"] .hub-submit-row')
    sources.nth(0).locator('[data-part="title"]').fill("Report")
    sources.nth(0).locator('[data-part="url"]').fill("https://example.org/report")
    page.check("#hub-submit-licence")


def fill_everything(page: Any) -> None:
    page.fill("#hub-submit-title", TITLE)
    page.fill("#hub-submit-city", "São Exemplo")
    partners = page.locator('[data-field="partner_cities"]')
    partners.get_by_role("button", name="Add a partner city").click()
    partners.locator('[data-part="city"]').fill("Norby")
    page.fill("#hub-submit-summary", SUMMARY)
    page.check('input[name="themes"][value="housing"]')
    page.check('input[name="themes"][value="migrants-refugees"]')
    page.locator("summary", has_text="Test Charter of Inclusive Towns").click()
    page.check('input[name="commitments"][value="test-charter#fair-housing"]')
    page.check('input[name="sdgs"][value="10"]')
    page.check('input[name="sdgs"][value="11"]')
    page.select_option("#hub-submit-status", "completed")
    page.fill("#hub-submit-started", "2019")
    page.fill("#hub-submit-ended", "2022")
    page.check('input[name="target_groups"][value="youth"]')
    page.fill("#hub-submit-partners", "NO\n\nRed Cross: local branch\n")
    page.fill("#hub-submit-results", "1,200 visits in 2021\n#1 in the regional ranking")
    sources = page.locator('[data-field="sources"]')
    sources.locator('[data-part="title"]').fill("Annual report 2021")
    sources.locator('[data-part="url"]').fill("https://example.org/report")
    sources.get_by_role("button", name="Add a source").click()
    sources.locator('[data-part="title"]').nth(1).fill("News: desks open")
    sources.locator('[data-part="url"]').nth(1).fill("https://example.org/news?id=4")
    page.fill("#hub-submit-contact-name", "Welcome Desks team")
    page.fill("#hub-submit-contact-email", "welcome@example.org")
    page.fill("#hub-submit-body-context", SECTIONS["Context"])
    page.fill("#hub-submit-body-what-the-city-did", SECTIONS["What the city did"])
    page.check("#hub-submit-licence")


def made_file(page: Any) -> tuple[str, str]:
    page.get_by_role("button", name="Check and make the file").click()
    page.locator("#hub-submit-result").wait_for()
    return (page.locator("#hub-submit-filename").inner_text(),
            page.locator("#hub-submit-file").input_value())


@pytest.mark.browser
def test_a_filled_form_makes_a_practice_file_the_validator_accepts(
    browser: Any, served_site: str, tmp_path: Path
) -> None:
    page, foreign, errors = visit(browser, served_site)
    fill_everything(page)
    path, text = made_file(page)
    assert path == "practices/cafe-nandu-welcome-desks.md"
    today = dt.date.today()
    hints = {"themes": choices(["housing", "education", "anti-racism", "migrants-refugees"]),
             "target_groups": choices(["migrants-refugees", "youth"])}
    assert text == practice_text(entered_values(today), SECTIONS, hints, from_form=True)
    # The file speaks to someone without a terminal, and leaves out the
    # sections left empty (an empty heading would be refused).
    assert "make check" not in text and "## Results" not in text
    # No repository and no address are configured: the page says so plainly.
    editors = page.locator("#hub-submit-editors")
    assert editors.is_visible() and "gives no address" in editors.inner_text()
    assert not page.locator("#hub-submit-github-link").is_visible()

    root = make_site(tmp_path / "repo")
    (root / path).write_text(text, encoding="utf-8")
    hub, problems = load_hub(root)
    assert problems.report_lines() == []
    practice = hub.practices["cafe-nandu-welcome-desks"]
    assert (practice.title, practice.city, practice.ended, practice.draft) == (
        TITLE, "sao-exemplo", 2022, False)
    assert practice.partners == ("NO", "Red Cross: local branch")
    assert foreign == [] and errors == []
    page.context.close()


@pytest.mark.browser
def test_an_invalid_entry_shows_what_to_fix_next_to_each_field(
    browser: Any, served_site: str
) -> None:
    page, foreign, errors = visit(browser, served_site)
    fill_minimal(page)
    page.uncheck('input[name="themes"][value="housing"]')
    page.fill("#hub-submit-summary", "x" * 301)
    page.locator('[data-field="sources"] [data-part="url"]').fill("www.example.org/report")
    page.fill("#hub-submit-city", "Atlantis")
    page.get_by_role("button", name="Check and make the file").click()
    problems = page.locator("#hub-submit-problems")
    problems.wait_for()
    assert problems.locator("li").count() == 4
    assert "301 characters long; at most 300" in page.locator(
        "#hub-submit-summary-error").inner_text()
    assert page.locator("#hub-submit-themes-error").inner_text() == "Choose at least one."
    url_error = page.locator("#hub-submit-sources-error").inner_text()
    assert "Source 1, address" in url_error and "https://www.example.org/report" in url_error
    assert "no city called 'Atlantis'" in page.locator("#hub-submit-city-error").inner_text()
    assert page.locator("#hub-submit-summary").get_attribute("aria-invalid") == "true"
    assert not page.locator("#hub-submit-result").is_visible()
    assert not page.locator("#hub-submit-github-link").is_visible()
    # Fixing the entry checks it again as one types.
    page.check('input[name="themes"][value="housing"]')
    page.fill("#hub-submit-summary", "Desks that help.")
    page.locator('[data-field="sources"] [data-part="url"]').fill("https://example.org/r")
    page.fill("#hub-submit-city", "Exampleton")
    page.locator("#hub-submit-result").wait_for()
    assert not problems.is_visible()
    assert not page.locator("#hub-submit-summary-error").is_visible()
    assert foreign == [] and errors == []
    page.context.close()


@pytest.mark.browser
def test_the_rules_beyond_the_schema_are_checked_too(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    fill_minimal(page)
    page.fill("#hub-submit-ended", "2019")
    page.fill("#hub-submit-body-context", "# My heading\n\nText.")
    page.get_by_role("button", name="Check and make the file").click()
    page.locator("#hub-submit-problems").wait_for()
    ended = page.locator("#hub-submit-ended-error").inner_text()
    assert "cannot end (2019) before it starts (2020)" in ended
    assert "set the status to completed" in ended
    assert "single '# '" in page.locator("#hub-submit-body-context-error").inner_text()
    assert not page.locator("#hub-submit-result").is_visible()
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_file_names_are_made_as_the_hub_makes_slugs(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    fill_minimal(page)
    made_file(page)
    filename = page.locator("#hub-submit-filename")
    # Latin letters, and every character of the hub's content, are written
    # as the hub writes them; a script the hub has no content in is left out.
    for title, slug in (*((title, slugify(title)) for title in (
            "Café Ñandú", "Łódź: the pact", "Straße & Øresund", "Þingvellir ÆØ",
            "İstanbul welcome", "ﬁne ½ measures", "Gdańsk \u2013 Kraków", "Vũng Tàu, Timișoara")),
            ("광주 Gwangju", "gwangju"), ("Fair letting", "fair-letting")):
        page.fill("#hub-submit-title", title)
        page.wait_for_function(
            "([element, expected]) => element.textContent === expected",
            arg=[filename.element_handle(), f"practices/{slug}.md"])
    # The last one is taken: the page says so.
    assert page.locator("#hub-submit-taken").is_visible()
    assert errors == []
    page.context.close()


@pytest.fixture(scope="module")
def site_with_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site(tmp_path_factory.mktemp("repository") / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = "repo_url: !ENV [REPO_URL, null]\nedit_uri: edit/main/\n"
    assert settings in text
    config.write_text(text.replace(settings, f"repo_url: {REPO_URL}\nedit_uri: edit/trunk/\n"),
                      encoding="utf-8")
    yield from serve(build_site(root))


@pytest.mark.browser
def test_the_file_opens_on_githubs_new_file_page(
    browser: Any, site_with_repository: str
) -> None:
    page, foreign, errors = visit(browser, site_with_repository)
    fill_minimal(page, title="Fair desks: phase 2")
    path, text = made_file(page)
    link = page.locator("#hub-submit-github-link")
    assert link.is_visible() and not page.locator("#hub-submit-editors").is_visible()
    href = urlsplit(link.get_attribute("href"))
    assert f"{href.scheme}://{href.netloc}{href.path}" == REPO_URL + "/new/trunk"
    query = parse_qs(href.query, keep_blank_values=True)
    assert query == {"filename": ["practices/fair-desks-phase-2.md"], "value": [text]}
    assert path == "practices/fair-desks-phase-2.md"
    assert re.search(r"^title: \"Fair desks: phase 2\"$", text, re.M)
    # The repository link in the header asks no other host for anything.
    assert foreign == [] and errors == []
    page.context.close()


@pytest.mark.browser
def test_the_copy_button_copies_the_file(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fill_minimal(page)
    _, text = made_file(page)
    page.get_by_role("button", name="Copy the file").click()
    # The clipboard answers asynchronously: wait for the page to say so.
    page.locator("#hub-submit-copied", has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_form_passes_an_accessibility_audit(browser: Any, served_site: str) -> None:
    page, _, _ = visit(browser, served_site)
    # Scrolling to the problems hides the header tabs with a transition; audit
    # the settled page, not a frame of the animation.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    found = []
    for state in ("empty", "with problems", "with its file"):
        if state == "with problems":
            page.get_by_role("button", name="Check and make the file").click()
            page.locator("#hub-submit-problems").wait_for()
        elif state == "with its file":
            fill_minimal(page)
            page.locator("#hub-submit-result").wait_for()
        found += serious_violations(page, state)
    assert found == []
    page.context.close()


@pytest.mark.browser
def test_the_entry_survives_a_reload_until_it_is_discarded(browser: Any,
                                                           served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    restored = page.locator("#hub-submit-restored")
    assert not restored.is_visible()
    fill_everything(page)
    page.wait_for_timeout(500)  # the entry is kept 300 ms after the last change
    page.reload(wait_until="networkidle")
    page.locator("#hub-submit-form").wait_for()
    assert restored.is_visible()
    assert "restored the entry" in restored.inner_text()
    assert page.input_value("#hub-submit-title") == TITLE
    assert page.input_value("#hub-submit-body-context") == SECTIONS["Context"]
    assert page.is_checked('input[name="themes"][value="migrants-refugees"]')
    assert page.is_checked('input[name="commitments"][value="test-charter#fair-housing"]')
    assert page.locator('[data-field="sources"] [data-part="url"]').nth(1).input_value() == \
        "https://example.org/news?id=4"
    assert page.locator('[data-field="partner_cities"] [data-part="city"]').input_value() == \
        "Norby"
    # The restored entry makes the same file as the typed one.
    hints = {"themes": choices(["housing", "education", "anti-racism", "migrants-refugees"]),
             "target_groups": choices(["migrants-refugees", "youth"])}
    assert made_file(page)[1] == practice_text(entered_values(dt.date.today()), SECTIONS,
                                               hints, from_form=True)
    page.get_by_role("button", name="Discard it and start again").click()
    assert not restored.is_visible()
    assert page.input_value("#hub-submit-title") == ""
    assert not page.locator("#hub-submit-result").is_visible()
    page.reload(wait_until="networkidle")
    page.locator("#hub-submit-form").wait_for()
    assert not restored.is_visible()
    assert page.input_value("#hub-submit-title") == ""
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_a_copied_file_is_no_longer_kept(browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fill_minimal(page)
    made_file(page)
    page.wait_for_timeout(500)
    kept = "Object.keys(localStorage).filter(key => key.startsWith('hub-submit-draft'))"
    assert page.evaluate(kept) == ["hub-submit-draft:/submit/"]
    page.get_by_role("button", name="Copy the file").click()
    page.locator("#hub-submit-copied", has_text="Copied.").wait_for()
    assert page.evaluate(kept) == []
    page.reload(wait_until="networkidle")
    page.locator("#hub-submit-form").wait_for()
    assert not page.locator("#hub-submit-restored").is_visible()
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_form_opens_without_an_empty_partner_city_and_suggests_cities(
        browser: Any, served_site: str) -> None:
    page, _, errors = visit(browser, served_site)
    assert page.locator('[data-field="partner_cities"] .hub-submit-row').count() == 0
    assert page.locator('[data-field="sources"] .hub-submit-row').count() == 1
    fill_minimal(page)
    page.fill("#hub-submit-city", "Exampletown")
    page.get_by_role("button", name="Check and make the file").click()
    assert page.locator("#hub-submit-city-error").inner_text() == (
        "The hub has no city called 'Exampletown'. Did you mean Exampleton? Choose it from the "
        "list that opens as you type.")
    page.fill("#hub-submit-city", "Sao Exempla")
    page.locator("#hub-submit-city-error", has_text="Did you mean São Exemplo?").wait_for()
    assert errors == []
    page.context.close()


def editors_paragraph(contact_email: str) -> str:
    hub, _ = load_hub(SITE_FIXTURE)
    site = Site(hub, Renderer(REPO), contact_email=contact_email)
    html = site.fill("submit.md", "<!-- hub:submit_form -->")
    found = re.search(r'<p id="hub-submit-editors" hidden>(.*?)</p>', html, re.S)
    assert found
    return found.group(1)


def test_without_a_repository_the_page_gives_the_editors_address() -> None:
    assert editors_paragraph("editors@example.org") == (
        "Copy the file and send it by e-mail to the hub's editors at "
        '<a href="mailto:editors@example.org">editors@example.org</a>: they check it and add '
        "it to the hub.")
    assert "gives no address to send it to" in editors_paragraph("")
