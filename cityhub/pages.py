"""The pages the hub generates from its content, engine-neutral.

Each :class:`GeneratedPage` is a Markdown source (the contributor's body, plus
headings such as a pledge's commitments) holding ``<!-- hub:NAME -->``
markers. After the site engine has turned the Markdown into HTML,
:meth:`Site.fill` replaces each marker with the block ``NAME`` of the page's
Jinja template (see :mod:`cityhub.render`). Any Markdown engine that keeps
HTML comments can publish these pages; MkDocs is one adapter (``hooks/``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from cityhub.cities import ROLE_NOUNS, SIGNATORY
from cityhub.explore import facets
from cityhub.hub import Broken, Hub
from cityhub.places import SDG_TITLES, country_name, sdg_title
from cityhub.pledges import Pledge
from cityhub.practices import Practice
from cityhub.render import Renderer
from cityhub.search import BOOSTS, escaped_tags
from cityhub.submission import SubmissionForm

#: libyaml's writer where PyYAML has it: writing every page's front-matter in
#: pure Python is a large part of a build's own time
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
MARKER = re.compile(r"<!-- hub:([a-z0-9_]+)(?::([a-z0-9-]+))? -->")
_HEADING = re.compile(r"(?m)^#{2,6} ")
#: blocks a search index need not read, by page template: a practice's fact
#: sheet, whose facts (city, country, themes, groups...) the page's search tags
#: already hold and whose many small elements would be most of the work of
#: indexing the page, and its related practices, kept out of search (they have
#: their own pages); and the explore page's list of every practice, kept out
#: of search too, which would otherwise be read whole, thousands of cards
LATE_BLOCKS = {"practice.html": frozenset({"facts", "related"}),
               "practices.html": frozenset({"content"})}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    template: str
    markdown: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    #: the repository file a reader would edit to change this page
    edit_path: str | None = None
    #: the kind of page, which sets its weight in search (see search.BOOSTS)
    kind: str = "listing"
    #: words that find this page first in search (city, country, themes...)
    tags: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return page_url(self.src_uri)

    def source(self) -> str:
        # Site engines treat a page's title and description as HTML (MkDocs
        # derives titles from rendered headings), and themes print them
        # unescaped: hand them escaped text, never a contributor's markup.
        meta: dict[str, Any] = {"title": html.escape(self.title)}
        if self.description:
            meta["description"] = html.escape(self.description)
        # Generated pages are not in the navigation, so its sidebar would be
        # empty, as would the table of contents of a page without headings:
        # give the content the room instead.
        meta["hide"] = ["navigation"] if _HEADING.search(self.markdown) else ["navigation", "toc"]
        meta["search"] = {"boost": BOOSTS[self.kind]}
        if self.tags:
            meta["tags"] = escaped_tags(self.tags)
        front = yaml.dump(meta, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False,
                          width=1000)
        return f"---\n{front}---\n\n{self.markdown}\n"


_BRANCH = re.compile(r"(?:^|/)(?:edit|blob|tree)/([^/]+)/")


def repository_files(repo_url: str, edit_uri: str = "") -> str | None:
    """The address under which readers see the repository's files, such as
    ``https://github.com/o/r/blob/main/``: the branch is the one the edit
    links use (``edit/<branch>/``), else ``main``. None without a repository."""
    if not repo_url:
        return None
    branch = _BRANCH.search(edit_uri)
    return f"{repo_url.rstrip('/')}/blob/{branch.group(1) if branch else 'main'}/"


def page_url(src_uri: str) -> str:
    """The public URL (relative to the site root) of a page source."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def marker(name: str, argument: str | None = None) -> str:
    return f"<!-- hub:{name}:{argument} -->" if argument else f"<!-- hub:{name} -->"


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


class Site:
    """All generated pages of one build, and the filling of their markers."""

    def __init__(self, hub: Hub, renderer: Renderer, *, show_broken: bool = False,
                 repository: str | None = None) -> None:
        self.hub = hub
        self.renderer = renderer
        #: where readers see the repository's files (see :func:`repository_files`)
        self.repository = repository
        self.pages: dict[str, GeneratedPage] = {}
        for page in self._generate(show_broken):
            self.pages[page.src_uri] = page

    def fill(self, src_uri: str, html: str, *, late: bool | None = None) -> str:
        """Replace the markers of a rendered page with their HTML blocks.

        An engine that indexes pages for search between rendering and
        publishing can fill them in two passes: ``late=False`` before its
        search index reads the page, leaving the :data:`LATE_BLOCKS` of its
        template, and ``late=True`` after. By default every marker is filled
        at once.
        """
        if "<!-- hub:" not in html:
            return html
        page = self.pages.get(src_uri)
        if page is None:  # a hand-written page using the widgets
            template, context = "widgets.html", {"submission": self.submission}
        else:
            template, context = page.template, page.context
        base = "../" * page_url(src_uri).count("/")
        blocks = self.renderer.blocks(template, {**context, "base": base, "hub": self.hub,
                                                 "repository": self.repository})

        late_blocks = LATE_BLOCKS.get(template, frozenset())

        def replace(match: re.Match[str]) -> str:
            render = blocks.get(match.group(1))
            if render is None or (late is not None and late != (match.group(1) in late_blocks)):
                return match.group(0)
            return render(match.group(2))

        return MARKER.sub(replace, html)

    def shared_fingerprint(self) -> str:
        """A digest of all the content a generated page may show besides its own text.

        Every field of every city, pledge and practice, the vocabularies, the
        review records and the broken files, but not the practices' bodies: a body is shown on
        its own page only, so a preview that keeps pages built from an
        unchanged source and an unchanged digest never shows stale content.
        """
        hub = self.hub
        digest = hashlib.sha256()
        for part in (hub.themes, hub.networks, hub.target_groups, list(hub.cities.values()),
                     list(hub.pledges.values()), hub.broken, hub.reviews):
            digest.update(repr(part).encode())
        for practice in hub.practices.values():
            digest.update(repr(dataclasses.replace(practice, body="")).encode())
        return digest.hexdigest()

    @cached_property
    def submission(self) -> SubmissionForm:
        """The "Submit a practice" form, made when a page first shows it."""
        return SubmissionForm(self.hub)

    def _practice_tags(self, practice: Practice) -> tuple[str, ...]:
        city = self.hub.city_of(practice)
        return (city.name, country_name(city.country),
                *(c.name for c in self.hub.partner_cities_of(practice)),
                *(self.hub.themes.label(t) for t in practice.themes),
                *(self.hub.target_groups.label(g) for g in practice.target_groups),
                *practice.partners)

    def _generate(self, show_broken: bool) -> Iterator[GeneratedPage]:
        hub = self.hub
        yield GeneratedPage("practices/index.md", "Practices", "practices.html",
                            marker("content"), {"facets": facets(hub)},
                            "Good practices of cities against racism and discrimination: "
                            "filter them by theme, place, pledge and more.")
        yield _listing("cities/index.md", "Cities", "cities.html",
                       "Cities and local governments in the hub, and their pledges.")
        yield _listing("pledges/index.md", "Pledges", "pledges.html",
                       "Declarations, charters and plans of action that cities commit to.")
        yield _listing("themes/index.md", "Themes", "themes.html", "Practices by theme.")
        yield _listing("networks/index.md", "Networks", "networks.html",
                       "The city networks behind the pledges.")
        yield _listing("countries/index.md", "Countries", "countries.html",
                       "Cities and practices by country.")
        yield _listing("sdgs/index.md", "Sustainable Development Goals", "sdgs.html",
                       "Practices by UN Sustainable Development Goal.")
        for practice in hub.practices.values():
            yield GeneratedPage(
                f"practices/{practice.slug}.md", practice.title, "practice.html",
                _sections(practice.body, ("Sources", "sources", True),
                          ("Related practices", "related", False),
                          header=("header", "facts", "outcomes")),
                {"practice": practice}, practice.summary,
                practice.source_path, "practice", self._practice_tags(practice))
        for city in hub.cities.values():
            yield GeneratedPage(
                f"cities/{city.slug}.md", city.name, "city.html",
                _sections(city.body, ("Pledges", "pledges", True),
                          ("Practices", "practices", False)),
                {"city": city}, f"{city.name}, {country_name(city.country)}: pledges and "
                                "practices against racism and discrimination.",
                city.source_path, "city",
                (country_name(city.country), *(hub.networks.label(n) for n in city.networks)))
        for pledge in hub.pledges.values():
            yield GeneratedPage(
                f"pledges/{pledge.slug}.md", pledge.title, "pledge.html",
                _pledge_markdown(pledge, hub.roles_in(pledge)),
                {"pledge": pledge}, pledge.summary, pledge.source_path, "pledge",
                tuple(hub.networks.label(n) for n in pledge.networks))
        for theme in hub.themes:
            yield _term_page("themes", theme.id, theme.label, "theme.html", {"theme": theme},
                             theme.description)
        for network in hub.networks:
            yield _term_page("networks", network.id, network.label, "network.html",
                             {"network": network}, network.description)
        for code in hub.cities_by_country:
            yield _term_page("countries", code.lower(), country_name(code), "country.html",
                             {"code": code}, f"Cities and practices in {country_name(code)}.")
        for number in SDG_TITLES:
            yield _term_page("sdgs", str(number), f"SDG {number}: {sdg_title(number)}",
                             "sdg.html", {"number": number},
                             f"Practices contributing to SDG {number}, {sdg_title(number)}.")
        if show_broken:
            for broken in hub.broken:
                yield _broken_page(broken)


def _listing(src_uri: str, title: str, template: str, description: str) -> GeneratedPage:
    return GeneratedPage(src_uri, title, template, marker("content"), {}, description)


def _term_page(folder: str, key: str, title: str, template: str, context: dict[str, Any],
               description: str) -> GeneratedPage:
    return GeneratedPage(f"{folder}/{key}.md", title, template, marker("content"), context,
                         description, kind="term")


def _sections(body: str, *sections: tuple[str, str, bool],
              header: tuple[str, ...] = ("header",)) -> str:
    """Header markers, the contributor's body, then headed sections of ours;
    sections that only list other pages are kept out of the search index."""
    parts = [line for name in header for line in (marker(name), "")]
    parts += [body.strip(), ""]
    for heading, name, searchable in sections:
        exclude = "" if searchable else " data-search-exclude"
        parts += [f"## {heading} {{#hub-{name}{exclude}}}", "", marker(name), ""]
    return "\n".join(parts)


def role_anchor(role: str) -> str:
    """The anchor of a pledge page's section listing the cities in ``role``."""
    return f"pledge-{ROLE_NOUNS[role][1]}"


def _pledge_markdown(pledge: Pledge, roles: list[tuple[str, int]]) -> str:
    """The pledge's body, its commitments, then who signed it: the signatory
    cities with the people who signed for an organisation ("Also signed by"),
    then each other role (chairs, host, endorsers) under its own heading."""
    parts = [marker("header"), "", pledge.body.strip(), "",
             "## Commitments {#pledge-commitments}", "", marker("commitments_intro"), ""]
    for commitment in pledge.commitments:
        parts += [f"### {escape_markdown(commitment.title)} {{#{commitment.id}}}", "",
                  marker("commitment", commitment.id), ""]
    present = dict(roles)
    if SIGNATORY in present or pledge.other_signatories or not present:
        parts += [f"## Signatories {{#{role_anchor(SIGNATORY)} data-search-exclude}}", "",
                  marker("signatories"), ""]
    if pledge.other_signatories:
        parts += ["### Also signed by {#pledge-other-signatories data-search-exclude}", "",
                  marker("other_signatories"), ""]
    for role, count in roles:
        if role != SIGNATORY:
            heading = ROLE_NOUNS[role][count != 1].capitalize()
            parts += [f"## {heading} {{#{role_anchor(role)} data-search-exclude}}", "",
                      marker("participants", role), ""]
    return "\n".join(parts)


def _broken_page(broken: Broken) -> GeneratedPage:
    return GeneratedPage(f"{broken.folder}/{broken.slug}.md", broken.title, "broken.html",
                         marker("content"), {"broken": broken}, None, broken.source_path)
