"""The preview server hears of a save as the system notifies it, and still
polls where notifications never come."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from cityhub.mkdocs.watching import NotifiedWatcher, notifying

pytestmark = pytest.mark.skipif(Observer is PollingObserver,
                                reason="this system notifies no change of a file")

#: how long a test waits for a change to be heard, far above either observer's delay
PATIENCE = 10.0


class Heard(FileSystemEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory:
            self.paths.append(str(event.src_path))


def until(condition: Callable[[], bool]) -> bool:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > PATIENCE:
            return False
        time.sleep(0.02)
    return True


class Deaf(PollingObserver):
    """Notifications that never come, as across a folder shared into Docker."""

    def schedule(self, *args: object, **options: object) -> object:  # type: ignore[override]
        raise OSError("no notifications on this mount")


def watching(folder: Path, native: BaseObserver | None = None,
             ) -> tuple[NotifiedWatcher, Heard]:
    heard = Heard()
    watcher = NotifiedWatcher(PollingObserver(timeout=0.2), native)
    watcher.schedule(heard, str(folder), recursive=True)
    watcher.start()
    return watcher, heard


def test_a_save_is_heard_from_the_system_and_the_polling_stops(tmp_path: Path) -> None:
    practice = tmp_path / "practice.md"
    practice.write_text("before\n", encoding="utf-8")
    watcher, heard = watching(tmp_path)
    try:
        practice.write_text("after\n", encoding="utf-8")
        assert until(lambda: str(practice) in heard.paths)
        assert watcher.heard.is_set()
        assert until(lambda: not watcher.poller.is_alive())
    finally:
        watcher.stop()
        watcher.join()


def test_reading_a_file_is_not_a_change(tmp_path: Path) -> None:
    """The build reads every watched file: that must not start another build."""
    practice = tmp_path / "practice.md"
    practice.write_text("text\n", encoding="utf-8")
    watcher, heard = watching(tmp_path)
    try:
        for _ in range(3):
            practice.read_text(encoding="utf-8")
        marker = tmp_path / "marker.md"
        marker.write_text("saved\n", encoding="utf-8")
        assert until(lambda: str(marker) in heard.paths)
        assert str(practice) not in heard.paths
    finally:
        watcher.stop()
        watcher.join()


def test_without_notifications_a_save_is_seen_by_polling(tmp_path: Path) -> None:
    practice = tmp_path / "practice.md"
    practice.write_text("before\n", encoding="utf-8")
    watcher, heard = watching(tmp_path, native=Deaf())
    try:
        time.sleep(0.3)  # the poller's first look, before the save
        practice.write_text("after, and longer\n", encoding="utf-8")
        assert until(lambda: str(practice) in heard.paths)
        assert not watcher.heard.is_set() and watcher.poller.is_alive()
    finally:
        watcher.stop()
        watcher.join()


class Refused(Observer):  # type: ignore[misc, valid-type]
    """Notifications the system refuses to start, out of watchers."""

    def on_thread_start(self) -> None:
        raise OSError("inotify instance limit reached")


def test_notifications_the_system_refuses_leave_the_polling(tmp_path: Path) -> None:
    practice = tmp_path / "practice.md"
    practice.write_text("before\n", encoding="utf-8")
    watcher, heard = watching(tmp_path, native=Refused())
    try:
        time.sleep(0.3)
        practice.write_text("after, and longer\n", encoding="utf-8")
        assert until(lambda: str(practice) in heard.paths)
        assert not watcher.heard.is_set() and watcher.poller.is_alive()
    finally:
        watcher.stop()
        watcher.join()


def test_only_a_polling_observer_is_replaced() -> None:
    assert notifying(PollingObserver())
    assert not notifying(Observer())
