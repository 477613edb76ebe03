"""Golden output: the article of each generated page of the fixture site.

A change to templates or pages shows up here as a diff to review. After an
intended change, regenerate with ``make golden`` (``UPDATE_GOLDEN=1 pytest
tests/test_golden.py``) and commit the new files with the change.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = (
    "", "practices/", "practices/fair-letting/", "practices/school-mentors/",
    "practices/housing-advice/", "cities/", "cities/exampleton/", "cities/norby/",
    "pledges/", "pledges/test-charter/", "pledges/test-declaration/", "themes/",
    "themes/housing/", "networks/", "networks/eccar/", "countries/", "countries/br/",
    "sdgs/", "sdgs/4/", "target-groups/", "target-groups/youth/", "progress/",
    "progress/test-declaration/",
    # one practice per language: translated into French, shown in English on /es/
    "fr/practices/fair-letting/", "es/practices/fair-letting/", "es/pledges/test-charter/",
)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    match = _ARTICLE.search(html)
    assert match, url
    lines = [line.rstrip() for line in match.group(1).strip().splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def golden_path(url: str) -> Path:
    return GOLDEN / ((url.strip("/").replace("/", "--") or "home") + ".html")


@pytest.mark.parametrize("url", PAGES)
def test_generated_page_matches_golden_output(built_site: Path, url: str) -> None:
    produced = article(built_site, url)
    path = golden_path(url)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.is_file(), f"no golden file for {url}: run `make golden`"
    assert produced == path.read_text(encoding="utf-8")
