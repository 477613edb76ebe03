"""Hostile input renders harmlessly, pages run only the site's own scripts,
builds are reproducible and pages pass an accessibility audit."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cityhub.site.security import with_content_security_policy
from conftest import build_site, make_site, serious_violations, serve, visit_each

#: each would run a script if it reached a page unescaped; each sets a flag or opens a dialog
PAYLOADS = (
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "</script><script>window.__pwned=2;alert(2)</script>",
    '" onmouseover="window.__pwned=3" autofocus onfocus="alert(3)" x="',
    "javascript:alert(4)",
    "<svg onload=alert(5)>",
)
HOSTILE = " ".join(PAYLOADS)
PAGES = ("", "practices/", "practices/housing-advice/", "cities/", "cities/norby/",
         "cities/exampleton/", "themes/housing/", "pledges/test-charter/", "countries/no/",
         "networks/eccar/", "data/")


def hostile_site(root: Path) -> Path:
    """The fixture site with hostile text in every free-text field that reaches pages."""
    practice = root / "practices" / "housing-advice.md"
    text = practice.read_text(encoding="utf-8")
    for key in ("title", "summary"):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {json.dumps(HOSTILE[:100])}", text)
    text = text.replace("  - title: Housing Advice Desk\n",
                        f"  - title: {json.dumps(HOSTILE[:200])}\n")
    text = text.replace("submitted:", f"partners: [{json.dumps(HOSTILE[:200])}]\n"
                                      f"results: [{json.dumps(HOSTILE)}]\n"
                                      f"contact: {{name: {json.dumps(HOSTILE[:120])}}}\n"
                                      "submitted:")
    practice.write_text(text, encoding="utf-8")
    city = root / "cities" / "norby.md"
    city.write_text(city.read_text(encoding="utf-8").replace(
        "name: Norby", f"name: {json.dumps(PAYLOADS[0])}"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_site(make_site(tmp_path_factory.mktemp("hostile") / "repo"))
    return build_site(root)


@pytest.fixture(scope="module")
def hostile_served(hostile_built: Path) -> Iterator[str]:
    yield from serve(hostile_built)


#: an inline script the browser runs: no src, no type or a JavaScript one
INLINE_SCRIPT = re.compile(r'<script(?: type="(?:text/javascript|module)")?>(.*?)</script>', re.S)


def sha256_source(script: str) -> str:
    """The CSP source expression that allows ``script``, as the CSP standard
    defines it: the base64 of the SHA-256 of the script's UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_every_page_allows_only_its_own_scripts(built_site: Path) -> None:
    """Hashes are computed here, not by the code under test: a wrong one would
    stop the theme's inline scripts in every browser."""
    inline_scripts = 0
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy, page
        directives = dict(d.split(" ", 1) for d in policy.group(1).split("; "))
        allowed = directives["script-src"].split()
        assert allowed[0] == "'self'", page
        expected = {sha256_source(script) for script in INLINE_SCRIPT.findall(html)}
        assert sorted(allowed[1:]) == sorted(expected), page
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
        assert html.index("Content-Security-Policy") < html.index("<script"), page
        inline_scripts += len(expected)
    assert inline_scripts > 0


def test_the_policy_allows_no_other_inline_script() -> None:
    page = ("<head><meta charset=\"utf-8\"></head><body><script>run()</script>"
            "<script type=\"application/json\">{\"data\": 1}</script>"
            "<script src=\"x.js\"></script><img src=x onerror=\"alert(1)\"></body>")
    policy = re.search(r'content="([^"]+)"', with_content_security_policy(page))
    assert policy is not None
    script_src = next(d for d in policy.group(1).split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' {sha256_source('run()')}"


def test_hostile_text_is_escaped_in_every_page(hostile_built: Path) -> None:
    for url in PAGES:
        html = (hostile_built / url / "index.html").read_text(encoding="utf-8")
        # The schema.org data is JSON inside a script that never runs: text there
        # is inert as long as nothing in it can close the element.
        linked = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert all("<" not in data and ">" not in data for data in linked), url
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        for payload in PAYLOADS[:2] + PAYLOADS[4:]:
            assert payload not in html, url
        assert "onerror=" not in html.replace("onerror=&#34;", "").replace(
            "onerror=&quot;", ""), url
    search = (hostile_built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>" not in search and "<img src=x" not in search


@pytest.mark.browser
def test_hostile_text_never_runs_in_a_browser(browser: Any, hostile_served: str) -> None:
    dialogs: list[str] = []

    def record_dialogs(page: Any) -> None:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for url, page, _, _ in visit_each(browser, hostile_served, PAGES, width=None,
                                      prepare=record_dialogs):
        page.mouse.move(200, 300)
        assert page.evaluate("window.__pwned") is None, url
    context = browser.new_context()
    page = context.new_page()
    record_dialogs(page)
    page.goto(hostile_served + "practices/?words=onerror", wait_until="networkidle")
    assert page.locator('[data-practice="housing-advice"]').is_visible()
    page.locator(".md-search__input").click()
    page.keyboard.type("Exampleton")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    context.close()


def test_two_builds_are_byte_identical(site_root: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    def snapshot() -> dict[str, bytes]:
        site = build_site(site_root)
        files = {p.relative_to(site).as_posix(): p.read_bytes()
                 for p in sorted(site.rglob("*")) if p.is_file()}
        os.rename(site, tmp_path / f"site-{len(list(tmp_path.iterdir()))}")
        return files

    first, second = snapshot(), snapshot()
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_an_accessibility_audit(browser: Any, served_site: str, scheme: str) -> None:
    found = []
    for url, page, _, _ in visit_each(browser, served_site, (
            "", "practices/", "practices/fair-letting/", "cities/", "cities/exampleton/",
            "pledges/test-charter/", "themes/housing/"), width=None, color_scheme=scheme):
        found += serious_violations(page, url or "/")
    assert found == []


def test_a_content_folder_linking_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    from cityhub.cli import main as hub

    root = make_site(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: secret\n---\nfrom the build machine\n")
    os.symlink(outside, root / "practices" / "elsewhere")
    assert load_problems(root) == [
        "practices/elsewhere:1: error: the file is a symbolic link; content files must be "
        "regular files in the repository: replace the link with the file itself"]
    assert hub(["--root", str(root), "check"]) == 1
    site = build_site(root, command="serve")
    assert "from the build machine" not in "".join(
        p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def load_problems(root: Path) -> list[str]:
    from cityhub.content.loader import load_hub

    _, problems = load_hub(root, include_drafts=True)
    return problems.report_lines()


def test_links_to_other_sites_carry_noopener(built_site: Path) -> None:
    missing = []
    for page in sorted(built_site.rglob("*.html")):
        for tag in re.findall(r"<a\b[^>]*\bhref=\"(?:https?:)?//[^>]*>", page.read_text("utf-8")):
            rel = re.search(r'\brel="([^"]*)"', tag)
            if not rel or "noopener" not in rel.group(1).split():
                missing.append(f"{page.relative_to(built_site)}: {tag}")
    assert missing == []


def test_a_content_folder_that_is_a_link_outside_is_not_read(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    outside = tmp_path / "outside"
    shutil.move(str(root / "practices"), outside)
    os.symlink(outside, root / "practices")
    problems = load_problems(root)
    assert problems and all(line.endswith("the file resolves outside the repository and is "
                                          "not read") for line in problems), problems
    assert len(problems) == len(list(outside.glob("*.md")))
