"""Building a MkDocs site's independent pages on every core.

MkDocs renders and writes pages one at a time. Most of a hub's pages
(practices, cities, pledges, themes, countries) are in no navigation and are
read by no other page, so their Markdown, their theme template and their
search entries can be made in worker processes while the main process goes
on with the rest of the build. The main process gives such a page an empty
body and a one-line template, so MkDocs' own loop costs almost nothing for it,
and when MkDocs reaches the page it takes the worker's output instead, with
the worker's search entries, anchors and log messages: the published site is
byte for byte the one a serial build makes (a test holds it to that).

This module is tied to MkDocs 1.6 and Material's search plugin through the
private names of :mod:`cityhub.mkdocs.internals`; engine-neutral logic stays
in the rest of the package. Workers are forked, so they start with the
build's whole state; where fork is not available, or one of those names is
missing, the build stays serial.

``HUB_JOBS`` sets the number of worker processes (default: the usable cores;
``1`` builds serially).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from multiprocessing.pool import IMapIterator, Pool
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cityhub.content.workers import (
    WorkersStopped,
    chunks,
    fork_available,
    fork_pool,
    jobs,
    next_result,
)
from cityhub.mkdocs.internals import Internals, find, search_entries, set_current_page

#: below this many pages, starting workers costs more than it saves
MIN_PAGES = 200
#: the template the main process renders for a page a worker builds
PLACEHOLDER_TEMPLATE = "hub/built-elsewhere.html"
#: pages a worker builds per task: large enough to amortise the hand-over,
#: small enough that the main process never waits long for the next one
CHUNK = 24
#: pages a build publishes (drafts shown only by the preview stay in the main process)
_PUBLISHED = frozenset({InclusionLevel.INCLUDED, InclusionLevel.NOT_IN_NAV})

log = logging.getLogger("mkdocs.hooks.hub.parallel")


@dataclass
class BuiltPage:
    """What a worker made of one page, to be published by the main process."""

    src_uri: str
    output: str = ""
    search_entries: list[dict[str, Any]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    #: links to anchors of other pages, by their source path, for MkDocs'
    #: anchor validation once every page is known
    links_to_anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    records: list[logging.LogRecord] = field(default_factory=list)
    error: str | None = None


@dataclass
class _Build:
    """The state a worker inherits: one MkDocs build, stopped at ``on_env``."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    internals: Internals
    #: the pages MkDocs passes to every page's template context
    doc_files: list[File]


#: set in the main process just before forking, read by the workers
_build: _Build | None = None
_in_worker = False


class PagePool:
    """The pages of one build that worker processes make, and their results."""

    def __init__(self, candidates: list[str], workers: int, nav: Navigation, *,
                 internals: Internals | None = None) -> None:
        self._nav = nav
        self._internals = internals
        self._workers = workers
        self._pool: Pool | None = None
        self._results: IMapIterator[list[BuiltPage]] | None = None
        self._ready: dict[str, BuiltPage] = {}
        self._files: Files | None = None
        if workers > 1 and len(candidates) >= MIN_PAGES:
            self.deferred = frozenset(candidates)
        else:
            self.deferred = frozenset()
        self._order = candidates if self.deferred else []

    @classmethod
    def plan(cls, config: MkDocsConfig, files: Files, nav: Navigation,
             generated: set[str]) -> PagePool:
        """A pool for the generated pages outside the navigation, in build order.

        Pages in the navigation stay in the main process: every page's
        navigation shows their titles. ``generated`` are the pages the pool
        may build: all the generated ones, or those a preview rebuilds.
        """
        internals = find(config) if fork_available() else None
        if internals is None:
            return cls([], 1, nav)
        in_nav = {page.file.src_uri for page in nav.pages}
        candidates = [file.src_uri for file in files.documentation_pages()
                      if file.src_uri in generated and file.src_uri not in in_nav
                      and file.inclusion in _PUBLISHED]
        return cls(candidates, jobs(), nav, internals=internals)

    def defers(self, page: Page) -> bool:
        """Whether a worker builds ``page`` (never true inside a worker)."""
        return not _in_worker and page.file.src_uri in self.deferred

    def placeholder(self, page: Page, config: MkDocsConfig) -> Page:
        """The page the main process builds in place of a deferred ``page``."""
        return _Placeholder(None, page.file, config)

    def start(self, config: MkDocsConfig, files: Files, env: Any) -> None:
        """Fork the workers, once every other page has been read."""
        global _build
        self._files = files
        if not self._order:
            return
        assert self._internals is not None
        _build = _Build(config, files, self._nav, env, self._internals,
                        list(files.documentation_pages()))
        parts = chunks(self._order, CHUNK)
        self._pool = fork_pool(min(self._workers, len(parts)), _start_worker)
        self._results = self._pool.imap(_build_pages, parts)

    def publish(self, page: Page, config: MkDocsConfig) -> str:
        """The worker's output for ``page``, its search entries, anchors and messages taken in."""
        built = self._take(page.file.src_uri)
        for record in built.records:
            logging.getLogger(record.name).handle(record)
        if built.error is not None:
            raise BuildError(built.error)
        entries = search_entries(config)
        if entries is not None:
            entries.extend(built.search_entries)
        page.present_anchor_ids = built.anchors
        links = {}
        assert self._files is not None
        for src_uri, anchors in built.links_to_anchors.items():
            target = self._files.get_file_from_path(src_uri)
            if target is not None:
                links[target] = anchors
        page.links_to_anchors = links
        return built.output

    def close(self, *, failed: bool = False) -> None:
        global _build
        _build = None
        if self._pool is not None:
            self._pool.terminate() if failed else self._pool.close()
            self._pool.join()
            self._pool = None

    def _take(self, src_uri: str) -> BuiltPage:
        while src_uri not in self._ready:
            if self._results is None:
                raise BuildError(f"no worker built '{src_uri}'")
            try:
                chunk = next_result(self._results)
            except StopIteration:
                raise BuildError(f"no worker built '{src_uri}'") from None
            except WorkersStopped as stopped:
                raise BuildError(str(stopped)) from None
            self._ready.update((built.src_uri, built) for built in chunk)
        return self._ready.pop(src_uri)


class _Placeholder(Page):
    """A deferred page in the main process: nothing to read, no Markdown to render."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", {"template": PLACEHOLDER_TEMPLATE}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""


class _Collect(logging.Handler):
    """Keeps a worker's log records for the main process to emit."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, \
            None, None
        self.records.append(record)


_collector = _Collect()


def _start_worker() -> None:
    global _in_worker
    _in_worker = True
    # Messages go back to the main process, which counts warnings (--strict)
    # and prints them in page order.
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [_collector]
    mkdocs_log.propagate = False


def _build_pages(src_uris: list[str]) -> list[BuiltPage]:
    assert _build is not None
    return [_build_page(_build, src_uri) for src_uri in src_uris]


def _build_page(build: _Build, src_uri: str) -> BuiltPage:
    """One page through MkDocs' whole pipeline, as its serial build would make it."""
    config, files = build.config, build.files
    file = files.get_file_from_path(src_uri)
    assert file is not None
    placeholder = file.page
    page = Page(None, file, config)  # in place of the main process's placeholder
    built = BuiltPage(src_uri)
    entries = build.internals.search_entries
    del entries[:]
    _collector.records = built.records
    try:
        build.internals.populate_page(page, config, files)
        built.output = _render(page, build)
    except Exception as error:  # reported by the main process, as MkDocs would
        built.error = f"Error building page '{src_uri}': {error}"
    built.search_entries = list(entries)
    built.anchors = set(page.present_anchor_ids or ())
    built.links_to_anchors = {target.src_uri: anchors
                              for target, anchors in (page.links_to_anchors or {}).items()}
    # The file goes back to the placeholder, so that the page, which a worker
    # builds once, does not stay in its memory until the end of the build.
    file.page = placeholder
    return built


def _render(page: Page, build: _Build) -> str:
    """``mkdocs.commands.build._build_page`` without the writing."""
    config = build.config
    set_current_page(config, page)
    page.active = True
    try:
        context = build.internals.get_context(build.nav, build.doc_files, config, page)
        template = build.env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config,
                                                 nav=build.nav)
        output: str = config.plugins.on_post_page(template.render(context), page=page,
                                                  config=config)
        return output
    finally:
        page.active = False
        set_current_page(config, None)
