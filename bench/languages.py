"""What a page costs in each language: the hub in English, French and Spanish
against plain MkDocs + Material building as many pages.

For each N, writes the synthetic hub twice (bench/corpus.py), once in English
only and once in the site's three languages, and the plain baseline with the
same practice pages once and three times over. Then measures, interleaved so
that a busy machine slows every build alike, one ``mkdocs build`` of each as a
fresh process (wall time, CPU time, peak memory), and writes
``bench/languages.md``: the cost of a page in each language against plain's,
and how much a further language adds.

    .venv/bin/python bench/languages.py              # N = 200, 2000 (about 15 min)
    .venv/bin/python bench/languages.py 200 --runs 1
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import build
from corpus import write_hub, write_plain
from measure import Run, median_run

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "languages"
RESULTS = BENCH / "languages.md"
SIZES = (200, 2000)
LANGUAGES = ("en", "fr", "es")


@dataclass
class Row:
    n: int
    runs: int
    #: builds by name: hub-1, plain-1 (one language), hub-3, plain-3 (three)
    builds: dict[str, Run]
    #: medians of the ratios of the builds made one after the other
    ratio_one: float
    ratio_three: float
    cpu_ratio_one: float
    cpu_ratio_three: float
    pages_one: int
    pages_three: int


def measure(n: int, runs: int) -> Row:
    print(f"[{time.strftime('%H:%M:%S')}] N={n}: writing the corpora", flush=True)
    hub_one = write_hub(OUT / f"hub-1-{n}", n)
    hub_three = write_hub(OUT / f"hub-3-{n}", n, languages=LANGUAGES)
    plain_one = write_plain(OUT / f"plain-1-{n}", hub_one)
    plain_three = write_plain(OUT / f"plain-3-{n}", hub_one, copies=len(LANGUAGES))
    sites = {"hub-1": hub_one, "plain-1": plain_one, "hub-3": hub_three, "plain-3": plain_three}
    done: dict[str, list[Run]] = {name: [] for name in sites}
    for attempt in range(runs):
        print(f"[{time.strftime('%H:%M:%S')}] N={n}: run {attempt + 1} of {runs}", flush=True)
        for name, root in sites.items():
            done[name].append(build(root, OUT / f"{name}-{n}.log"))
    def ratio(hub: str, plain: str, figure: str) -> float:
        return statistics.median(getattr(h, figure) / getattr(p, figure)
                                 for h, p in zip(done[hub], done[plain], strict=True))
    row = Row(n, runs, {name: median_run(found) for name, found in done.items()},
              ratio("hub-1", "plain-1", "wall"), ratio("hub-3", "plain-3", "wall"),
              ratio("hub-1", "plain-1", "cpu"), ratio("hub-3", "plain-3", "cpu"),
              sum(1 for _ in (hub_one / "site").rglob("*.html")),
              sum(1 for _ in (hub_three / "site").rglob("*.html")))
    print(f"    one language {row.ratio_one:.2f}x plain, three {row.ratio_three:.2f}x plain "
          f"(CPU {row.cpu_ratio_one:.2f}x, {row.cpu_ratio_three:.2f}x)", flush=True)
    return row


def render(rows: list[Row]) -> str:
    def seconds(run: Run) -> str:
        return f"{run.wall:.1f} s"

    lines = [
        "# The hub in three languages: cost per page",
        "",
        f"Measured on {time.strftime('%Y-%m-%d %H:%M')} with `bench/languages.py`: "
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}. "
        "Each build is a fresh `mkdocs build` process; builds of the same run are "
        "interleaved, and each ratio is the median of the ratios of builds made one after "
        "the other. *Hub, three languages* is the synthetic hub with "
        "`extra.languages: [en, fr, es]`: the English site, then the French and Spanish "
        "ones, each page at the same address below `/fr/` and `/es/`. *Plain, three "
        "copies* is plain MkDocs + Material building the same practice pages three "
        "times over in one site: as many practice pages.",
        "",
        "| practices | hub, English | plain | ratio (CPU) | hub, three languages | "
        "plain, three copies | **ratio** (CPU) | HTML pages, 1 / 3 languages | "
        "hub peak memory, 1 / 3 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        b = row.builds
        lines.append(
            f"| {row.n:,} | {seconds(b['hub-1'])} | {seconds(b['plain-1'])} | "
            f"{row.ratio_one:.2f}x ({row.cpu_ratio_one:.2f}x) | {seconds(b['hub-3'])} | "
            f"{seconds(b['plain-3'])} | **{row.ratio_three:.2f}x** "
            f"({row.cpu_ratio_three:.2f}x) | {row.pages_one:,} / {row.pages_three:,} | "
            f"{b['hub-1'].peak / 2**20:.0f} / {b['hub-3'].peak / 2**20:.0f} MiB |")
    lines += ["", "What a further language adds:", ""]
    for row in rows:
        b = row.builds
        extra = (b["hub-3"].wall - b["hub-1"].wall) / (len(LANGUAGES) - 1)
        plain_extra = (b["plain-3"].wall - b["plain-1"].wall) / (len(LANGUAGES) - 1)
        lines.append(
            f"- {row.n:,} practices: {extra:.1f} s a language for the hub "
            f"({extra / b['hub-1'].wall:.0%} of its English build), {plain_extra:.1f} s for "
            f"plain's further copy of the pages ({plain_extra / b['plain-1'].wall:.0%}); "
            f"median of {row.runs} run{'s' if row.runs > 1 else ''}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES),
                        help="numbers of practices (default: 200 2000)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each site, median kept")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="where to write the Markdown results (default: bench/languages.md)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    rows = [measure(n, args.runs) for n in sorted(set(args.sizes))]
    args.results.write_text(render(rows), encoding="utf-8")
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
