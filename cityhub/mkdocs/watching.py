"""The preview server hearing of a save as soon as the system reports it.

MkDocs' preview server looks at every watched file every half second
(watchdog's polling observer) and rebuilds once nothing has changed for a
tenth of a second: an editor waits a quarter of a second on average, and
half a second at worst, before the rebuild starts, and each look reads
the dates of every practice, city and pledge.

MkDocs polls on purpose: the system's notifications do not cross some
mounts (a folder shared into Docker from macOS or Windows, a network
drive), where a notified preview would never reload. :class:`NotifiedWatcher`
therefore does both: it listens to the system's notifications (inotify,
FSEvents, ReadDirectoryChangesW, as watchdog's ``Observer`` picks) and keeps
MkDocs' polling until a first notification arrives. From then on the
notifications are known to work, and the polling stops.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, TypeGuard

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
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

#: the notifications that mean a file changed; reading a file (which the
#: build does to every watched file) is notified too, and must not rebuild
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]


class NotifiedWatcher:
    """Stands in for the preview server's observer: the same ``schedule``,
    ``unschedule``, ``start``, ``stop`` and ``join``, each handler called by
    the system's notifications and, until the first of them, by ``poller``."""

    def __init__(self, poller: BaseObserver, native: BaseObserver | None = None) -> None:
        self.poller = poller
        self.native = native if native is not None else Observer()
        #: set once a notification of a change has arrived
        self.heard = threading.Event()
        self._natives: dict[ObservedWatch, ObservedWatch | None] = {}
        self._started: list[BaseObserver] = []

    def schedule(self, handler: FileSystemEventHandler, path: str, *,
                 recursive: bool = False, **options: Any) -> ObservedWatch:
        watch = self.poller.schedule(handler, path, recursive=recursive, **options)
        try:
            native: ObservedWatch | None = self.native.schedule(
                _Heard(handler, self._notified), path, recursive=recursive, event_filter=CHANGES)
        except OSError as error:  # e.g. the system's limit of watches is reached
            log.info(f"Watching '{path}' by looking every half second: {error}")
            native = None
        self._natives[watch] = native
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        self.poller.unschedule(watch)
        native = self._natives.pop(watch, None)
        if native is not None:
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

    def _notified(self) -> None:
        if not self.heard.is_set():
            self.heard.set()
            # Notifications arrive: looking at every file is no longer needed.
            self.poller.stop()


class _Heard(FileSystemEventHandler):
    """``handler``, then ``heard`` when a file changed."""

    def __init__(self, handler: FileSystemEventHandler, heard: Any) -> None:
        super().__init__()
        self.handler = handler
        self.notify = heard

    def dispatch(self, event: FileSystemEvent) -> None:
        self.handler.dispatch(event)
        if not event.is_directory:
            self.notify()


def notifying(observer: object) -> TypeGuard[PollingObserver]:
    """Whether the system can notify changes where ``observer`` would poll."""
    return isinstance(observer, PollingObserver) and Observer is not PollingObserver
