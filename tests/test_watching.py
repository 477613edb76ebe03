"""The preview server hears of a save as the system notifies it, and still
polls where notifications never come."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


class Refused(Observer):  # type: ignore[misc, valid-type]
    """Notifications the system refuses to start, out of watchers."""

    def on_thread_start(self) -> None:
        raise OSError("inotify instance limit reached")


class Deaf(PollingObserver):
    """Notifications that never come, as across a folder shared into Docker."""

    def schedule(self, *args: object, **options: object) -> object:  # type: ignore[override]
        raise OSError("no notifications on this mount")


class DeafTo(Observer):  # type: ignore[misc, valid-type]
    """The system's notifications, but none from ``folder``."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = str(folder)

    def schedule(self, handler: Any, path: str, **options: Any) -> Any:
        if path == self.folder:
            return super().schedule(FileSystemEventHandler(), path, **options)
        return super().schedule(handler, path, **options)


@contextmanager
def watching(*folders: Path, native: BaseObserver | None = None,
             poll: float = 0.2) -> Iterator[tuple[NotifiedWatcher, Heard]]:
    """``folders`` watched, polled every ``poll`` seconds until notified."""
    heard = Heard()
    watcher = NotifiedWatcher(PollingObserver(timeout=poll), native)
    for folder in folders:
        watcher.schedule(heard, str(folder), recursive=True)
    watcher.start()
    try:
        yield watcher, heard
    finally:
        watcher.stop()
        watcher.join()


def test_a_save_is_heard_from_the_system_and_its_folder_is_no_longer_polled(tmp_path: Path) -> None:
    practice = tmp_path / "practice.md"
    practice.write_text("before\n", encoding="utf-8")
    with watching(tmp_path) as (watcher, heard):
        practice.write_text("after\n", encoding="utf-8")
        assert until(lambda: str(practice) in heard.paths)
        assert until(watcher.heard.is_set)
        assert watcher.polled == []


def test_reading_a_file_is_not_a_change(tmp_path: Path) -> None:
    """The build reads every watched file: that must not start another build."""
    practice = tmp_path / "practice.md"
    practice.write_text("text\n", encoding="utf-8")
    with watching(tmp_path) as (_, heard):
        for _ in range(3):
            practice.read_text(encoding="utf-8")
        marker = tmp_path / "marker.md"
        marker.write_text("saved\n", encoding="utf-8")
        assert until(lambda: str(marker) in heard.paths)
        assert str(practice) not in heard.paths


def test_a_folder_whose_notifications_never_come_is_still_polled(tmp_path: Path) -> None:
    """A notification from one folder stops the polling of that folder only."""
    notified, shared = tmp_path / "practices", tmp_path / "shared"
    notified.mkdir()
    shared.mkdir()
    (shared / "city.md").write_text("before\n", encoding="utf-8")
    with watching(notified, shared, native=DeafTo(shared)) as (watcher, heard):
        time.sleep(0.3)  # the poller's first look, before the saves
        (notified / "practice.md").write_text("saved\n", encoding="utf-8")
        assert until(lambda: watcher.polled == [str(shared)])
        (shared / "city.md").write_text("after, and longer\n", encoding="utf-8")
        assert until(lambda: str(shared / "city.md") in heard.paths)
        watcher.unschedule(next(iter(watcher._natives)))  # a path unwatched once notified


def test_a_touch_and_a_save_through_a_linked_folder_are_heard(tmp_path: Path) -> None:
    folder = tmp_path / "real"
    folder.mkdir()
    practice = folder / "practice.md"
    practice.write_text("text\n", encoding="utf-8")
    linked = tmp_path / "practices"
    linked.symlink_to(folder, target_is_directory=True)
    with watching(linked, poll=60) as (watcher, heard):  # polling too slow to see anything
        os.utime(practice)
        assert until(lambda: len(heard.paths) == 1)
        practice.write_text("saved\n", encoding="utf-8")
        assert until(lambda: len(heard.paths) > 1)
        assert watcher.heard.is_set()


@pytest.mark.parametrize("native", [Deaf, Refused],
                         ids=["no notifications", "notifications refused"])
def test_without_notifications_a_save_is_seen_by_polling(
        native: Callable[[], BaseObserver], tmp_path: Path) -> None:
    practice = tmp_path / "practice.md"
    practice.write_text("before\n", encoding="utf-8")
    with watching(tmp_path, native=native()) as (watcher, heard):
        time.sleep(0.3)  # the poller's first look, before the save
        practice.write_text("after, and longer\n", encoding="utf-8")
        assert until(lambda: str(practice) in heard.paths)
        assert not watcher.heard.is_set() and watcher.poller.is_alive()


def test_only_a_polling_observer_is_replaced() -> None:
    assert notifying(PollingObserver())
    assert not notifying(Observer())
