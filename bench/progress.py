"""What pledge progress costs a build: time and page sizes at N practices.

Writes the synthetic hub of ``corpus.py`` (N practices of N/10 cities, each
taking part in 1 to 3 of 20 pledges), builds it with ``mkdocs build`` as a
fresh process (wall and CPU time, median of ``--runs``), then, in this
process, times everything pledge progress adds: computing
:attr:`Hub.progress` and rendering each pledge page's progress block, each
city page's commitments block and years chart, ``/progress/`` and every
``/progress/<pledge>/`` page. That CPU time over the build's CPU time is the
share progress adds (a build spreads both over every core). Also reports the
largest HTML page of each kind progress touches, against the 200 KiB goal.

    .venv/bin/python bench/progress.py            # N = 2000
    .venv/bin/python bench/progress.py 200 2000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_hub
from measure import MKDOCS, Run, run_measured

from cityhub.content.loader import load_hub
from cityhub.content.progress import hub_progress
from cityhub.site.kinds import marker
from cityhub.site.pages import Site
from cityhub.site.render import Renderer

OUT = Path(__file__).resolve().parent / "out" / "progress"
#: the largest page progress may make
PAGE_GOAL = 200 * 1024
#: the share of the build's time progress may add
TIME_GOAL = 0.05


def progress_cpu(root: Path) -> dict[str, float]:
    """CPU seconds of each part of pledge progress, rendered as the build renders it."""
    hub, _ = load_hub(root)
    site = Site(hub, Renderer(root))
    parts: dict[str, float] = {}

    def timed(name: str, work: Callable[[], object]) -> None:
        started = time.process_time()
        work()
        parts[name] = parts.get(name, 0.0) + time.process_time() - started

    timed("computing Hub.progress", lambda: hub.__dict__.setdefault("progress",
                                                                      hub_progress(hub)))
    pages = list(site.pages.values())
    for page in pages:
        if page.kind.name == "pledge":
            timed("pledge pages: progress block",
                  lambda page=page: site.fill(page.src_uri, marker("progress")))
        elif page.kind.name == "city" and marker("progress") in page.markdown:
            timed("city pages: commitments block",
                  lambda page=page: site.fill(page.src_uri, marker("progress")))
        elif page.kind.name in ("progress", "pledge-progress"):
            timed("/progress/ and /progress/<pledge>/",
                  lambda page=page: site.fill(page.src_uri, marker("content")))
    chart = site.renderer.env.get_template("_progress.html").make_module(
        {"base": "../../", "hub": hub})
    for city in hub.cities.values():
        own = hub.practices_in_city.get(city.slug, [])
        if own:
            timed("city pages: years chart",
                  lambda own=own, city=city: chart.years_chart(own, city))
    return parts


def largest(site: Path, pattern: str) -> tuple[int, str]:
    sizes = [(path.stat().st_size, path.parent.relative_to(site).as_posix())
             for path in site.glob(pattern)]
    return max(sizes) if sizes else (0, "")


def measure(n: int, runs: int) -> str:
    print(f"[{time.strftime('%H:%M:%S')}] N={n}: writing the corpus", flush=True)
    root = write_hub(OUT / f"hub-{n}", n)
    builds: list[Run] = []
    for attempt in range(runs):
        print(f"[{time.strftime('%H:%M:%S')}] N={n}: build {attempt + 1} of {runs}", flush=True)
        builds.append(run_measured([str(MKDOCS), "build", "-q"], root, OUT / f"hub-{n}.log"))
    wall = statistics.median(b.wall for b in builds)
    cpu = statistics.median(b.cpu for b in builds)
    parts = progress_cpu(root)
    added = sum(parts.values())
    lines = [f"## {n:,} practices", "",
             f"Build: {wall:.1f} s wall, {cpu:.1f} s CPU (median of {runs}). "
             f"Pledge progress: {added:.2f} s CPU, **{added / cpu:.1%}** of the build's CPU "
             f"(goal: under {TIME_GOAL:.0%}).", "",
             "| part | CPU |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds:.3f} s |" for name, seconds in parts.items()]
    lines += ["", "| largest page | size | goal |", "| --- | ---: | --- |"]
    site = root / "site"
    for label, pattern in (("a pledge page", "pledges/*/index.html"),
                           ("a /progress/<pledge>/ page", "progress/*/index.html"),
                           ("/progress/", "progress/index.html"),
                           ("a city page", "cities/*/index.html")):
        size, where = largest(site, pattern)
        verdict = "met" if size <= PAGE_GOAL else "MISSED"
        lines.append(f"| {label} (`{where}`) | {size / 1024:.1f} KiB | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    print("\n".join(measure(n, args.runs) for n in args.sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
