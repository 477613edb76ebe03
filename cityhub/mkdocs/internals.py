"""Every private name of MkDocs and Material the hub relies on, looked up at run time.

Building pages on every core (:mod:`cityhub.mkdocs.parallel`) runs one page
through MkDocs' own pipeline in a worker and hands the result back, which
needs names that are not MkDocs' or Material's public API:

- ``mkdocs.commands.build._populate_page`` and ``get_context``: one page's
  Markdown, and its template context, as the serial build makes them;
- ``MkDocsConfig._current_page``: the page MkDocs is rendering, which
  Markdown extensions read;
- ``Page.present_anchor_ids`` and ``Page.links_to_anchors``: what MkDocs'
  anchor validation reads once every page is built;
- the list Material's search plugin collects its index in
  (``plugin.search_index.entries``).

The preview server's rebuilds (:mod:`cityhub.mkdocs.preview`) need two more:

- the variables of ``mkdocs serve``'s builder (``get_config``,
  ``serve_url``, ``is_clean``), to rebuild as ``mkdocs serve --dirty`` does;
- ``File.is_modified``, which MkDocs' dirty build asks of each page;
- the server's ``observer`` and the paths it watches
  (``LiveReloadServer._watched_paths`` and ``_watch_refs``), to hear of
  saves as the system notifies them (:mod:`cityhub.mkdocs.watching`).

They are looked up here and nowhere else. When a release of MkDocs or
Material lacks one, :func:`find` logs one warning naming it and the hub
builds serially, through public events only: slower, never different.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from cityhub.mkdocs import watching

#: the attributes of a page that anchor validation reads, set on a worker's pages
PAGE_ATTRIBUTES = ("present_anchor_ids", "links_to_anchors")
CONFIG_ATTRIBUTES = ("_current_page",)


@dataclass(frozen=True)
class Internals:
    """The private parts of MkDocs and Material one build on every core needs."""

    populate_page: Callable[..., None]
    get_context: Callable[..., Any]
    #: the list the search plugin collects the index entries in
    search_entries: list[dict[str, Any]]


_warned: set[str] = set()
log = logging.getLogger("mkdocs.commands.serve")


def find(config: MkDocsConfig) -> Internals | None:
    """The internals, or None, with one warning per missing name, if any is missing."""
    build = _mkdocs_build()
    populate = getattr(build, "_populate_page", None)
    context = getattr(build, "get_context", None)
    entries = search_entries(config)
    missing = [name for name, value in (
        ("mkdocs.commands.build._populate_page", populate),
        ("mkdocs.commands.build.get_context", context),
        ("Material's search_index.entries", entries),
    ) if value is None]
    missing += [f"Page.{name}" for name in PAGE_ATTRIBUTES if not hasattr(Page, name)]
    missing += [f"MkDocsConfig.{name}" for name in CONFIG_ATTRIBUTES
                if not hasattr(MkDocsConfig, name)]
    if missing:
        _warn_once(", ".join(missing))
        return None
    assert populate is not None and context is not None and entries is not None
    return Internals(populate, context, entries)


def _mkdocs_build() -> Any:
    """MkDocs' build module, where its page pipeline lives."""
    return importlib.import_module("mkdocs.commands.build")


def search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The list Material's search plugin collects the index in, if it is there."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


def dirty_builder(builder: Callable[..., None],
                  rebuild: Callable[[Callable[[], None]], None]) -> Callable[[], None] | None:
    """The preview server's builder made to build into the folder as it is
    (``mkdocs serve --dirty``), each build run by ``rebuild``; None, with a
    warning, when this release's builder is not the one the hub knows."""
    try:
        names = inspect.getclosurevars(builder).nonlocals
    except TypeError:
        names = {}
    get_config, serve_url = names.get("get_config"), names.get("serve_url")
    if not callable(get_config) or not isinstance(serve_url, str) \
            or not hasattr(File, "is_modified"):
        _warn_once("the preview server's builder the hub knows", then="rebuilds the whole "
                   "site after each save (the pages are the same, only slower)")
        return None
    if names.get("is_clean") or names.get("is_dirty"):
        return None  # `mkdocs serve --clean` or `--dirty`: as asked

    def build_changes() -> None:
        log.info("Building documentation...")
        config = get_config()
        config.site_url = serve_url
        _mkdocs_build().build(config, serve_url=serve_url, dirty=True)

    return lambda: rebuild(build_changes)


def watch_notified(server: Any) -> None:
    """Have the preview ``server`` start rebuilding as soon as the system
    notifies a save (:class:`~cityhub.mkdocs.watching.NotifiedWatcher`), the
    paths it already watches included; as it is, if this release's server is
    not the one the hub knows or the system notifies nothing."""
    observer, watched = getattr(server, "observer", None), getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not callable(getattr(server, "unwatch", None)):
        _warn_once("the preview server's watched paths the hub knows",
                   then="sees a save when MkDocs next looks, within half a second")
        return
    if not watching.notifying(observer) or observer.is_alive():
        return
    refs = getattr(server, "_watch_refs", {})
    counts = {path: (count, getattr(refs.get(path), "is_recursive", True))
              for path, count in watched.items()}
    for path, (count, _) in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = watching.NotifiedWatcher(observer)
    for path, (count, recursive) in counts.items():
        for _ in range(count):
            server.watch(path, recursive=recursive)


def set_modified(file: File, modified: bool) -> None:
    """Have MkDocs' dirty build build ``file`` again, or skip it (its output is up to date)."""
    file.is_modified = _modified if modified else _unmodified  # type: ignore[method-assign]


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


def set_current_page(config: MkDocsConfig, page: Page | None) -> None:
    config._current_page = page


def _warn_once(missing: str, then: str = "builds its pages in one process (the site is the "
               "same, only slower)") -> None:
    # Printed in MkDocs' own format rather than logged to MkDocs' logger: a
    # strict build counts that logger's warnings as failures, and a serial
    # build publishes the same site.
    if missing not in _warned:
        _warned.add(missing)
        print(f"WARNING -  This MkDocs or Material release lacks {missing}: the hub {then}.",
              file=sys.stderr)
