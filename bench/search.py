"""Search at scale: index size and time from typing to first results.

For each N, writes a synthetic hub (bench/corpus.py) and the plain-MkDocs
baseline with the same practice pages, builds both, and measures in headless
Chromium the time from typing a query on a freshly loaded page to the first
result shown; the first search includes the browser building its lunr.js
index from search_index.json. Reports the median of several page loads.

    .venv/bin/python bench/search.py            # N = 200, 2000, 10000
    .venv/bin/python bench/search.py 200 2000   # chosen sizes
"""

from __future__ import annotations

import gzip
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browsing import build, chromium, served
from corpus import city_names, write_hub, write_plain

OUT = Path(__file__).resolve().parent / "out"
RUNS = 5


def first_result_seconds(site: Path, page: str, query: str) -> list[float]:
    """Seconds from typing on a freshly loaded page to the first result shown."""
    timings = []
    with served(site) as root, chromium() as browser:
        for _ in range(RUNS):
            tab = browser.new_page()
            tab.goto(root + page, wait_until="load")
            tab.locator(".md-search__input").click()
            started = time.perf_counter()
            tab.keyboard.type(query)
            tab.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            timings.append(time.perf_counter() - started)
            tab.close()
    return timings


def index_sizes(site: Path) -> tuple[int, int]:
    raw = (site / "search" / "search_index.json").read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6))


def measure(n: int) -> dict[str, object]:
    hub = write_hub(OUT / f"hub-{n}", n)
    plain = write_plain(OUT / f"plain-{n}", hub)
    build(hub)
    build(plain)
    row: dict[str, object] = {"n": n}
    query = city_names(max(n // 20, 1))[-1]  # a city name: the most common search
    for name, root in (("hub", hub), ("plain", plain)):
        raw, zipped = index_sizes(root / "site")
        timings = first_result_seconds(root / "site", "", query)
        row[name] = {"raw": raw, "gzip": zipped, "docs": _docs(root / "site"),
                     "first_result": statistics.median(timings)}
    return row


def _docs(site: Path) -> int:
    import json
    return len(json.loads((site / "search" / "search_index.json").read_text())["docs"])


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| practices | site | index entries | index size | gzip | typing to first result |",
             "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for row in rows:
        for name in ("hub", "plain"):
            m = row[name]
            assert isinstance(m, dict)
            lines.append(f"| {row['n']:,} | {name} | {m['docs']:,} | {m['raw'] / 2**20:.1f} MiB "
                         f"| {m['gzip'] / 2**20:.1f} MiB | {m['first_result']:.2f} s |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), " \
           f"Python {platform.python_version()}, Chromium /usr/bin/chromium"


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [200, 2000, 10000]
    results = [measure(n) for n in sizes]
    print(f"Search, median of {RUNS} page loads, query: a city's name; {machine()}\n")
    print(table(results))
