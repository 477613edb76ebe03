"""The preview server rebuilds only what a save changed, and serves what a fresh build makes."""

from __future__ import annotations

import gc
import logging
import os
import re
import shutil
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

import cityhub.mkdocs.internals as internals
import cityhub.mkdocs.preview as preview
import cityhub.mkdocs.watching as watching
from conftest import make_site

SERVE_URL = "http://127.0.0.1:8000/"


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def preview_build(root: Path, *, languages: str = "en", after_save: bool = True,
                  monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One build of a preview server (after a save, into the folder as it is,
    as the server's builder does): what it said it kept and built."""
    monkeypatch.setenv("HUB_LANGUAGES", languages)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.site_url = SERVE_URL
    config.plugins.on_startup(command="serve", dirty=False)
    said: list[str] = []
    with listening(said):
        if after_save:
            preview.rebuild(lambda: build(config, serve_url=SERVE_URL, dirty=True))
        else:
            build(config, serve_url=SERVE_URL)
    return said


@contextmanager
def listening(said: list[str]) -> Iterator[None]:
    """What the preview says it kept and built, and MkDocs' warning of a dirty build."""
    handler = _Said(said)
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    try:
        yield
    finally:
        mkdocs_log.removeHandler(handler)
        mkdocs_log.setLevel(level)


class _Said(logging.Handler):
    def __init__(self, said: list[str]) -> None:
        super().__init__(logging.INFO)
        self.said = said

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Preview:") or "'dirty' build" in message:
            self.said.append(message)


def fresh(root: Path, target: Path, monkeypatch: pytest.MonkeyPatch,
          languages: str = "en") -> dict[str, bytes]:
    """The same content in a preview server's first build, nothing kept."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("site"))
    preview_build(target, after_save=False, languages=languages, monkeypatch=monkeypatch)
    return site_files(target / "site")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(preview, "_written", {})
    garbage = preview.GarbageWhileReading()
    monkeypatch.setattr(preview, "_garbage", garbage)
    yield
    garbage.wait()
    gc.unfreeze()


@pytest.fixture
def previewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site a preview server has built once."""
    root = make_site(tmp_path / "repo")
    said = preview_build(root, after_save=False, monkeypatch=monkeypatch)
    assert said[0].startswith("Preview: 0 unchanged pages kept")
    return root


def test_a_save_that_changes_nothing_rebuilds_no_page(previewed: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = site_files(previewed / "site")
    said = preview_build(previewed, monkeypatch=monkeypatch)
    assert said == [said[0]] and said[0].endswith(", 0 to build")  # and no warning of MkDocs'
    assert site_files(previewed / "site") == first


def test_a_body_edit_rebuilds_that_page_only(previewed: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    practice = previewed / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text(encoding="utf-8") + "\nA sentence just saved.\n",
                        encoding="utf-8")
    said = preview_build(previewed, monkeypatch=monkeypatch)
    assert said[0].endswith(", 1 to build")
    edited = site_files(previewed / "site")
    assert "A sentence just saved." in edited["practices/fair-letting/index.html"].decode()
    assert b"A sentence just saved." in edited["search/search_index.json"]
    assert edited == fresh(previewed, tmp_path / "fresh", monkeypatch)


EDITS: dict[str, tuple[str, str, str]] = {
    "practice title": ("practices/fair-letting.md", "title: Fair Letting Office",
                       "title: Renamed Letting Office"),
    "practice themes": ("practices/fair-letting.md", "themes: [housing, anti-racism]",
                        "themes: [housing, education]"),
    "city": ("cities/norby.md", "name: Norby", "name: Norby-on-Sea"),
    "pledge": ("pledges/test-declaration.md", "title: ", "title: Renamed "),
    "vocabulary": ("data/themes.yml", "label: Education", "label: Schools and learning"),
    "template": ("theme_overrides/hub/practice.html", "{% block header %}",
                 "{% block header %}<p>Template edited</p>"),
    "hand-written page": ("docs/about.md", "\n", "\nA line just saved.\n"),
}


@pytest.mark.parametrize("what", EDITS)
def test_an_edit_shows_as_a_fresh_build_shows_it(what: str, previewed: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path, old, new = EDITS[what]
    edit(previewed / path, old, new)
    said = preview_build(previewed, monkeypatch=monkeypatch)
    assert not said[0].endswith(", 0 to build")
    edited = site_files(previewed / "site")
    assert edited == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_a_title_edit_shows_on_the_pages_that_list_the_practice(
        previewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, old, new = EDITS["practice title"]
    edit(previewed / path, old, new)
    site = previewed / "site"
    before = {path: (site / path).stat().st_mtime_ns for path in site_files(site)}
    preview_build(previewed, monkeypatch=monkeypatch)
    city = (site / "cities" / "exampleton" / "index.html").read_text("utf-8")
    assert "Renamed Letting Office" in city
    # A practice's page that does not show it is not written again.
    rewritten = {path for path, written in before.items()
                 if (site / path).stat().st_mtime_ns != written}
    practices = {path for path in before
                 if path.startswith("practices/") and path.endswith("/index.html")}
    showing = {path for path in practices if "Renamed Letting Office" in
               (site / path).read_text("utf-8")}
    assert practices - showing and not (practices - showing) & rewritten
    assert showing <= rewritten


def test_a_file_made_invalid_then_valid_again_shows_as_a_fresh_build(
        previewed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    practice = previewed / "practices" / "housing-advice.md"
    valid = practice.read_text(encoding="utf-8")
    practice.write_text(valid.replace("city: ", "city: nowhere-", 1), encoding="utf-8")
    preview_build(previewed, monkeypatch=monkeypatch)
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "broken", monkeypatch)
    practice.write_text(valid, encoding="utf-8")
    preview_build(previewed, monkeypatch=monkeypatch)
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "mended", monkeypatch)


def test_a_deleted_practice_leaves_no_page_behind(previewed: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert (previewed / "site" / "practices" / "school-mentors" / "index.html").is_file()
    (previewed / "practices" / "school-mentors.md").unlink()
    preview_build(previewed, monkeypatch=monkeypatch)
    assert not (previewed / "site" / "practices" / "school-mentors").exists()
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_a_rebuild_after_a_failed_one_builds_everything(previewed: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    template = previewed / "theme_overrides" / "hub" / "practice.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block header %}", "{% block header %}{{ 1 / 0 }}", 1),
                        encoding="utf-8")
    with pytest.raises(ZeroDivisionError):
        preview_build(previewed, monkeypatch=monkeypatch)
    (previewed / "site" / "left-over.txt").write_text("from a build that failed")
    template.write_text(good, encoding="utf-8")
    said = preview_build(previewed, monkeypatch=monkeypatch)
    assert said[0].startswith("Preview: 0 unchanged pages kept")
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_each_language_keeps_its_own_pages(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """/ and /fr/ have pages of the same sources: a save rebuilds the changed
    page once in each language, and each equals its fresh build."""
    root = make_site(tmp_path / "repo")
    preview_build(root, after_save=False, languages="en fr", monkeypatch=monkeypatch)
    said = preview_build(root, languages="en fr", monkeypatch=monkeypatch)
    assert len(said) == 2 and all(line.endswith(", 0 to build") for line in said)
    practice = root / "practices" / "housing-advice.md"
    practice.write_text(practice.read_text(encoding="utf-8") + "\nA sentence just saved.\n",
                        encoding="utf-8")
    said = preview_build(root, languages="en fr", monkeypatch=monkeypatch)
    assert len(said) == 2 and all(line.endswith(", 1 to build") for line in said)
    assert site_files(root / "site") == fresh(root, tmp_path / "fresh", monkeypatch,
                                              languages="en fr")


def test_mkdocs_serve_rebuilds_a_save_into_what_it_serves(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Through ``mkdocs serve`` itself: the builder the server calls after a
    save is the hub's, and keeps the pages the save did not change."""
    root = make_site(tmp_path / "repo")
    monkeypatch.setenv("HUB_LANGUAGES", "en")
    monkeypatch.chdir(root)
    served: dict[str, dict[str, bytes]] = {}
    said: list[str] = []

    def saved_once(server: LiveReloadServer, open_in_browser: bool = False) -> None:
        practice = root / "practices" / "fair-letting.md"
        practice.write_text(practice.read_text(encoding="utf-8") + "\nSaved while served.\n",
                            encoding="utf-8")
        server.builder()
        served["site"] = site_files(Path(server.root))

    monkeypatch.setattr(LiveReloadServer, "serve", saved_once)
    monkeypatch.setattr(LiveReloadServer, "shutdown", lambda server: None)
    with listening(said):
        serve(config_file=str(root / "mkdocs.yml"), livereload=True, dev_addr="127.0.0.1:8000")
    assert said[-1].endswith(", 1 to build") and len(said) == 2
    assert "Saved while served." in served["site"]["practices/fair-letting/index.html"].decode()


def test_mkdocs_serve_hears_a_save_as_the_system_notifies_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every path ``mkdocs serve`` watches (content, docs, configuration,
    overrides) is watched through the system's notifications, and a save
    asks for a rebuild without waiting for MkDocs to look."""
    if not watching.notifying(PollingObserver()):
        pytest.skip("this system notifies no change of a file")
    root = make_site(tmp_path / "repo")
    monkeypatch.setenv("HUB_LANGUAGES", "en")
    monkeypatch.chdir(root)
    seen: dict[str, Any] = {}

    def saved_once(server: LiveReloadServer, open_in_browser: bool = False) -> None:
        watcher = server.observer
        watcher.start()
        try:
            practice = root / "practices" / "fair-letting.md"
            practice.write_text(practice.read_text(encoding="utf-8") + "\nSaved.\n",
                                encoding="utf-8")
            started = time.monotonic()
            while not server._want_rebuild and time.monotonic() - started < 10:
                time.sleep(0.02)
            seen.update(watcher=watcher, asked=server._want_rebuild,
                        watched=set(server._watched_paths), notified=len(watcher.native.emitters))
        finally:
            watcher.stop()
            watcher.join()

    monkeypatch.setattr(LiveReloadServer, "serve", saved_once)
    monkeypatch.setattr(LiveReloadServer, "shutdown", lambda server: None)
    serve(config_file=str(root / "mkdocs.yml"), livereload=True, dev_addr="127.0.0.1:8000")
    watcher = seen["watcher"]
    assert isinstance(watcher, watching.NotifiedWatcher)
    assert seen["asked"] and watcher.heard.is_set()
    assert {str(root / name) for name in ("docs", "mkdocs.yml", "practices", "cities")} \
        <= seen["watched"]
    assert seen["notified"] == len(seen["watched"])


def test_a_preview_collects_a_builds_garbage_after_it_and_keeps_none_longer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Garbage the automatic collector would have collected during the next
    save's build is collected after a build, and what a collection sets aside
    is taken back by the next one."""
    monkeypatch.setattr(preview.GarbageWhileReading, "DELAY", 0.01)
    garbage = preview.GarbageWhileReading()
    monkeypatch.setattr(preview, "_garbage", garbage)

    class Node:
        itself: Node

    def cycle() -> weakref.ref[Node]:
        node = Node()
        node.itself = node
        return weakref.ref(node)

    def rebuilt(build: Callable[[], None]) -> None:
        before = garbage.collections
        preview.rebuild(build)
        started = time.monotonic()
        while garbage.collections == before and time.monotonic() - started < 10:
            time.sleep(0.01)

    enabled = gc.isenabled()
    gc.disable()
    try:
        made: list[weakref.ref[Node]] = []
        rebuilt(lambda: made.append(cycle()))
        assert made[0]() is None
        kept = Node()
        kept.itself = kept
        alive = weakref.ref(kept)
        rebuilt(lambda: None)
        assert gc.get_freeze_count() > 0
        del kept
        rebuilt(lambda: None)
        assert alive() is None
    finally:
        garbage.wait()
        gc.unfreeze()
        if enabled:
            gc.enable()


def test_a_server_whose_builder_is_unknown_rebuilds_everything(
        capsys: pytest.CaptureFixture[str]) -> None:
    def builder(config: Any = None) -> None:
        pass

    rebuilt: list[Callable[[], None]] = []
    assert internals.dirty_builder(builder, rebuilt.append) is None
    assert "rebuilds the whole site after each save" in capsys.readouterr().err


def test_a_larger_hub_rebuilds_what_shows_an_edited_practice_and_equals_a_fresh_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A synthetic hub of 60 practices, whose related practices, cities and
    themes overlap as a real hub's do: a title edit rebuilds a few pages, a
    change of themes more, and each time the site is the one a fresh build makes."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from corpus import write_hub

    root = write_hub(tmp_path / "hub", 60)
    preview_build(root, after_save=False, monkeypatch=monkeypatch)
    practice = sorted((root / "practices").glob("bench-*.md"))[17]
    title = next(line for line in practice.read_text(encoding="utf-8").splitlines()
                 if line.startswith("title:"))
    edit(practice, title, f"{title} renamed")
    said = preview_build(root, monkeypatch=monkeypatch)
    kept, built = (int(part.split()[0].replace(",", "")) for part in
                   said[0].removeprefix("Preview: ").split(" unchanged pages kept, "))
    assert built < kept / 2
    assert site_files(root / "site") == fresh(root, tmp_path / "fresh", monkeypatch)

    text = practice.read_text(encoding="utf-8")
    themes = re.findall(r"^- id: (\S+)", (root / "data" / "themes.yml").read_text("utf-8"), re.M)
    added = next(theme for theme in themes if f"\n- {theme}\n" not in text)
    edit(practice, "themes:\n", f"themes:\n- {added}\n")
    said = preview_build(root, monkeypatch=monkeypatch)
    assert not said[0].startswith("Preview: 0 unchanged")
    assert site_files(root / "site") == fresh(root, tmp_path / "fresh-again", monkeypatch)


def test_a_new_letter_in_a_body_reaches_the_pages_that_write_text_in_ascii(
        previewed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The explore page and the submission form carry the table that writes
    the hub's letters in ASCII, which the bodies' letters extend."""
    practice = previewed / "practices" / "fair-letting.md"
    vietnamese = "Nh\u00e0 \u1edf cho ng\u01b0\u1eddi."  # letters no other text has
    practice.write_text(f"{practice.read_text(encoding='utf-8')}\n{vietnamese}\n",
                        encoding="utf-8")
    preview_build(previewed, monkeypatch=monkeypatch)
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_a_file_replaced_by_an_older_one_is_copied(previewed: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    icon = previewed / "docs" / "assets" / "favicon.svg"
    icon.write_text(icon.read_text("utf-8").replace("<svg", '<svg data-new="1"', 1), "utf-8")
    os.utime(icon, (1_600_000_000, 1_600_000_000))
    preview_build(previewed, monkeypatch=monkeypatch)
    assert b'data-new="1"' in (previewed / "site" / "assets" / "favicon.svg").read_bytes()
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_a_file_saved_with_the_same_size_and_time_is_read_again(
        previewed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system whose times are coarse, a quick save can keep the time."""
    practice = previewed / "practices" / "fair-letting.md"
    before = practice.stat()
    edit(practice, "title: Fair Letting Office", "title: Fair Lettinq Office")
    os.utime(practice, ns=(before.st_atime_ns, before.st_mtime_ns))
    preview_build(previewed, monkeypatch=monkeypatch)
    assert site_files(previewed / "site") == fresh(previewed, tmp_path / "fresh", monkeypatch)


def test_a_language_taken_out_of_the_configuration_leaves_no_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(tmp_path / "repo")
    config = root / "mkdocs.yml"
    languages = next(line for line in config.read_text("utf-8").splitlines()
                     if line.strip().startswith("languages: ["))
    edit(config, languages, "  languages: [en, fr]")
    monkeypatch.delenv("HUB_LANGUAGES", raising=False)
    preview_build(root, after_save=False, languages="", monkeypatch=monkeypatch)
    assert (root / "site" / "fr" / "index.html").is_file()
    edit(config, "  languages: [en, fr]", "  languages: [en]")
    preview_build(root, languages="", monkeypatch=monkeypatch)
    assert not (root / "site" / "fr").exists()
    assert site_files(root / "site") == fresh(root, tmp_path / "fresh", monkeypatch,
                                              languages="")
