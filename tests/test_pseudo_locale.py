"""Every word of the interface goes through the catalogue: a build in a pseudo-locale shows it.

In :data:`cityhub.messages.PSEUDO` every translated string is wrapped in
``⟦…⟧``. Each block of every generated page of the fixture site (and of the
home page's widgets) is rendered in it; any letter left outside the wrappers
that is not content (a title, a name, a summary, a vocabulary label, a
country's name) is interface text that bypasses the catalogue.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cityhub import messages
from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.content.places import country_name
from cityhub.site.kinds import MARKER
from cityhub.site.pages import Site
from cityhub.site.render import Renderer
from cityhub.site.search import fold
from conftest import REPO, SITE_FIXTURE, build_site, make_site, serve, visit

WRAPPED = re.compile(r"⟦[^⟦⟧]*⟧")
LETTER = re.compile(r"[^\W\d_]")
#: attributes a reader hears or sees
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class _Text(HTMLParser):
    """The text of a block as a reader meets it, and the attributes read aloud apart.

    Data inside ``<script>`` (the pages' JSON data) is not read; a message
    holding markup (a link inside a sentence) stays one text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self._script = False

    def handle_data(self, data: str) -> None:
        if not self._script:
            self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        self.attributes += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def readable(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [part for part in ("".join(parser.text), *parser.attributes) if part.strip()]


def content_strings(hub: Hub) -> list[str]:
    """Every text the content holds, longest first: it is not the interface's to translate."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)

    for part in (hub.cities, hub.pledges, hub.practices, hub.reviews, hub.broken):
        walk(part)
    for vocabulary in (hub.themes, hub.networks, hub.target_groups):
        for term in vocabulary:
            found.update((term.label, term.description, vocabulary.short_label(term.id)))
    found.update(str(problem) for broken in hub.broken for problem in broken.problems)
    found.update(country_name(code) for code in hub.cities_by_country)
    found.update([fold(text) for text in found])
    return sorted((s for s in found if LETTER.search(s)), key=len, reverse=True)


#: an address shown as text: an e-mail, a web address (with or without its https://)
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://[^\s⟦⟧]*|[\w-]+(?:\.[\w-]+)+(?:/[^\s⟦⟧]*)?")


def untranslated(text: str, content: list[str]) -> str:
    rest, previous = ADDRESS.sub(" ", text), None
    while rest != previous:  # a wrapped string may hold others: ⟦SDG 4: ⟦Quality education⟧⟧
        previous, rest = rest, WRAPPED.sub(" ", rest)
    for value in content:
        rest = rest.replace(value, " ")
    return rest if LETTER.search(rest) else ""


@pytest.fixture(scope="module")
def pseudo_site() -> Iterator[tuple[Site, list[str]]]:
    hub, _ = load_hub(SITE_FIXTURE, include_drafts=True)
    with messages.use(messages.PSEUDO):
        yield (Site(hub, Renderer(REPO), show_broken=True,
                    repository="https://github.com/o/r/blob/main/"), content_strings(hub))


def rendered_blocks(site: Site) -> Iterator[tuple[str, str]]:
    for src_uri, page in site.pages.items():
        for match in MARKER.finditer(page.markdown):
            yield f"{src_uri} {match.group(0)}", site.fill(src_uri, match.group(0))
    for name in site.renderer.env.get_template("widgets.html").blocks:
        yield f"widgets {name}", site.fill("index.md", f"<!-- hub:{name} -->")


def test_every_word_of_every_block_comes_from_the_catalogue(
        pseudo_site: tuple[Site, list[str]]) -> None:
    site, content = pseudo_site
    with messages.use(messages.PSEUDO):
        leaks = [f"{where}: {left.strip()!r}" for where, html in rendered_blocks(site)
                 for text in readable(html) if (left := untranslated(text, content))]
    assert leaks == []


def test_page_titles_descriptions_and_headings_come_from_the_catalogue(
        pseudo_site: tuple[Site, list[str]]) -> None:
    site, content = pseudo_site
    with messages.use(messages.PSEUDO):
        leaks = []
        for src_uri, page in site.pages.items():
            headings = re.findall(r"(?m)^#{2,6} (.*?) \{#", page.markdown)
            for text in (page.title, page.description or "", *headings):
                if left := untranslated(text.replace("\\", ""), content):
                    leaks.append(f"{src_uri}: {left.strip()!r}")
    assert leaks == []


def test_the_check_finds_a_word_outside_the_catalogue() -> None:
    assert untranslated("⟦3 practices⟧ · Norby, ⟦SDG 4: ⟦Quality education⟧⟧", ["Norby"]) == ""
    assert untranslated("⟦3 practices⟧ in Norby", ["Norby"]).strip() == "in"


# A whole build in the pseudo-locale: the theme's overrides and the scripts -------

@pytest.fixture(scope="module")
def pseudo_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = make_site(tmp_path_factory.mktemp("pseudo") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUB_LANGUAGE", messages.PSEUDO)
        site = build_site(root)
    yield site
    messages.activate(messages.SOURCE_LANGUAGE)


def test_the_theme_overrides_speak_through_the_catalogue(pseudo_build: Path) -> None:
    not_found = (pseudo_build / "404.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                        not_found, re.S)
    assert article
    assert [text for text in readable(article.group(1)) if untranslated(text, [])] == []
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)"',
                     not_found)
    assert feed and feed.group(1).startswith("⟦")


@pytest.mark.browser
def test_the_scripts_show_their_words_through_the_catalogue(browser: Any,
                                                            pseudo_build: Path) -> None:
    for url in serve(pseudo_build):
        page, _, errors = visit(browser, url + "practices/")
        page.locator('#hub-filters:not([hidden])').wait_for()
        page.check('input[name="theme"][value="housing"]')
        page.locator("#hub-result-count", has_text="⟦").wait_for()
        assert page.locator("#hub-result-count").inner_text().startswith("⟦")
        page.goto(url + "submit/", wait_until="networkidle")
        page.locator("#hub-submit-form").wait_for()
        page.get_by_role("button", name="⟦Check and make the file⟧").click()
        page.locator("#hub-submit-problems").wait_for()
        count = page.locator("#hub-submit-problems-count").inner_text()
        title_error = page.locator("#hub-submit-title-error").inner_text()
        assert count.startswith("⟦") and count.endswith("⟧"), count
        assert title_error.startswith("⟦") and title_error.endswith("⟧"), title_error
        assert errors == []
        page.context.close()
