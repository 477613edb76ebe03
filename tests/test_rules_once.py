"""Rules stated once, in Python: the browser applies the same ones.

The submission form and the explore page get the validator's patterns, its
rules between fields, its raw-HTML policy and the hub's transliteration as
data from the build; their scripts hold no copy. These tests hold the scripts
to that, and run the same input through Python and through Chromium.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityhub.content import bodies, practices, schema
from cityhub.content.loader import load_hub
from cityhub.content.rules import Distinct, Equals, Given, Requires, Rule
from cityhub.content.slugs import NON_SLUG, slugify
from cityhub.content.transliteration import browser_table, texts_of, transliterate
from cityhub.contribute import scaffold
from cityhub.site.search import SiteSearch, fold
from conftest import REPO, SITE_FIXTURE, build_site, make_site, serve, visit

SCRIPTS = {name: (REPO / "docs" / "assets" / name).read_text(encoding="utf-8")
           for name in ("submit.js", "explore.js")}
#: what the build hands the scripts: none of it may be written in them
PYTHON_PATTERNS = (schema.SLUG.pattern, schema.EMAIL.pattern, schema.HOST, schema.URL.pattern,
                   NON_SLUG.pattern, scaffold.PLAIN.pattern, scaffold.NOT_TEXT.pattern,
                   scaffold.NOT_PRINTABLE.pattern,
                   *(p["source"] for p in bodies.browser_policy()["patterns"].values()))
#: tell-tale pieces of hand-written copies: address classes, HTML names,
#: schemes, the words of a rule, a folding of accents of the script's own
COPIES = ("A-Za-z0-9", "@[", "script|", "(script", "iframe", "javascript", "vbscript",
          "completed", ".ended", ".started", "values.status", "normalize(", "\\u0300",
          "[^\\x00-\\x7f]/g,")


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_the_scripts_hold_no_pattern_rule_or_letter_table_of_their_own(name: str) -> None:
    script = SCRIPTS[name]
    assert [p for p in PYTHON_PATTERNS if p in script] == []
    assert [c for c in COPIES if c in script] == []
    # A table of letters would be written in letters other than ASCII.
    assert sorted({c for c in script if not c.isascii()}) == []


def test_the_form_knows_every_kind_of_rule_between_fields() -> None:
    kinds = {type(rule).__name__: rule.browser()["kind"] for rule in (
        *practices.RULES, COMPLETED_REQUIRES_ENDED)}
    assert sorted(kinds) == sorted(kind.__name__ for kind in Rule.__subclasses__())
    for kind in kinds.values():
        assert f"\n    {kind}: function (rule, values) {{" in SCRIPTS["submit.js"], kind


# Transliteration --------------------------------------------------------------

def hub_texts(root: Path) -> list[str]:
    hub, problems = load_hub(root)
    assert not problems
    return list(texts_of(hub))


def fold_in_browser(table: dict[str, str], text: str) -> str:
    """What the scripts do with the table: each character found in it
    replaced by its form, the others kept, then lower case."""
    letters = {c: form for form, characters in table.items() for c in characters}
    return "".join(letters.get(c, c) for c in text).lower()


@pytest.mark.parametrize("root", [REPO, SITE_FIXTURE], ids=["repository", "fixture"])
def test_the_browsers_table_writes_the_hubs_text_as_python_does(root: Path) -> None:
    texts = hub_texts(root)
    table = browser_table(texts)
    for form, characters in table.items():
        for character in characters:
            assert transliterate(character) == form, character
    words = [*texts, "Łódź Gdańsk São Paulo Straße Øresund Þingvellir İstanbul ﬁne ½ "
                     "Vũng Tàu Timișoara Ærø Dvořák Kraków Sa\u0303o"]
    for text in words:
        assert fold_in_browser(table, text) == transliterate(text).lower(), text


FIXTURE_TABLE = browser_table(hub_texts(SITE_FIXTURE))


@given(st.text(st.sampled_from([*string.printable,
                                *(c for group in FIXTURE_TABLE.values() for c in group)])))
def test_any_text_of_the_tables_characters_is_written_as_python_does(text: str) -> None:
    assert fold_in_browser(FIXTURE_TABLE, text) == transliterate(text).lower()


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_titles_keep_the_slugs_they_had(title: str) -> None:
    assert slugify(title) == re.sub("[^a-z0-9]+", "-", title.lower()).strip("-")


def test_the_browsers_table_is_small() -> None:
    table = browser_table(hub_texts(REPO))
    size = len(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode())
    characters = sum(len(c) for c in table.values())
    # It grows with the scripts the content is written in (974 characters, 4.3 KiB
    # with the hub's content of December 2026): a few KiB, never the whole library.
    assert characters > 800 and size < 8192, (characters, size)


def test_one_transliteration_for_slugs_and_search() -> None:
    for text in ("Łódź", "Gdańsk", "Straße", "Þingvellir", "½"):
        assert slugify(text) == re.sub("[^a-z0-9]+", "-", fold(text).lower()).strip("-")
    assert fold("Łódź, Øresund, Timișoara") == "Lodz, Oresund, Timisoara"
    assert slugify("ﬁne ½ measures") == "fine-1-2-measures"


# Patterns ---------------------------------------------------------------------

ADDRESSES = ("https://example.org", "http://example.org:8080/a?b=c#d", "HTTPS://example.org",
             "https://exa mple.org", "https://example.org/a b", "https://example.org/a\u00a0",
             "https://example.org/\u0085", "https://example.org/\ufeff", "https://example.org/\u2003",
             "https://example.org/\x1c", "https://ex_ample.org", "https://-example.org",
             "https://example.org./", "https://user@example.org", "https://[::1]/",
             "https://example.org/été", "https://例え.jp", "javascript:alert(1)",
             "https://example.org:\uff18\uff10/", "www.example.org", "https://example.org/\u3000")
EMAILS = ("name@example.org", "a.b+c@d-e.f.org", "name@example", "a b@example.org",
          "ä@example.org", "name@exam_ple.org", "name@@example.org", "name@example.org.")


@pytest.mark.browser
def test_chromium_reads_the_published_patterns_as_python_does(browser: Any) -> None:
    page = browser.new_page()
    cases = [(f"^{schema.URL.pattern}$", v, bool(schema.URL.fullmatch(v))) for v in ADDRESSES]
    cases += [(f"^{schema.EMAIL.pattern}$", v, bool(schema.EMAIL.fullmatch(v))) for v in EMAILS]
    found = page.evaluate("cases => cases.map(c => new RegExp(c[0], 'u').test(c[1]))", cases)
    assert [(value, bool(js)) for (_, value, _), js in zip(cases, found, strict=True)] == [
        (value, python) for _, value, python in cases]
    page.close()


# The submission form -------------------------------------------------------------

def fill_minimal(page: Any) -> None:
    page.fill("#hub-submit-title", "Fair desks")
    page.fill("#hub-submit-city", "Exampleton")
    page.fill("#hub-submit-summary", "Desks that help.")
    page.check('input[name="themes"][value="housing"]')
    page.select_option("#hub-submit-status", "ongoing")
    page.fill("#hub-submit-started", "2020")
    row = page.locator('[data-field="sources"] .hub-submit-row').nth(0)
    row.locator('[data-part="title"]').fill("Report")
    row.locator('[data-part="url"]').fill("https://example.org/report")
    page.check("#hub-submit-licence")


def open_form(browser: Any, url: str) -> tuple[Any, list[str]]:
    page, _, errors = visit(browser, url + "submit/")
    page.locator("#hub-submit-form").wait_for()
    fill_minimal(page)
    return page, errors


def check(page: Any) -> None:
    page.get_by_role("button", name="Check and make the file").click()


#: lines of a description, hostile or harmless; fences span lines
BODIES = (
    "<script>alert(1)</script>", "< SCRIPT src=x>", "</style>", "<scripts> are fine",
    "<\u017fcript>", "&lt;script&gt; is text", "<iframe src=x>", "<img src=x onerror=alert(1)>",
    "<a href='x' onClick = 'y'>", "a = onload=b", "[x](javascript:alert(1))",
    "[x]( JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))", "[x](java&Tab;script:x)",
    "[x](&#x6A&#x61vascript:x)", "<a href=\"vbscript:x\">", "[ref]: data:text/html,x",
    "    [ref]: data:text/html,x", "<javascript:alert(1)>", "[x](https://example.org)",
    "# Heading", "   # Heading", "    # code", "#hashtag", "## Section",
    "```\n# in a fence\n```\n# after", "~~~\n```\n# still fenced\n~~~\n# after",
    "````\n```\n# fenced\n````", "Tom & Jerry = friends", "[a]: <javascript:x>",
    "x" * 30 + "[x](" + "\t" * 30 + "javascript:x)",
)


def python_advice(body: str) -> str:
    """The advice for the findings of ``body`` as the form writes it in the file."""
    return " ".join(bodies.FINDINGS[kind].advice.format(**context)
                    for _, kind, context in bodies.findings(body.strip()))


@pytest.mark.browser
def test_the_form_applies_the_raw_html_policy_as_the_validator(
    browser: Any, served_site: str
) -> None:
    page, errors = open_form(browser, served_site)
    check(page)
    error = page.locator("#hub-submit-body-context-error")
    shown = {}
    for body in BODIES:
        page.fill("#hub-submit-body-context", body)
        check(page)
        shown[body] = error.text_content()
    assert shown == {body: python_advice(body) for body in BODIES}
    assert sum(1 for advice in shown.values() if advice) > 20  # most of them are refused
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_form_writes_every_character_of_the_table_as_python_does(
    browser: Any, served_site: str
) -> None:
    page, errors = open_form(browser, served_site)
    check(page)
    page.locator("#hub-submit-result").wait_for()
    table = json.loads(page.locator("#hub-submit-layout").text_content())["letters"]
    characters = [c for group in table.values() for c in group]
    filename = page.locator("#hub-submit-filename")
    for i in range(0, len(characters), 50):
        title = "x" + "x".join(characters[i:i + 50]) + "x"
        page.fill("#hub-submit-title", title)
        page.wait_for_function(
            "([element, expected]) => element.textContent === expected",
            arg=[filename.element_handle(), f"practices/{slugify(title)}.md"], timeout=5000)
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_form_applies_the_rules_between_fields(browser: Any, served_site: str) -> None:
    page, errors = open_form(browser, served_site)
    partners = page.locator('[data-field="partner_cities"]')
    partners.get_by_role("button", name="Add a partner city").click()
    partners.locator('[data-part="city"]').fill("Exampleton")
    check(page)
    assert page.locator('[data-field="partner_cities"] .hub-error').text_content() == (
        "Item 1: " + next(r for r in practices.RULES if isinstance(r, Distinct)).advice)
    assert errors == []
    page.context.close()


# A rule added in Python reaches the form ---------------------------------------

#: a rule added to the model as one entry of practices.RULES, with no change to
#: the form's script: a completed practice gives the year it ended
COMPLETED_REQUIRES_ENDED = next(
    rule for rule in practices.RULES if isinstance(rule, Requires)
    and rule.when == Equals("status", "completed") and rule.then == Given("ended"))


@pytest.fixture(scope="module")
def site_with_a_new_rule(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context():
        root = make_site(tmp_path_factory.mktemp("new-rule") / "repo")
        practice = root / "practices" / "school-mentors.md"
        assert not load_hub(root)[1]
        practice.write_text(practice.read_text(encoding="utf-8").replace("ended: 2019\n", ""),
                            encoding="utf-8")
        _, problems = load_hub(root)
        assert [p.message for p in problems] == [COMPLETED_REQUIRES_ENDED.message]
        practice.write_text(practice.read_text(encoding="utf-8").replace(
            "status: completed", "status: completed\nended: 2019"), encoding="utf-8")
        site = build_site(root)
    yield from serve(site)


@pytest.mark.browser
def test_a_rule_added_to_the_practice_model_is_checked_by_the_form(
    browser: Any, site_with_a_new_rule: str
) -> None:
    page, errors = open_form(browser, site_with_a_new_rule)
    page.select_option("#hub-submit-status", "completed")
    check(page)
    assert page.locator("#hub-submit-status-error").text_content() == (
        COMPLETED_REQUIRES_ENDED.advice)
    page.fill("#hub-submit-ended", "2021")
    page.locator("#hub-submit-result").wait_for()
    assert errors == []
    page.context.close()


# Łódź, written without its diacritics ------------------------------------------

LODZ = """---
name: Łódź
country: PL
location: {lat: 51.76, lon: 19.46}
---
A city of textile mills.
"""
LODZ_PRACTICE = """---
title: Welcome centre for newcomers
city: lodz
summary: One office where newcomers find advice on papers, work and housing.
themes: [migrants-refugees]
status: ongoing
started: 2018
sources:
  - title: The centre's page
    url: https://example.org/lodz
submitted: 2026-02-01
---
## Context

Newcomers went from office to office.
"""


@pytest.fixture(scope="module")
def lodz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("lodz") / "repo")
    (root / "cities" / "lodz.md").write_text(LODZ, encoding="utf-8")
    (root / "practices" / "lodz-welcome-centre.md").write_text(LODZ_PRACTICE, encoding="utf-8")
    return build_site(root)


def test_site_search_finds_lodz_without_its_diacritics(lodz_site: Path) -> None:
    search = SiteSearch(lodz_site)
    found = [result.location for result in search.search("Lodz")]
    assert set(found[:2]) == {"practices/lodz-welcome-centre/", "cities/lodz/"}


@pytest.mark.browser
def test_the_explore_page_and_the_search_box_find_lodz_without_its_diacritics(
    browser: Any, lodz_site: Path
) -> None:
    for url in serve(lodz_site):
        page, _, errors = visit(browser, url + "practices/")
        page.locator("#hub-filters").wait_for(state="visible")
        page.locator("#hub-q").fill("Lodz")
        page.locator('[data-practice="fair-letting"]').wait_for(state="hidden")
        shown = page.locator(".hub-card:visible").evaluate_all(
            "cards => cards.map(card => card.dataset.practice)")
        assert shown == ["lodz-welcome-centre"]
        page.locator(".md-search__input").click()
        page.keyboard.type("Lodz", delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert "Welcome centre for newcomers" in results.locator("h1").all_inner_texts()
        assert errors == []
        page.context.close()
