"""The preview server rebuilding only what a save changed.

On every save, MkDocs' preview server (``mkdocs serve``) empties its output
folder and builds the whole site again: at 2,000 practices, seconds spent
rendering and writing pages that did not change. The hub's preview instead
rebuilds into the folder as its last build left it, as MkDocs' dirty build
does, and decides itself which pages are stale, so that what it serves is
what a fresh build makes:

- a page is rebuilt when its source changed, or anything else its output may
  show: the content it may show (:meth:`cityhub.site.pages.Site.page_fingerprints`:
  for a practice's page, the practice, its related practices and the rest of
  the hub; for other pages, every field of all the content but the bodies),
  the configuration, the theme's overrides, the hub's assets, the
  hand-written pages there are, the site's languages and address, or the date;
- the search entries of the pages kept are put back, in the order of a whole
  build, before the search plugin writes its index;
- the output of pages and files that are gone is removed.

The preview server's first build, the build after a failed one, and the
build after the configuration, the theme or the assets changed build
everything into an emptied folder. :func:`rebuilding` marks a build as one of these rebuilds; the
MkDocs adapter starts it from the preview server
(:func:`cityhub.mkdocs.internals.dirty_builder`).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import clean_directory

from cityhub.content.loader import saved
from cityhub.mkdocs.internals import set_modified

log = logging.getLogger("mkdocs.hooks.hub.preview")

_rebuilding: ContextVar[bool] = ContextVar("rebuilding", default=False)


@contextmanager
def rebuilding() -> Iterator[None]:
    """Builds started inside are a preview server's rebuilds after a save."""
    token = _rebuilding.set(True)
    try:
        yield
    finally:
        _rebuilding.reset(token)


def is_rebuilding() -> bool:
    return _rebuilding.get()


def rebuild(build: Callable[[], None]) -> None:
    """Run ``build`` as a preview server's rebuild after a save."""
    _garbage.wait()
    try:
        with rebuilding():
            build()
    finally:
        _garbage.collect_later()


class GarbageWhileReading:
    """The preview's garbage, collected while the editor reads the page.

    A preview server holds everything its last build made and read: a few
    million objects at 2,000 practices. Python's collector scans all of them
    whenever enough new objects have survived since its last full scan,
    which is every other rebuild or so, for about 0.15 s at 2,000
    practices. So that no save waits for that, a build's garbage is collected
    a moment after it served its pages, and what survives is set aside
    (:func:`gc.freeze`): the next build's collections only scan what that
    build made. Nothing is kept longer than one build: each collection
    first takes back what the last one set aside.
    """

    #: seconds from the end of a build to the collection of its garbage
    DELAY = 1.0

    def __init__(self) -> None:
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        #: how many collections ran
        self.collections = 0

    def collect_later(self) -> None:
        """Collect the garbage once the preview has been idle for :attr:`DELAY`."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            timer = threading.Timer(self.DELAY, lambda: self._collect_if_due(timer))
            timer.daemon = True
            self._timer = timer
            timer.start()

    def wait(self) -> None:
        """Before a build: no collection while it runs (one under way ends first)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _collect_if_due(self, timer: threading.Timer) -> None:
        with self._lock:
            # A build that started as the timer fired has it cancelled.
            if self._timer is not timer:
                return
            self._timer = None
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.collections += 1


_garbage = GarbageWhileReading()


def collect_garbage_later() -> None:
    """After the preview server's first build: its garbage too is collected
    while the editor reads."""
    _garbage.collect_later()


@dataclass(frozen=True)
class Written:
    """What the preview's last build wrote into one output folder."""

    #: what every file of the build depends on (see :func:`_engine_fingerprint`)
    engine: str
    #: each page's key: a digest of everything its output depends on
    keys: dict[str, str]
    #: each page's search entries, as the search plugin collected them
    entries: dict[str, list[dict[str, Any]]]
    #: every file of the build, by its path in the folder
    outputs: frozenset[str]
    #: each file copied from a source (the theme's, the docs folder's), by its
    #: path in the folder: when the source was last saved
    sources: dict[str, tuple[int, ...]]


#: the last build of each output folder (each language of the site has its own),
#: for as long as the preview server runs
_written: dict[str, Written] = {}


class PreviewBuild:
    """One build of the preview server: the pages it keeps, and what it records for the next."""

    def __init__(self, config: MkDocsConfig, files: Files, shown: Mapping[str, str], shared: str,
                 assets: dict[str, str], languages: tuple[str, ...], *,
                 incremental: bool) -> None:
        """``shown`` holds, for the generated pages, a digest of the content
        each may show besides its own text; ``shared``, of all the content, is
        that of every hand-written page."""
        self.site_dir = config.site_dir
        hand_written = [file.src_uri for file in files.documentation_pages()
                        if file.src_uri not in shown]
        self.engine = _engine_fingerprint(config, hand_written, assets, languages)
        self.keys: dict[str, str] = {}
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            key = hashlib.sha256(f"{self.engine}\n{shown.get(file.src_uri, shared)}\n"
                                 f"{file.src_uri}\n".encode())
            key.update(file.content_bytes)
            self.keys[file.src_uri] = key.hexdigest()
        self.outputs = frozenset(file.dest_uri for file in files)
        copied = [file for file in files
                  if not file.is_documentation_page() and file.abs_src_path is not None]
        self.sources = {file.dest_uri: saved(file.abs_src_path) for file in copied
                        if file.abs_src_path is not None}
        # Taken, not read: a build that fails leaves no record, and the next builds everything.
        self._previous = _written.pop(self.site_dir, None) if incremental else None
        if self._previous is not None and self._previous.engine != self.engine:
            # The configuration, the theme, the assets or the hand-written
            # pages changed: so may what MkDocs writes besides the pages.
            PreviewBuild.start_afresh(self.site_dir)
            self._previous = None
        self.unchanged: set[str] = set()
        if self._previous is not None:
            before = self._previous
            self.unchanged = {uri for uri, key in self.keys.items()
                              if before.keys.get(uri) == key and uri in before.entries}
            for file in pages:
                set_modified(file, file.src_uri not in self.unchanged)
            # A source replaced by an older file is copied too, as MkDocs'
            # dirty build, comparing the dates of source and copy, would not.
            for file in copied:
                set_modified(file, before.sources.get(file.dest_uri) != self.sources[file.dest_uri]
                             or not Path(file.abs_dest_path).is_file())
            self._remove(before.outputs - self.outputs)
        self._entries: dict[str, list[dict[str, Any]]] = {}
        self._seen = 0
        log.info(f"Preview: {len(self.unchanged):,} unchanged pages kept, "
                 f"{len(self.keys) - len(self.unchanged):,} to build")

    @staticmethod
    def first_build(site_dir: str) -> bool:
        """Whether the preview has no record of ``site_dir`` (a rebuild then builds everything)."""
        return site_dir not in _written

    @staticmethod
    def start_afresh(site_dir: str) -> None:
        """Empty ``site_dir`` and drop the records of it and of the folders inside it."""
        for folder in [folder for folder in _written
                       if folder == site_dir or folder.startswith(f"{site_dir}/")]:
            del _written[folder]
        clean_directory(site_dir)

    def built(self, src_uri: str, entries: list[dict[str, Any]] | None) -> None:
        """Record the search entries a page just built added to ``entries``."""
        if entries is None:
            return
        self._entries[src_uri] = entries[self._seen:]
        self._seen = len(entries)

    def restore(self, entries: list[dict[str, Any]] | None) -> None:
        """Put the kept pages' search entries back into ``entries``, in page order."""
        if entries is None or self._previous is None:
            return
        before = self._previous.entries
        entries[:] = [entry for uri in self.keys
                      for entry in self._entries.get(uri, before.get(uri, []))]

    def finish(self) -> None:
        """Record this build for the next, once it has written everything."""
        before = self._previous.entries if self._previous is not None else {}
        entries = {uri: self._entries[uri] if uri in self._entries else before[uri]
                   for uri in self.keys if uri in self._entries or uri in before}
        _written[self.site_dir] = Written(self.engine, self.keys, entries, self.outputs,
                                          self.sources)

    def _remove(self, gone: frozenset[str]) -> None:
        """Delete what the last build wrote that this one will not, and the folders left empty."""
        root = Path(self.site_dir)
        for path in sorted(gone):
            target = root / path
            if target.is_file():
                target.unlink()
                folder = target.parent
                while folder != root and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent


def _engine_fingerprint(config: MkDocsConfig, hand_written: list[str], assets: dict[str, str],
                        languages: tuple[str, ...]) -> str:
    """What every file of the build may depend on: the configuration, the
    theme's overrides, the hub's assets, the hand-written pages there are, the
    site's languages and address, and the date."""
    digest = hashlib.sha256(f"{config.site_url}\n{date.today()}\n{sorted(assets.items())}\n"
                            f"{config.theme['language']}\n{languages}\n{sorted(hand_written)}\n"
                            .encode())
    digest.update(Path(config.config_file_path).read_bytes())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for path in sorted(Path(custom_dir).rglob("*")):
            if path.is_file():
                digest.update(f"\n{path.relative_to(custom_dir)}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class _QuietDirtyBuild(logging.Filter):
    """MkDocs warns that a dirty build may leave pages stale; the preview's rebuilds do not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (is_rebuilding() and "'dirty' build" in record.getMessage())


logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyBuild())
