"""The preview server hearing of a save as soon as the system reports it.

MkDocs' preview server looks at every watched file every half second
(watchdog's polling observer) and rebuilds once nothing has changed for a
tenth of a second: an editor waits a quarter of a second on average, and
half a second at worst, before the rebuild starts, and each look reads
the dates of every practice, city and pledge.

MkDocs polls on purpose: the system's notifications do not cross some
mounts (a folder shared into Docker from macOS or Windows, a network
drive, a Windows folder seen from WSL), where a notified preview would
never reload. :class:`NotifiedWatcher` therefore does both, path by path:
it listens to the system's notifications (inotify, FSEvents,
ReadDirectoryChangesW, as watchdog's ``Observer`` picks) and keeps polling
each watched path until a first notification of a change arrives from that
path. From then on, that path's notifications are known to arrive, and it
is no longer polled; a path whose notifications never come is polled for as
long as the server runs.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from functools import partial
from typing import Any, TypeGuard

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.commands.serve")

#: the notifications that mean a file changed (a touch included); reading a
#: file (which the build does to every watched file) is notified too, and
#: must not rebuild
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileAttribEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]
_CHANGES = frozenset(CHANGES)


class NotifiedWatcher:
    """Stands in for the preview server's observer: the same ``schedule``,
    ``unschedule``, ``start``, ``stop`` and ``join``, each handler called by
    the system's notifications and, until the first of them from its path,
    by ``poller``."""

    def __init__(self, poller: BaseObserver, native: BaseObserver | None = None) -> None:
        self.poller = poller
        self.native = native if native is not None else Observer()
        #: set once a notification of a change has arrived, from any path
        self.heard = threading.Event()
        self._natives: dict[ObservedWatch, ObservedWatch | None] = {}
        #: the poller's watches of the paths no notification has come from yet
        self._polled: set[ObservedWatch] = set()
        self._lock = threading.Lock()
        self._started: list[BaseObserver] = []

    @property
    def polled(self) -> list[str]:
        """The paths still polled."""
        with self._lock:
            return sorted(watch.path for watch in self._polled)

    def schedule(self, handler: FileSystemEventHandler, path: str, *,
                 recursive: bool = False, **options: Any) -> ObservedWatch:
        watch = self.poller.schedule(handler, path, recursive=recursive, **options)
        with self._lock:
            self._polled.add(watch)
        try:
            native: ObservedWatch | None = self.native.schedule(
                _Heard(handler, partial(self._notified, watch)), path, recursive=recursive,
                event_filter=CHANGES, follow_symlink=True)
        except (OSError, TypeError) as error:
            # OSError: the system's limit of watches, say; TypeError: a watchdog
            # release without event filters
            log.info(f"Watching '{path}' by looking every half second: {error}")
            native = None
        self._natives[watch] = native
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        with self._lock:
            if watch in self._polled:
                self._polled.discard(watch)
                self.poller.unschedule(watch)
        native = self._natives.pop(watch, None)
        if native is not None:
            with contextlib.suppress(KeyError):  # gone with notifications that failed to start
                self.native.unschedule(native)

    def start(self) -> None:
        try:
            self.native.start()
            self._started.append(self.native)
        except OSError as error:  # e.g. the system's limit of watchers is reached
            log.info(f"Watching by looking every half second: {error}")
            self.native.stop()
        self.poller.start()
        self._started.append(self.poller)

    def stop(self) -> None:
        for observer in self._started:
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._started:
            with contextlib.suppress(RuntimeError):
                observer.join(timeout)

    def is_alive(self) -> bool:
        return any(observer.is_alive() for observer in self._started)

    def _notified(self, watch: ObservedWatch) -> None:
        self.heard.set()
        with self._lock:
            if watch in self._polled:
                # This path's changes are notified: looking at its files is no longer needed.
                self._polled.discard(watch)
                with contextlib.suppress(KeyError):
                    self.poller.unschedule(watch)


class _Heard(FileSystemEventHandler):
    """``handler`` for the changes of files, then ``heard``."""

    def __init__(self, handler: FileSystemEventHandler, heard: Any) -> None:
        super().__init__()
        self.handler = handler
        self.notify = heard

    def dispatch(self, event: FileSystemEvent) -> None:
        if type(event) not in _CHANGES:
            return
        self.handler.dispatch(event)
        if not event.is_directory:
            self.notify()


def notifying(observer: object) -> TypeGuard[PollingObserver]:
    """Whether the system can notify changes where ``observer`` would poll."""
    return isinstance(observer, PollingObserver) and Observer is not PollingObserver
