"""The kinds of page the hub generates, each owning its address, template, context and search.

A :class:`PageKind` says where its pages live (:meth:`PageKind.path`, used by
templates, the open data and the feed through :func:`url_for`, so no address
is spelled by hand), which Jinja template fills them, what their Markdown
source holds, and how the search index weighs them (:class:`SearchProfile`).
Adding a kind of page is one class here and one template in
``theme_overrides/hub/``.

A :class:`GeneratedPage` is a Markdown source (the contributor's body, plus
headings such as a pledge's commitments) holding ``<!-- hub:NAME -->``
markers. After the site engine has turned the Markdown into HTML,
:meth:`cityhub.site.pages.Site.fill` replaces each marker with the block
``NAME`` of the page's template. Any Markdown engine that keeps HTML comments
can publish these pages; MkDocs is one adapter (:mod:`cityhub.mkdocs`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cityhub.content.cities import ROLE_NOUNS, SIGNATORY, City, role_heading
from cityhub.content.hub import Broken, Hub
from cityhub.content.places import SDG_TITLES, country_name, sdg_title
from cityhub.content.pledges import Pledge
from cityhub.content.practices import Practice
from cityhub.messages import N_, _
from cityhub.site.explore import facets
from cityhub.site.search import SearchProfile, escaped_tags, folded_words, with_folded

MARKER = re.compile(r"<!-- hub:([a-z0-9_]+)(?::([a-z0-9-]+))? -->")
_HEADING = re.compile(r"(?m)^#{2,6} ")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


#: search engines show about this many characters of a page's description,
#: and of its title (the site's name included)
DESCRIPTION_LIMIT = 160
TITLE_LIMIT = 70


def shortened(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "\u2026"


@dataclass
class GeneratedPage:
    """One page of one kind: its Markdown source and what its template is given."""

    kind: PageKind
    #: the page's id within its kind (a slug, a code, a number), or None for a listing
    key: str | None
    title: str
    markdown: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    #: the repository file a reader would edit to change this page
    edit_path: str | None = None
    #: words that find this page first in search (city, country, themes...)
    tags: tuple[str, ...] = ()

    @property
    def src_uri(self) -> str:
        return self.kind.source_path(self.key)

    @property
    def url(self) -> str:
        return self.kind.path(self.key)

    @property
    def template(self) -> str:
        return self.kind.template

    def meta(self, title_room: int = TITLE_LIMIT) -> dict[str, Any]:
        """The page's metadata as site engines read it from front-matter;
        ``title_room`` is how long the title may be in the browser's tab and
        in search results (``hub_title``), once the engine has added the site's name."""
        # Site engines treat a page's title and description as HTML (MkDocs
        # derives titles from rendered headings), and themes print them
        # unescaped: hand them escaped text, never a contributor's markup.
        meta: dict[str, Any] = {"title": html.escape(self.title),
                                "hub_title": html.escape(shortened(self.title, title_room))}
        if self.description:
            meta["description"] = html.escape(shortened(self.description, DESCRIPTION_LIMIT))
        #: which kind of page this is, for the theme's templates
        meta["hub_kind"] = self.kind.name
        # Generated pages are not in the navigation, so its sidebar would be
        # empty, as would the table of contents of a page without headings:
        # give the content the room instead.
        meta["hide"] = ["navigation"] if _HEADING.search(self.markdown) else ["navigation", "toc"]
        meta["search"] = {"boost": self.kind.search.boost}
        if self.tags:
            meta["tags"] = escaped_tags(self.tags)
        return meta


class PageKind:
    """One kind of generated page. Subclasses set the class attributes and list their pages."""

    #: the name templates and other layers use in :func:`url_for`
    name: ClassVar[str]
    #: the first part of the address of every page of the kind
    folder: ClassVar[str]
    template: ClassVar[str]
    search: ClassVar[SearchProfile] = SearchProfile.TERM

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    @classmethod
    def path(cls, key: str | int | None = None) -> str:
        """The page's address from the site root: ``themes/housing/``."""
        return f"{cls.folder}/" if key is None else f"{cls.folder}/{key}/"

    @classmethod
    def source_path(cls, key: str | None) -> str:
        return f"{cls.folder}/index.md" if key is None else f"{cls.folder}/{key}.md"

    def pages(self) -> Iterator[GeneratedPage]:
        raise NotImplementedError

    #: whether the kind's pages show of the practices only how many there are
    #: by city, theme, pledge and the like, none of their texts
    counts_only: ClassVar[bool] = False

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        """The practices whose fields (bar their bodies) the page may show, or
        None when it may show any: besides these, a page shows only the rest
        of the hub (cities, pledges, vocabularies, reviews). A preview keeps
        the page while these and the rest are unchanged."""
        return None

    def in_its_language(self, item: City | Pledge | Practice) -> str:
        """``item``'s body, marked with its language where it is written in
        another language than the page's."""
        written = self.hub.written_in(item, "body")
        if written == self.hub.language or not item.body.strip():
            return item.body
        return f'<div lang="{written}" markdown>\n\n{item.body.strip()}\n\n</div>'

    def heading(self, item: Pledge | Practice, markdown: str) -> str:
        """The page's Markdown, under its title marked with its language when
        that is not the page's (else the theme writes the title)."""
        written = self.hub.written_in(item, "title")
        if written == self.hub.language:
            return markdown
        return f'# {escape_markdown(item.title)} {{: lang="{written}" }}\n\n{markdown}'

    def _page(self, key: str | None, title: str, markdown: str = "",
              **details: Any) -> GeneratedPage:
        return GeneratedPage(self, key, title, markdown or marker("content"), **details)


# Listings -------------------------------------------------------------------

class Listing(PageKind):
    """A page listing every item of a kind, in the navigation: the practices
    it lists it counts (but the list of practices itself)."""

    title: ClassVar[str]
    description: ClassVar[str]
    search = SearchProfile.LISTING
    counts_only = True

    def pages(self) -> Iterator[GeneratedPage]:
        yield self._page(None, _(self.title), description=_(self.description),
                         context=self.context())

    def context(self) -> dict[str, Any]:
        return {}


class PracticeListing(Listing):
    name, folder, template = "practices", "practices", "practices.html"
    title = N_("Practices")
    description = N_("Good practices of cities against racism and discrimination: "
                     "filter them by theme, place, pledge and more.")
    search = SearchProfile.EXPLORE
    counts_only = False  # a card of every practice

    def context(self) -> dict[str, Any]:
        return {"facets": facets(self.hub)}


class CityListing(Listing):
    name, folder, template = "cities", "cities", "cities.html"
    title = N_("Cities")
    description = N_("Cities and local governments in the hub, and their pledges.")


class PledgeListing(Listing):
    name, folder, template = "pledges", "pledges", "pledges.html"
    title = N_("Pledges")
    description = N_("Declarations, charters and plans of action that cities commit to.")


class ProgressListing(Listing):
    """``/progress/``: every pledge with what its participants have put into action."""

    name, folder, template = "progress", "progress", "progress.html"
    title = N_("Progress")
    description = N_("For each pledge, the share of its commitments put into action by a "
                     "practice in the hub, and of its cities with a practice.")


class ThemeListing(Listing):
    name, folder, template = "themes", "themes", "themes.html"
    title, description = N_("Themes"), N_("Practices by theme.")


class TargetGroupListing(Listing):
    name, folder, template = "target-groups", "target-groups", "target_groups.html"
    title, description = N_("Target groups"), N_("Practices by the people they are for.")


class NetworkListing(Listing):
    name, folder, template = "networks", "networks", "networks.html"
    title, description = N_("Networks"), N_("The city networks behind the pledges.")


class CountryListing(Listing):
    name, folder, template = "countries", "countries", "countries.html"
    title, description = N_("Countries"), N_("Cities and practices by country.")


class SdgListing(Listing):
    name, folder, template = "sdgs", "sdgs", "sdgs.html"
    title = N_("Sustainable Development Goals")
    description = N_("Practices by UN Sustainable Development Goal.")


# Content pages --------------------------------------------------------------

class PracticePage(PageKind):
    name, folder, template = "practice", "practices", "practice.html"
    search = SearchProfile.PRACTICE

    def pages(self) -> Iterator[GeneratedPage]:
        for practice in self.hub.practices.values():
            yield self._page(
                practice.slug, practice.title,
                self.heading(practice, sections(
                    self.in_its_language(practice), (_("Sources"), "sources", True),
                    (_("Related practices"), "related", False),
                    header=("header", "facts", "outcomes"))),
                context={"practice": practice}, description=practice.summary,
                edit_path=practice.source_path, tags=self.tags(practice))

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        practice = page.context["practice"]
        return [practice, *self.hub.related(practice)]

    def tags(self, practice: Practice) -> tuple[str, ...]:
        hub = self.hub
        city = hub.city_of(practice)
        return (*with_folded((city.name, country_name(city.country),
                              *(c.name for c in hub.partner_cities_of(practice)))),
                *(hub.themes.label(t) for t in practice.themes),
                *(hub.target_groups.label(g) for g in practice.target_groups),
                *practice.partners, folded_words(practice.title))


class CityPage(PageKind):
    name, folder, template = "city", "cities", "city.html"
    search = SearchProfile.CITY

    def pages(self) -> Iterator[GeneratedPage]:
        for city in self.hub.cities.values():
            yield self._page(
                city.slug, city.name,
                sections(self.in_its_language(city), (_("Pledges"), "pledges", True),
                         *([(_("Commitments in action"), "progress", False)]
                           if self.hub.signed_pledges(city) else []),
                         (_("Practices"), "practices", False)),
                context={"city": city}, edit_path=city.source_path,
                description=_("%(city)s, %(country)s: pledges and practices against racism "
                              "and discrimination.") % {"city": city.name,
                                                        "country": country_name(city.country)},
                tags=self.tags(city))

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_of_cities([page.context["city"].slug])

    def tags(self, city: City) -> tuple[str, ...]:
        """The city's names first (its own, its names in other languages, each
        also without accents), so that typing one finds the city's page first;
        then its country and networks, the facts of its fact box."""
        return (*with_folded((city.name, *(other.name for other in city.other_names),
                              country_name(city.country))),
                *(self.hub.networks.label(n) for n in city.networks))


class PledgePage(PageKind):
    name, folder, template = "pledge", "pledges", "pledge.html"
    search = SearchProfile.PLEDGE

    def pages(self) -> Iterator[GeneratedPage]:
        for pledge in self.hub.pledges.values():
            yield self._page(pledge.slug, pledge.title,
                             self.heading(pledge, pledge_markdown(
                                 pledge, self.hub.roles_in(pledge),
                                 self.in_its_language(pledge), {
                                     c.id: written for c in pledge.commitments
                                     if (written := self.hub.written_in(
                                         pledge, f"{c.id}.title")) != self.hub.language})),
                             context={"pledge": pledge}, description=pledge.summary,
                             edit_path=pledge.source_path,
                             tags=(pledge.title,
                                   folded_words(f"{pledge.title} {pledge.place or ''}"),
                                   *(self.hub.networks.label(n) for n in pledge.networks)))

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_by_pledge.get(page.context["pledge"].slug, [])

    @classmethod
    def commitment_path(cls, reference: str) -> str:
        """The address of one commitment: ``pledges/<slug>/#<commitment id>``."""
        pledge, _, commitment = reference.partition("#")
        return f"{cls.path(pledge)}#{commitment}"


class PledgeProgressPage(PageKind):
    """``/progress/<pledge>/``: a pledge's whole table, however many cities took part
    (its page shows the table itself only while it is small)."""

    name, folder, template = "pledge-progress", "progress", "pledge_progress.html"
    search = SearchProfile.LISTING

    def pages(self) -> Iterator[GeneratedPage]:
        for pledge in self.hub.pledges.values():
            yield self._page(pledge.slug, _("Progress: %(pledge)s") % {"pledge": pledge.title},
                             context={"pledge": pledge},
                             description=_("Which cities of %(pledge)s have put each of its "
                                           "commitments into action.") % {"pledge": pledge.title})

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_by_pledge.get(page.context["pledge"].slug, [])


# Term pages: one per entry of a vocabulary or a fixed list --------------------

class TermPages(PageKind):
    """Pages of the practices that share one term (a theme, a country...)."""

    def pages(self) -> Iterator[GeneratedPage]:
        for key, title, context, description in self.terms():
            yield self._page(key, title, context=context, description=description)

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        raise NotImplementedError


class ThemePage(TermPages):
    name, folder, template = "theme", "themes", "theme.html"

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_by_theme.get(page.context["theme"].id, [])

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        return ((t.id, t.label, {"theme": t}, t.description) for t in self.hub.themes)


class TargetGroupPage(TermPages):
    name, folder, template = "target-group", "target-groups", "target_group.html"

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_by_target_group.get(page.context["group"].id, [])

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        return ((g.id, g.label, {"group": g}, g.description) for g in self.hub.target_groups)


class NetworkPage(TermPages):
    name, folder, template = "network", "networks", "network.html"

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        cities = self.hub.cities_by_network.get(page.context["network"].id, [])
        return self.hub.practices_of_cities([city.slug for city in cities])

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        return ((n.id, n.label, {"network": n}, n.description) for n in self.hub.networks)


class CountryPage(TermPages):
    name, folder, template = "country", "countries", "country.html"
    search = SearchProfile.COUNTRY

    def pages(self) -> Iterator[GeneratedPage]:
        # A country's page is the page of a place: its name is its search tag.
        for key, title, context, description in self.terms():
            yield self._page(key, title, context=context, description=description,
                             tags=with_folded((title,)))

    @classmethod
    def path(cls, key: str | int | None = None) -> str:
        # Country pages are at the ISO code in lower case: /countries/br/.
        return super().path(key.lower() if isinstance(key, str) else key)

    @classmethod
    def source_path(cls, key: str | None) -> str:
        return super().source_path(key.lower() if key else key)

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        cities = self.hub.cities_by_country.get(page.context["code"], [])
        return self.hub.practices_of_cities([city.slug for city in cities])

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        return ((code, country_name(code), {"code": code},
                 _("Cities and practices in %(country)s.") % {"country": country_name(code)})
                for code in self.hub.cities_by_country)


class SdgPage(TermPages):
    name, folder, template = "sdg", "sdgs", "sdg.html"

    def practices_shown(self, page: GeneratedPage) -> list[Practice] | None:
        return self.hub.practices_by_sdg.get(page.context["number"], [])

    def terms(self) -> Iterable[tuple[str, str, dict[str, Any], str]]:
        return ((str(n), _("SDG %(number)d: %(title)s") % {"number": n, "title": sdg_title(n)},
                 {"number": n},
                 _("Practices contributing to SDG %(number)d, %(title)s.")
                 % {"number": n, "title": sdg_title(n)}) for n in SDG_TITLES)


class BrokenPage(PageKind):
    """In the preview only: a content file with errors, at its own page's address."""

    name, folder, template = "broken", "", "broken.html"
    search = SearchProfile.LISTING

    @classmethod
    def source_path(cls, key: str | None) -> str:
        return f"{key}.md"

    @classmethod
    def path(cls, key: str | int | None = None) -> str:
        return f"{key}/"

    def pages(self) -> Iterator[GeneratedPage]:
        for broken in self.hub.broken:
            yield self.page(broken)

    def page(self, broken: Broken) -> GeneratedPage:
        return self._page(f"{broken.folder}/{broken.slug}", broken.title,
                          context={"broken": broken}, edit_path=broken.source_path)


#: every kind a build publishes, in the order their pages are generated
PUBLISHED_KINDS: tuple[type[PageKind], ...] = (
    PracticeListing, CityListing, PledgeListing, ProgressListing, ThemeListing,
    TargetGroupListing, NetworkListing, CountryListing, SdgListing,
    PracticePage, CityPage, PledgePage, PledgeProgressPage, ThemePage, TargetGroupPage,
    NetworkPage, CountryPage, SdgPage,
)
KINDS: dict[str, type[PageKind]] = {kind.name: kind for kind in PUBLISHED_KINDS}


def url_for(kind: str, key: str | int | None = None) -> str:
    """The address from the site root of the page ``key`` of ``kind``: ``url_for('theme',
    'housing')`` is ``themes/housing/``, ``url_for('themes')`` the listing ``themes/``, and
    ``url_for('commitment', 'nancy-2018#gender-equality')`` a commitment on its pledge's page."""
    if kind == "commitment":
        return PledgePage.commitment_path(str(key))
    return KINDS[kind].path(key)


def language_root(languages: tuple[str, ...], current: str, lang: str) -> str:
    """The way from the root of the site in ``current`` to the root of the
    site in ``lang``: the first of ``languages`` is at the site's root, each
    other one below it (``fr/``), every page at the same address below each."""
    up = "" if current == languages[0] else "../"
    return up if lang == languages[0] else f"{up}{lang}/"


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


def sections(body: str, *parts: tuple[str, str, bool],
             header: tuple[str, ...] = ("header",)) -> str:
    """Header markers, the contributor's body, then headed sections of ours;
    sections that only list other pages are kept out of the search index."""
    lines = [line for name in header for line in (marker(name), "")]
    lines += [body.strip(), ""]
    for heading, name, searchable in parts:
        exclude = "" if searchable else " data-search-exclude"
        lines += [f"## {heading} {{#hub-{name}{exclude}}}", "", marker(name), ""]
    return "\n".join(lines)


def role_anchor(role: str) -> str:
    """The anchor of a pledge page's section listing the cities in ``role``."""
    return f"pledge-{ROLE_NOUNS[role][1]}"


def pledge_markdown(pledge: Pledge, roles: list[tuple[str, int]], body: str,
                    foreign: Mapping[str, str]) -> str:
    """The pledge's ``body`` (marked with its language where it has to be),
    its commitments (each title marked with its language where ``foreign``
    gives one, by commitment id), then who signed it: the signatory cities
    with the people who signed for an organisation ("Also signed by"), then
    each other role (chairs, host, endorsers) under its own heading."""
    parts = [marker("header"), "", body.strip(), "",
             f"## {_('Progress')} {{#pledge-progress data-search-exclude}}", "",
             marker("progress"), "",
             f"## {_('Commitments')} {{#pledge-commitments}}", "", marker("commitments_intro"),
             ""]
    for commitment in pledge.commitments:
        written = foreign.get(commitment.id)
        lang = f' lang="{written}"' if written else ""
        parts += [f"### {escape_markdown(commitment.title)} {{#{commitment.id}{lang}}}", "",
                  marker("commitment", commitment.id), ""]
    present = dict(roles)
    if SIGNATORY in present or pledge.other_signatories or not present:
        signatories = _("Signatories")  # (the extractor reads no call inside an f-string)
        parts += [f"## {signatories} {{#{role_anchor(SIGNATORY)} data-search-exclude}}", "",
                  marker("signatories"), ""]
    if pledge.other_signatories:
        parts += [f"### {_('Also signed by')} {{#pledge-other-signatories data-search-exclude}}",
                  "", marker("other_signatories"), ""]
    for role, count in roles:
        if role != SIGNATORY:
            heading = role_heading(role, count)
            parts += [f"## {heading} {{#{role_anchor(role)} data-search-exclude}}", "",
                      marker("participants", role), ""]
    return "\n".join(parts)
