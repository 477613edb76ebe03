"""Pages built by worker processes publish exactly what a serial build publishes."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import Abort

import cityhub.content.loader as loader
import cityhub.content.workers as workers
import cityhub.mkdocs.internals as internals
import cityhub.mkdocs.parallel as parallel
from cityhub.cli import main
from conftest import FIXTURES, build_site, make_site


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def pages_from_workers(patch: pytest.MonkeyPatch) -> list[str]:
    """Workers used whatever the size of the site; the pages they build, as they publish them."""
    patch.setattr(parallel, "MIN_PAGES", 1)
    pages: list[str] = []
    publish = parallel.PagePool.publish

    def counted(self: parallel.PagePool, page: object, config: object) -> str:
        pages.append(page.file.src_uri)  # type: ignore[attr-defined]
        return publish(self, page, config)  # type: ignore[arg-type]
    patch.setattr(parallel.PagePool, "publish", counted)
    return pages


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Builds on two workers, whatever the size of the site; lists the pages they built."""
    monkeypatch.setenv("HUB_JOBS", "2")
    return pages_from_workers(monkeypatch)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fixture site's files as one process builds them (HUB_JOBS=1), built
    once for the tests that compare another build with it."""
    with pytest.MonkeyPatch.context() as patch:
        published = pages_from_workers(patch)
        patch.setenv("HUB_JOBS", "1")
        files = site_files(build_site(make_site(tmp_path_factory.mktemp("serial") / "repo")))
    assert published == [], "the serial build used no worker"
    return files


def test_parallel_build_is_byte_identical_to_the_serial_build(
        tmp_path: Path, published: list[str], serial: dict[str, bytes]) -> None:
    parallel_site = site_files(build_site(make_site(tmp_path / "parallel")))
    assert "practices/fair-letting.md" in published
    assert any(uri.startswith("cities/") for uri in published)
    assert not any(uri in ("index.md", "practices/index.md", "about.md") for uri in published)
    assert sorted(parallel_site) == sorted(serial)
    different = [path for path in serial if serial[path] != parallel_site[path]]
    assert different == []


_build_pages = parallel._build_pages


def _building_and_keeping_none(src_uris: list[str]) -> list[parallel.BuiltPage]:
    """A worker's pages, each built with an error if its file still holds the built page."""
    built = _build_pages(src_uris)
    assert parallel._build is not None
    kept = [uri for uri in src_uris if not isinstance(
        parallel._build.files.get_file_from_path(uri).page,  # type: ignore[union-attr]
        parallel._Placeholder)]
    if kept:
        built[0].error = f"kept the pages of {kept}"
    return built


def test_a_worker_keeps_no_page_it_built(tmp_path: Path, published: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker builds each page once: its file goes back to the main
    process's placeholder, so that the built page does not stay in memory."""
    monkeypatch.setattr(parallel, "_build_pages", _building_and_keeping_none)
    build_site(make_site(tmp_path / "repo"))
    assert "practices/fair-letting.md" in published


def test_a_warning_on_a_worker_page_stops_a_strict_build(
        site_root: Path, published: list[str], caplog: pytest.LogCaptureFixture) -> None:
    practice = site_root / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text(encoding="utf-8")
                        + "\nSee [the plan](../cities/nowhere.md).\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="1 warning"):
        build_site(site_root)
    assert "practices/fair-letting.md" in published
    assert any("nowhere.md" in record.getMessage() and record.levelno == logging.WARNING
               for record in caplog.records)


def test_anchors_of_worker_pages_are_checked_as_in_a_serial_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: list[str],
        caplog: pytest.LogCaptureFixture) -> None:
    def missing_anchor_warnings(root: Path) -> list[str]:
        about = root / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8")
                         + "\n[Context](practices/fair-letting.md#context) and "
                         "[nothing](practices/fair-letting.md#no-such-section)\n",
                         encoding="utf-8")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "    unrecognized_links: warn", "    unrecognized_links: warn\n    anchors: warn"),
            encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="1 warning"):
            build_site(root)
        return [record.getMessage() for record in caplog.records
                if "anchor" in record.getMessage()]

    with monkeypatch.context() as serial:
        serial.setenv("HUB_JOBS", "1")
        serial_warnings = missing_anchor_warnings(make_site(tmp_path / "serial"))
    assert not published
    assert len(serial_warnings) == 1 and "no-such-section" in serial_warnings[0]
    assert missing_anchor_warnings(make_site(tmp_path / "parallel")) == serial_warnings
    assert "practices/fair-letting.md" in published


@pytest.mark.parametrize("setting, expected", [
    ("3", 3), ("1", 1), (" 4 ", 4), ("16", 16),
    ("0", 1), ("-2", 1),  # never fewer than one process
])
def test_hub_jobs_sets_the_number_of_workers(setting: str, expected: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_JOBS", setting)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(5)),
                        raising=False)
    assert workers.jobs() == expected


@pytest.mark.parametrize("setting", [None, "", "  "])
def test_without_hub_jobs_every_usable_core_works(setting: str | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if setting is None:
        monkeypatch.delenv("HUB_JOBS", raising=False)
    else:
        monkeypatch.setenv("HUB_JOBS", setting)
    # The cores this process may run on, not those of the machine (a container
    # or `taskset` may allow fewer).
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 8)
    assert workers.jobs() == 3
    monkeypatch.delattr(workers.os, "sched_getaffinity")  # macOS and Windows have none
    assert workers.jobs() == 8


@pytest.mark.parametrize("setting", ["many", "2.5", "two", "3 workers"])
def test_an_invalid_hub_jobs_uses_one_process_and_says_so(
        setting: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HUB_JOBS", setting)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(5)),
                        raising=False)
    with caplog.at_level(logging.WARNING):
        assert workers.jobs() == 1
    assert [record.getMessage() for record in caplog.records] == [
        f"HUB_JOBS={setting!r} is not a number; using one core"]


def test_small_sites_are_built_in_one_process(site_root: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_JOBS", "2")
    started: list[int] = []
    monkeypatch.setattr(workers.multiprocessing, "get_context",
                        lambda method: started.append(1))  # would fail if a pool started
    build_site(site_root)
    assert started == []
    assert (site_root / "site" / "practices" / "fair-letting" / "index.html").is_file()


def test_content_read_on_several_cores_gives_the_same_hub_and_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(tmp_path / "repo")
    for case in ("many-problems-at-once", "unknown-city", "yaml-syntax-error", "duplicate-key",
                 "body-script", "not-utf8", "translations-many-problems-at-once"):
        for path in (FIXTURES / "bad" / case).rglob("*.md"):
            target = root / path.relative_to(FIXTURES / "bad" / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target.with_name(f"{case}-{path.name}"))

    def loaded() -> tuple[list[str], str, list[str]]:
        hub, problems = loader.load_hub(root)
        return (problems.report_lines(), hub.fingerprint(),
                [practice.body for practice in hub.practices.values()])

    monkeypatch.setenv("HUB_JOBS", "1")
    serial = loaded()
    assert len(serial[0]) > 6
    monkeypatch.setenv("HUB_JOBS", "2")
    monkeypatch.setattr(loader, "READ_IN_PARALLEL_FROM", 1)
    monkeypatch.setattr(loader, "READ_CHUNK", 3)
    pools: list[int] = []
    fork_pool = workers.fork_pool
    monkeypatch.setattr(workers, "fork_pool", lambda n, *a: pools.append(n) or fork_pool(n, *a))
    assert loaded() == serial
    assert pools == [2]


def test_an_error_on_a_worker_page_stops_the_build_and_names_the_page(
        site_root: Path, monkeypatch: pytest.MonkeyPatch, published: list[str],
        caplog: pytest.LogCaptureFixture) -> None:
    render = parallel._render

    def failing(page: Any, build: Any) -> str:
        if page.file.src_uri == "practices/fair-letting.md":
            raise RuntimeError("the template broke")
        return render(page, build)
    monkeypatch.setattr(parallel, "_render", failing)  # the workers inherit it
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site_root)
    assert any("Error building page 'practices/fair-letting.md': the template broke"
               in record.getMessage() for record in caplog.records)


def never_answers(src_uris: list[str]) -> None:
    time.sleep(30)


def test_a_worker_that_never_answers_stops_the_build_with_advice(
        site_root: Path, monkeypatch: pytest.MonkeyPatch, published: list[str],
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(workers, "WORKER_TIMEOUT", 0.5)
    monkeypatch.setattr(parallel, "_build_pages", never_answers)
    started = time.monotonic()
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(site_root)
    assert time.monotonic() - started < 20
    assert any("HUB_JOBS=1" in record.getMessage() for record in caplog.records)


def never_reads(files: list[Any]) -> None:
    time.sleep(30)


def test_reading_workers_that_never_answer_stop_hub_check_with_advice(
        site_root: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HUB_JOBS", "2")
    monkeypatch.setattr(loader, "READ_IN_PARALLEL_FROM", 1)
    monkeypatch.setattr(loader, "READ_CHUNK", 3)
    monkeypatch.setattr(loader, "_read_each", never_reads)
    monkeypatch.setattr(workers, "WORKER_TIMEOUT", 0.5)
    started = time.monotonic()
    assert main(["--root", str(site_root), "check"]) == 1
    assert time.monotonic() - started < 20
    error = capsys.readouterr().err
    assert error.startswith("hub: error: no result came from the worker processes")
    assert "HUB_JOBS=1" in error and "Traceback" not in error


@pytest.mark.parametrize("missing", ["_populate_page", "get_context"])
def test_a_mkdocs_without_a_private_name_builds_serially_with_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: list[str],
        capsys: pytest.CaptureFixture[str], missing: str, serial: dict[str, bytes]) -> None:
    import mkdocs.commands.build

    monkeypatch.setattr(internals, "_warned", set())
    # Another release: MkDocs' build module without the name (its own build
    # still works, as a release that renamed it would).
    release = SimpleNamespace(**{name: value for name, value in vars(mkdocs.commands.build).items()
                                 if name != missing})
    monkeypatch.setattr(internals, "_mkdocs_build", lambda: release)
    fallback = site_files(build_site(make_site(tmp_path / "fallback")))
    assert published == []
    assert fallback == serial
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if line.startswith("WARNING") and missing in line]
    assert len(warnings) == 1, warnings
    assert "one process" in warnings[0]


def test_without_materials_search_index_list_the_build_stays_serial(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(internals, "_warned", set())
    monkeypatch.setattr(internals, "search_entries", lambda config: None)
    build_site(make_site(tmp_path / "site"))
    assert published == []
    assert "search_index.entries" in capsys.readouterr().err


def test_forking_keeps_aside_what_a_preview_had_set_aside_and_nothing_else() -> None:
    """Workers fork with the main process's objects out of the collector's
    reach; a build leaves nothing set aside, a preview's rebuild what it had."""
    import gc

    gc.unfreeze()
    pool = workers.fork_pool(1)
    pool.close()
    pool.join()
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        pool = workers.fork_pool(1)
        pool.close()
        pool.join()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
