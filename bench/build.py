"""Build, check and preview at scale, against plain MkDocs + Material.

For each N, writes a synthetic hub (bench/corpus.py) and the plain baseline
with the same practice pages, then measures in the same run, interleaved so
that a busy machine slows both alike: the hub's ``mkdocs build``, the plain
``mkdocs build``, ``hub check`` alone (wall time, CPU time and peak memory of
each, as a fresh process), the HTML size of the practice pages, of the whole
site and of the search index. Then, at 2,000 practices, the editor's preview
(saving one practice until ``mkdocs serve`` serves the new page) and a profile
of where the hub's extra build time goes. Prints the tables and writes
``bench/results.md`` with the targets of issue 8.

    make bench                                      # N = 200, 1000, 2000, 10000 (about 25 min)
    make bench N="200 2000"                         # chosen sizes
    .venv/bin/python bench/build.py 200 2000 --no-preview --no-profile
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_report import (
    PREVIEW_BODY,
    PREVIEW_PLAIN,
    PREVIEW_PLAIN_DIRTY,
    PREVIEW_TITLE,
    Row,
    SiteFigures,
    render_results,
)
from corpus import write_hub, write_plain
from measure import MKDOCS, Run, median_run, run_measured
from preview import PreviewFigures, measure_preview
from profile_build import ProfileFigures, measure_profile

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "build"
RESULTS = BENCH / "results.md"
SIZES = (200, 1000, 2000, 10000)
PREVIEW_N = 2000
#: builds above this size take minutes each and are run once
REPEAT_UP_TO = 5000


@dataclass
class Options:
    sizes: list[int]
    runs: int
    preview: bool
    profile: bool
    results: Path


def build(root: Path, log: Path) -> Run:
    """One ``mkdocs build`` of ``root`` as a fresh process."""
    return run_measured([str(MKDOCS), "build", "-q"], root, log)


def check(root: Path, log: Path) -> Run:
    """``hub check`` of ``root`` alone, as a fresh process."""
    return run_measured([str(MKDOCS.with_name("hub")), "--root", str(root), "check"], root, log)


def html_sizes(site: Path) -> tuple[int, int, int]:
    """Bytes of the whole site, and the largest and median practice page."""
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    pages = [path.stat().st_size for path in site.glob("practices/bench-practice-*/index.html")]
    return total, max(pages), int(statistics.median(pages))


def site_figures(root: Path, runs: list[Run]) -> SiteFigures:
    site = root / "site"
    total, page_max, page_median = html_sizes(site)
    return SiteFigures(
        build=median_run(runs),
        pages=sum(1 for _ in site.rglob("*.html")),
        site_bytes=total,
        index_bytes=(site / "search" / "search_index.json").stat().st_size,
        page_max=page_max,
        page_median=page_median,
    )


def measure(n: int, runs: int) -> Row:
    """Builds and checks at ``n`` practices, repeated ``runs`` times, interleaved."""
    print(f"[{time.strftime('%H:%M:%S')}] N={n}: writing the corpus", flush=True)
    hub = write_hub(OUT / f"hub-{n}", n)
    plain = write_plain(OUT / f"plain-{n}", hub)
    hub_runs, plain_runs, check_runs = [], [], []
    for attempt in range(runs):
        print(f"[{time.strftime('%H:%M:%S')}] N={n}: run {attempt + 1} of {runs}", flush=True)
        hub_runs.append(build(hub, OUT / f"hub-{n}.log"))
        plain_runs.append(build(plain, OUT / f"plain-{n}.log"))
        check_runs.append(check(hub, OUT / f"check-{n}.log"))
    pairs = list(zip(hub_runs, plain_runs, strict=True))
    row = Row(n, site_figures(hub, hub_runs), site_figures(plain, plain_runs),
              median_run(check_runs), runs,
              ratio=statistics.median(h.wall / p.wall for h, p in pairs),
              cpu_ratio=statistics.median(h.cpu / p.cpu for h, p in pairs))
    print(f"    hub {row.hub.build.wall:.1f} s, plain {row.plain.build.wall:.1f} s, "
          f"ratio {row.ratio:.2f}, check {row.check.wall:.2f} s", flush=True)
    return row


def preview(runs: int) -> dict[str, PreviewFigures]:
    """The hub's preview after a body edit and after a title edit, and the
    floor: plain MkDocs + Material's own preview of the same pages, and with
    ``--dirty`` (which rebuilds only the saved page, leaving listings stale)."""
    hub, plain = OUT / f"hub-{PREVIEW_N}", OUT / f"plain-{PREVIEW_N}"
    if not (hub / "practices").is_dir():
        write_hub(hub, PREVIEW_N)
    if not (plain / "docs").is_dir():
        write_plain(plain, hub)
    print(f"[{time.strftime('%H:%M:%S')}] preview at N={PREVIEW_N}", flush=True)
    log = OUT / f"serve-{PREVIEW_N}.log"
    return {
        PREVIEW_BODY: measure_preview(hub, log, runs),
        PREVIEW_TITLE: measure_preview(hub, log, runs, title=True),
        PREVIEW_PLAIN: measure_preview(plain, log, runs),
        PREVIEW_PLAIN_DIRTY: measure_preview(plain, log, runs, dirty=True),
    }


def profile() -> ProfileFigures:
    hub, plain = OUT / f"hub-{PREVIEW_N}", OUT / f"plain-{PREVIEW_N}"
    if not (hub / "practices").is_dir():
        write_hub(hub, PREVIEW_N)
    if not (plain / "docs").is_dir():
        write_plain(plain, hub)
    print(f"[{time.strftime('%H:%M:%S')}] profile at N={PREVIEW_N}", flush=True)
    return measure_profile(hub, plain, OUT / f"profile-{PREVIEW_N}.txt")


def parse_options(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES),
                        help="numbers of practices (default: 200 1000 2000 10000)")
    parser.add_argument("--runs", type=int, default=3,
                        help=f"builds per size up to {REPEAT_UP_TO:,}, median reported "
                             "(larger sizes are built once)")
    parser.add_argument("--no-preview", dest="preview", action="store_false",
                        help=f"skip the editor's preview at {PREVIEW_N:,} practices")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help=f"skip the profile of a build at {PREVIEW_N:,} practices")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="where to write the Markdown results (default: bench/results.md)")
    args = parser.parse_args(argv)
    return Options(sorted(set(args.sizes)), args.runs, args.preview, args.profile, args.results)


def main(argv: list[str]) -> int:
    """Small sizes, then the preview and the profile, then large sizes (minutes each);
    the results file is rewritten after each step, so a long run can be cut short."""
    options = parse_options(argv)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    started, load = time.strftime("%Y-%m-%d %H:%M"), os.getloadavg()[0]
    rows: list[Row] = []
    previewed: dict[str, PreviewFigures] = {}
    profiled: ProfileFigures | None = None

    def save() -> str:
        text = render_results(rows, previewed, profiled, started, (load, os.getloadavg()[0]))
        options.results.write_text(text, encoding="utf-8")
        return text

    for n in (n for n in options.sizes if n <= PREVIEW_N):
        rows.append(measure(n, options.runs))
        save()
    if options.preview:
        previewed = preview(3)
        save()
    if options.profile:
        profiled = profile()
        save()
    for n in (n for n in options.sizes if n > PREVIEW_N):
        rows.append(measure(n, options.runs if n <= REPEAT_UP_TO else 1))
        save()
    print("\n" + save())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
