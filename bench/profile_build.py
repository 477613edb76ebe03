"""Where a build's time goes: by kind of page, by plugin event, and by function.

Builds a hub and its plain baseline in this process with MkDocs' own build
function, timing (in CPU seconds of this process, which a busy machine
disturbs less than the clock) each page's Markdown step (``_populate_page``, which includes
the ``on_page_content`` hooks) and template step (``_build_page``, which
includes the search plugin's ``on_page_context`` and writing the file) by kind
of page, and every plugin event (the hub's hooks, search, Material's
plugins) by plugin. Then profiles one more hub build with cProfile and lists
the top functions by cumulative time, ours (``cityhub``, ``hooks``) apart.

    .venv/bin/python bench/profile_build.py bench/out/build/hub-2000 bench/out/build/plain-2000
"""

from __future__ import annotations

import cProfile
import functools
import io
import logging
import os
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

OURS = ("cityhub", os.sep + "hooks" + os.sep)
TOP = 25


@dataclass
class Breakdown:
    #: CPU seconds for the whole build; all figures are CPU seconds
    total: float = 0.0
    #: seconds by (step, kind of page)
    pages: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    #: pages by kind
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: seconds by "plugin event"
    events: dict[str, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class ProfileFigures:
    hub: Breakdown
    plain: Breakdown
    #: cProfile's listing of the hub build, top functions by cumulative time
    report: str


def page_kind(src_uri: str) -> str:
    """'practices' for a practice, 'practices/' for its listing, 'other' for top pages."""
    parts = src_uri.split("/")
    if len(parts) == 1:
        return "other"
    return f"{parts[0]}/" if parts[-1] == "index.md" else parts[0]


def _timed(step: str, function: Callable[..., Any], into: Breakdown) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(page, *args, **kwargs)
        finally:
            kind = page_kind(page.file.src_uri)
            into.pages[(step, kind)] += time.process_time() - started
            if step == "markdown":
                into.counts[kind] += 1
    return wrapper


def _timed_event(label: str, method: Callable[..., Any], into: Breakdown) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            into.events[label] += time.process_time() - started
    return wrapper


def _time_events(config: MkDocsConfig, into: Breakdown) -> None:
    plugins = config.plugins
    for name, methods in plugins.events.items():
        for i, method in enumerate(methods):
            origin = plugins._event_origins.get(method, "?")
            timed = _timed_event(f"{origin} {name}", method, into)
            plugins._event_origins[timed] = origin
            methods[i] = timed


@contextmanager
def _timed_pages(into: Breakdown) -> Iterator[None]:
    populate, build_page = mkdocs_build._populate_page, mkdocs_build._build_page
    mkdocs_build._populate_page = _timed("markdown", populate, into)
    mkdocs_build._build_page = _timed("template", build_page, into)
    try:
        yield
    finally:
        mkdocs_build._populate_page = populate
        mkdocs_build._build_page = build_page


@contextmanager
def _in(root: Path) -> Iterator[MkDocsConfig]:
    here, root = Path.cwd(), root.resolve()
    os.chdir(root)
    try:
        yield load_config(str(root / "mkdocs.yml"))
    finally:
        os.chdir(here)


def breakdown(root: Path) -> Breakdown:
    """One build of ``root``, timed by kind of page and by plugin event."""
    figures = Breakdown()
    with _in(root) as config, _timed_pages(figures):
        _time_events(config, figures)
        started = time.process_time()
        mkdocs_build.build(config)
        figures.total = time.process_time() - started
    return figures


def top_functions(root: Path, dump: Path) -> str:
    """cProfile of one build of ``root``: top functions overall and ours.
    The whole profile is kept in ``dump`` for ``python -m pstats``."""
    profiler = cProfile.Profile()
    with _in(root) as config:
        profiler.runcall(mkdocs_build.build, config)
    profiler.dump_stats(dump)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    out.write("All functions, by cumulative time\n")
    stats.print_stats(TOP)
    out.write("The hub's own functions (cityhub, hooks), by cumulative time\n")
    stats.print_stats("|".join(p.replace(os.sep, "/") for p in OURS), TOP)
    return _shorten(out.getvalue())


def _shorten(listing: str) -> str:
    """Paths from the library folder or the repository, not from the root."""
    library = str(Path(mkdocs_build.__file__).parents[2]) + os.sep
    return listing.replace(library, "").replace(str(Path.cwd()) + os.sep, "")


def measure_profile(hub: Path, plain: Path, report: Path) -> ProfileFigures:
    """Breakdowns of a hub and a plain build, and a cProfile of the hub's."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the plain site's link warnings
    # A profile sees one process: where the work goes, not who does it. Only
    # these builds: the benchmark's later builds use every core again.
    jobs = os.environ.get("HUB_JOBS")
    os.environ["HUB_JOBS"] = "1"
    try:
        figures = ProfileFigures(breakdown(hub), breakdown(plain),
                                 top_functions(hub, report.with_suffix(".prof")))
    finally:
        if jobs is None:
            del os.environ["HUB_JOBS"]
        else:
            os.environ["HUB_JOBS"] = jobs
    report.write_text(describe(figures), encoding="utf-8")
    return figures


def describe(figures: ProfileFigures) -> str:
    """Both breakdowns side by side, then the cProfile listing."""
    lines = [f"build total: hub {figures.hub.total:.1f} s, plain {figures.plain.total:.1f} s", "",
             "seconds by step and kind of page (pages): hub | plain"]
    for step, kind in sorted(set(figures.hub.pages) | set(figures.plain.pages)):
        lines.append(f"  {step:9} {kind:12} ({figures.hub.counts.get(kind, 0):>6}) "
                     f"{figures.hub.pages.get((step, kind), 0):7.2f} | "
                     f"{figures.plain.pages.get((step, kind), 0):7.2f}")
    lines += ["", "seconds by plugin event: hub | plain"]
    for event in sorted(set(figures.hub.events) | set(figures.plain.events)):
        hub, plain = figures.hub.events.get(event, 0), figures.plain.events.get(event, 0)
        if max(hub, plain) >= 0.01:
            lines.append(f"  {event:40} {hub:7.2f} | {plain:7.2f}")
    return "\n".join(lines) + "\n\n" + figures.report


if __name__ == "__main__":
    result = measure_profile(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(),
                             Path("profile.txt"))
    print(describe(result))
