"""The explore page at scale: its weight, and how fast a filter answers.

For each N, writes a synthetic hub (bench/corpus.py), builds it, and measures
the weight of /practices/ (HTML and its explore.json, raw and gzip), then in
headless Chromium the time from ticking a facet choice to the updated cards
and counts: the script's work (filtering, counting every choice, showing the
first cards, writing the URL) and that plus the next frame painted. Median
of several ticks, each on a different choice.

    .venv/bin/python bench/explore.py              # N = 2000, 10000
    .venv/bin/python bench/explore.py 200 2000     # chosen sizes
"""

from __future__ import annotations

import gzip
import os
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browsing import build, chromium, served
from corpus import write_hub

OUT = Path(__file__).resolve().parent / "out"
TICKS = 7
# Tick one choice (the i-th of the page's checkboxes, cycling through facets),
# time the synchronous update, then the next painted frame; untick it again.
TICK = """async (i) => {
  const boxes = [...document.querySelectorAll('#hub-filters input[type=checkbox]')];
  const box = boxes[(i * 7) % boxes.length];
  box.closest('details').open = true;
  const start = performance.now();
  box.click();
  const script = performance.now() - start;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const painted = performance.now() - start;
  box.click();
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return [script, painted, document.getElementById('hub-result-count').textContent];
}"""


def filter_timings(site: Path) -> list[tuple[float, float]]:
    with served(site) as root, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(root + "practices/", wait_until="networkidle")
        tab.locator("#hub-filters").wait_for(state="visible", timeout=120_000)
        return [tuple(tab.evaluate(TICK, i)[:2]) for i in range(TICKS)]


def sizes(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6))


def measure(n: int) -> dict[str, float]:
    hub = write_hub(OUT / f"explore-{n}", n)
    build(hub)
    site = hub / "site"
    html, html_gz = sizes(site / "practices" / "index.html")
    data, data_gz = sizes(site / "practices" / "explore.json")
    timings = filter_timings(site)
    return {"n": n, "html": html, "html_gz": html_gz, "data": data, "data_gz": data_gz,
            "script": statistics.median(t[0] for t in timings),
            "painted": statistics.median(t[1] for t in timings)}


def table(rows: list[dict[str, float]]) -> str:
    mib = 2**20
    lines = ["| practices | page HTML | gzip | explore.json | gzip | filter (script) "
             "| filter (painted) |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['html'] / mib:.1f} MiB | {r['html_gz'] / mib:.2f} MiB "
                     f"| {r['data'] / 1024:.0f} KiB | {r['data_gz'] / 1024:.0f} KiB "
                     f"| {r['script']:.0f} ms | {r['painted']:.0f} ms |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    counts = [int(a) for a in argv] or [2000, 10000]
    rows = [measure(n) for n in counts]
    print(f"Explore page, median of {TICKS} facet ticks; {platform.system()} "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          "Chromium /usr/bin/chromium\n")
    print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
