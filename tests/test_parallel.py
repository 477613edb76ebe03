"""Pages built by worker processes publish exactly what a serial build publishes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

import cityhub.parallel as parallel
from conftest import build_site, make_site


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Builds on two workers, whatever the size of the site; lists the pages they built."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    monkeypatch.setenv("HUB_JOBS", "2")
    pages: list[str] = []
    publish = parallel.PagePool.publish

    def counted(self: parallel.PagePool, page: object, config: object) -> str:
        pages.append(page.file.src_uri)  # type: ignore[attr-defined]
        return publish(self, page, config)  # type: ignore[arg-type]
    monkeypatch.setattr(parallel.PagePool, "publish", counted)
    return pages


def serial_build(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as serial:
        serial.setenv("HUB_JOBS", "1")
        return build_site(root)


def test_parallel_build_is_byte_identical_to_the_serial_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: list[str]) -> None:
    serial = site_files(serial_build(make_site(tmp_path / "serial"), monkeypatch))
    assert not published
    parallel_site = site_files(build_site(make_site(tmp_path / "parallel")))
    assert "practices/fair-letting.md" in published
    assert any(uri.startswith("cities/") for uri in published)
    assert not any(uri in ("index.md", "practices/index.md", "about.md") for uri in published)
    assert sorted(parallel_site) == sorted(serial)
    different = [path for path in serial if serial[path] != parallel_site[path]]
    assert different == []


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


def test_jobs_come_from_hub_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_JOBS", "3")
    assert parallel.jobs() == 3
    monkeypatch.setenv("HUB_JOBS", "many")
    assert parallel.jobs() == 1
    monkeypatch.delenv("HUB_JOBS")
    assert parallel.jobs() >= 1


def test_small_sites_are_built_in_one_process(site_root: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_JOBS", "2")
    started: list[int] = []
    monkeypatch.setattr(parallel.multiprocessing, "get_context",
                        lambda method: started.append(1))  # would fail if a pool started
    build_site(site_root)
    assert started == []
    assert (site_root / "site" / "practices" / "fair-letting" / "index.html").is_file()
