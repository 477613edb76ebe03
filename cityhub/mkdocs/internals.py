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

They are looked up here and nowhere else. When a release of MkDocs or
Material lacks one, :func:`find` logs one warning naming it and the hub
builds serially, through public events only: slower, never different.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

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


def set_current_page(config: MkDocsConfig, page: Page | None) -> None:
    config._current_page = page


def _warn_once(missing: str) -> None:
    # Printed in MkDocs' own format rather than logged to MkDocs' logger: a
    # strict build counts that logger's warnings as failures, and a serial
    # build publishes the same site.
    if missing not in _warned:
        _warned.add(missing)
        print(f"WARNING -  This MkDocs or Material release lacks {missing}: the hub builds "
              "its pages in one process (the site is the same, only slower).", file=sys.stderr)
