"""All generated pages of one build, and the filling of their markers.

The kinds of page, their addresses and their Markdown sources are in
:mod:`cityhub.site.kinds`; :class:`Site` generates the pages of every kind
for one content graph and, once the site engine has rendered a page,
replaces its markers with the blocks of its template.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from typing import Any

from cityhub.content.hub import Hub
from cityhub.contribute.submission import SubmissionForm
from cityhub.site.kinds import MARKER, PUBLISHED_KINDS, BrokenPage, GeneratedPage, page_url
from cityhub.site.linked_data import LinkedData
from cityhub.site.render import Renderer

_BRANCH = re.compile(r"(?:^|/)(?:edit|blob|tree)/([^/]+)/")


def repository_files(repo_url: str, edit_uri: str = "") -> str | None:
    """The address under which readers see the repository's files, such as
    ``https://github.com/o/r/blob/main/``: the branch is the one the edit
    links use (``edit/<branch>/``), else ``main``. None without a repository."""
    if not repo_url:
        return None
    branch = _BRANCH.search(edit_uri)
    return f"{repo_url.rstrip('/')}/blob/{branch.group(1) if branch else 'main'}/"


def base_of(src_uri: str) -> str:
    """The way from a page back to the site root, which templates' links start with."""
    return "../" * page_url(src_uri).count("/")


class Site:
    """All generated pages of one build, and the filling of their markers."""

    def __init__(self, hub: Hub, renderer: Renderer, *, show_broken: bool = False,
                 repository: str | None = None, contact_email: str = "",
                 linked_data: LinkedData | None = None) -> None:
        self.hub = hub
        #: where the submission form tells people to send a file, without a repository
        self.contact_email = contact_email
        #: the pages' schema.org descriptions (see :meth:`linked_data_of`)
        self.linked_data = linked_data
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
        search index reads the page, leaving the late blocks of its kind
        (:class:`cityhub.site.search.SearchProfile`), and ``late=True`` after.
        By default every marker is filled at once.
        """
        if "<!-- hub:" not in html:
            return html
        page = self.pages.get(src_uri)
        if page is None:  # a hand-written page using the widgets
            template, context = "widgets.html", {"submission": self.submission}
            late_blocks: frozenset[str] = frozenset()
        else:
            template, context = page.template, page.context
            late_blocks = page.kind.search.late_blocks
        base = base_of(src_uri)
        blocks = self.renderer.blocks(template, {**context, "base": base, "hub": self.hub,
                                                 "repository": self.repository})

        def replace(match: re.Match[str]) -> str:
            render = blocks.get(match.group(1))
            if render is None or (late is not None and late != (match.group(1) in late_blocks)):
                return match.group(0)
            return render(match.group(2))

        return MARKER.sub(replace, html)

    def untranslated_page(self, src_uri: str, html: str, lang: str) -> str:
        """A hand-written page shown in ``lang``, the root's language, having
        no translation into the build's: under a notice, marked with its language."""
        notice = self.renderer.blocks("untranslated.html", {
            "base": base_of(src_uri), "hub": self.hub,
            "repository": self.repository})["notice"](lang)
        return f'{notice}\n<div lang="{lang}">\n{html}\n</div>'

    def linked_data_of(self, src_uri: str) -> dict[str, Any] | None:
        """The schema.org JSON-LD of a page, generated or hand-written, or None."""
        if self.linked_data is None:
            return None
        return self.linked_data.of(src_uri, self.pages.get(src_uri))

    def page_fingerprints(self) -> dict[str, str]:
        """For each generated page, a digest of the content it may show besides
        its own text: for a page that shows a few practices
        (:meth:`cityhub.site.kinds.PageKind.practices_shown`), those and the
        rest of the hub; for a page that only counts them
        (:attr:`cityhub.site.kinds.PageKind.counts_only`), what they are
        counted by and the rest; for any other, all the content but the bodies
        (:meth:`cityhub.content.hub.Hub.fingerprint`). Editing a practice's
        title so rebuilds the pages that may show it, not every page."""
        hub = self.hub
        shared = hub.fingerprint()
        practices = hub.practice_fingerprints
        found = {}
        for src_uri, page in self.pages.items():
            if page.kind.counts_only:
                found[src_uri] = hub.counts_fingerprint
                continue
            shown = page.kind.practices_shown(page)
            if shown is None:
                found[src_uri] = shared
            else:
                found[src_uri] = hashlib.sha256("\n".join(
                    [hub.fingerprint_apart_from_practices,
                     *(practices[p.slug] for p in shown)]).encode()).hexdigest()
        return found

    @cached_property
    def submission(self) -> SubmissionForm:
        """The "Submit a practice" form, made when a page first shows it."""
        return SubmissionForm(self.hub, self.contact_email)

    def _generate(self, show_broken: bool) -> list[GeneratedPage]:
        kinds = [*PUBLISHED_KINDS, BrokenPage] if show_broken else PUBLISHED_KINDS
        return [page for kind in kinds for page in kind(self.hub).pages()]
