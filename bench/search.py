"""Search at scale: the hub's prebuilt index against Material's stock search.

For each N, writes a synthetic hub (bench/corpus.py), builds it, and measures
in headless Chromium, on cold pages of the same built site in the same run:

- what a page view downloads for search before the search box is used;
- the time from the click into the search box to the first result shown,
  typing a city's name, and the bytes downloaded to answer it. Two clocks:
  the page's own, from the moment the browser received the click (which is
  what starts any loading, so a load the click sets off is timed, and so is
  a busy page's delay in handling the click) to the moment the first result
  is in the list, with the part of it the driver spent typing (the time
  to the last key pressed before the first result); and the test driver's,
  which starts before it asks for the click and adds its own round trips
  (0.1-0.4 s);

once as built (the hub's worker answering from the prebuilt index, fetched in
pieces only when asked: cityhub/mkdocs/search_loader.py) and once with the
hub's loader withheld, which is Material's stock search over the very same
texts and pages. The site is served as a static host serves it, by nginx
where Debian's is installed (``apt-get install nginx-light``; else by Python's
server, slower), text gzipped (level 6), and sizes are counted gzipped.
Also the build time the prebuilt index adds, and whether both engines return
the same results on a set of queries (tests/search_engines.py), and ``hub
search`` the same ranking.

    .venv/bin/python bench/search.py            # N = 200, 2000, 10000
    .venv/bin/python bench/search.py 200 2000   # chosen sizes
    .venv/bin/python bench/search.py --slow 2000  # also under Slow 4G and 4x CPU
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browsing import build, chromium, python_speed, served, server_name
from corpus import city_names, write_hub

from cityhub.mkdocs import search_loader
from cityhub.site.search import STOCK_INDEX
from cityhub.site.search_engine import PrebuiltSearch, build_index

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from search_engines import compare, differences, rankings

OUT = Path(__file__).resolve().parent / "out"
RUNS = 5
MODES = ("prebuilt", "stock")
#: Chrome DevTools' "Slow 4G" preset, and a 4x slower CPU
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000,
           "uploadThroughput": 84_375}


def is_search(url: str) -> bool:
    return "/search/" in url or "/workers/" in url


def gzip_bytes(site: Path, root: str, urls: list[str]) -> int:
    files = [site / url[len(root):].split("?")[0] for url in urls]
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files if f.is_file())


#: the page's own clock: when the browser received the click into the search
#: box (which starts any loading; a busy page's delay in handling it counts),
#: each key, and when the first result is in the list
PAGE_CLOCK = """
window.__search = {};
document.addEventListener("mousedown", ev => {
  if (!__search.focus) __search.focus = ev.timeStamp  // when the browser got the click
}, true);
document.addEventListener("keydown", ev => { __search.key = ev.timeStamp }, true);
document.addEventListener("DOMContentLoaded", () => new MutationObserver(() => {
  if (!__search.first && document.querySelector(".md-search-result__item")) {
    __search.first = performance.now()
    __search.typed = __search.key  // the last key pressed before it
  }
}).observe(document.body, { subtree: true, childList: true }));
"""


def one_search(browser: Any, site: Path, root: str, query: str, mode: str,
               slow: bool) -> dict[str, float]:
    context = browser.new_context()
    context.add_init_script(PAGE_CLOCK)
    if mode == "stock":  # the hub's loader withheld: Material's bundle as it ships
        context.route("**/hub-search.js", lambda route: route.fulfill(
            body="", content_type="text/javascript"))
    tab = context.new_page()
    if slow:
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(root, wait_until="load")
    before = [url for url in requests if is_search(url)]
    started = time.perf_counter()
    tab.locator(".md-search__input").click()
    tab.keyboard.type(query)
    tab.locator(".md-search-result__item").first.wait_for(timeout=300_000)
    seconds = time.perf_counter() - started
    clock = tab.evaluate("__search")
    searched = [url for url in requests if is_search(url)]
    tab.locator(".md-search-result__meta").filter(has_text="match").wait_for()
    shown = tab.locator(".md-search-result__list").inner_html()
    context.close()
    return {"seconds": seconds, "in_page": (clock["first"] - clock["focus"]) / 1000,
            "typing": (clock["typed"] - clock["focus"]) / 1000,
            "page_view": gzip_bytes(site, root, before),
            "answer": gzip_bytes(site, root, searched), "shown": shown}


def measure(n: int, slow: bool) -> dict[str, Any]:
    hub = write_hub(OUT / f"hub-{n}", n)
    build(hub)
    site = hub / "site"
    row: dict[str, Any] = {"n": n, "index": (site / STOCK_INDEX).stat().st_size,
                           "publish": _publish_seconds(site)}
    # a city's name, the most common search, and a word on most pages
    queries = [city_names(max(n // 20, 1))[-1], "housing"]
    settings = [(mode, False) for mode in MODES] + ([(m, True) for m in MODES] if slow else [])
    row["same results"] = True
    with served(site) as root, chromium() as browser:
        for query in queries:
            shown: set[str] = set()  # the list as shown: highlighting and scores included
            for mode, throttled in settings:
                runs = [one_search(browser, site, root, query, mode, throttled)
                        for _ in range(RUNS if not throttled else 3)]
                row[(query, mode, throttled)] = {key: statistics.median(r[key] for r in runs)
                                                 for key in runs[0] if key != "shown"}
                shown.update(r["shown"] for r in runs)
            row["same results"] &= len(shown) == 1
        row["equivalence"] = _equivalence(browser, site, root, queries + EQUIVALENCE)
        row["queries"] = len(queries + EQUIVALENCE)
    return row


def _publish_seconds(site: Path) -> tuple[float, float]:
    """What building and writing the prebuilt index adds to a build, on a copy of
    the built site's texts: wall-clock seconds, and CPU seconds (which the
    disk's moods do not change)."""
    # A folder never used before: on this machine's file system, creating a
    # file where one was deleted a moment ago costs up to 0.6 ms of kernel
    # time, whatever program writes it (a build's first files after cleaning
    # the site's folder), which would say nothing about the index.
    scratch = OUT / f"publish-{uuid.uuid4().hex[:8]}"
    (scratch / "search").mkdir(parents=True)
    # the build hands over the search data it has just read and slimmed
    data = json.loads((site / STOCK_INDEX).read_bytes())
    started, cpu = time.perf_counter(), time.process_time()
    search_loader.write_search(scratch, build_index(data))
    seconds = time.perf_counter() - started, time.process_time() - cpu
    shutil.rmtree(scratch)
    return seconds


#: the queries both engines are compared on, besides the timed ones
EQUIVALENCE = ["housing", "refugees housing", "+housing -city", "hosing~1", "the charter",
               "council*", '"equal access"', "title:strategy", "lodz", "-city"]


def _equivalence(browser: Any, site: Path, root: str, queries: list[str]) -> tuple[int, int]:
    """Queries on which the hub's worker equals Material's, and on which
    ``hub search`` ranks as the browser, out of ``queries``."""
    results = compare(browser, site, root, queries, digests=True)
    browser_same = len(queries) - len({line.split(":")[0] for line in differences(results)})
    search = PrebuiltSearch.of_site(site)
    terminal_same = sum(found == expected for found, expected
                        in (rankings(search, entry) for entry in results))
    return browser_same, terminal_same


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| practices | query | search | network | texts indexed | downloaded by a page view "
             "| downloaded to answer (gzip) | cold page: click, type → first result (page's clock) "
             "| of which typing (click → last key before it) "
             "| click, type → first result as the test driver sees it |",
             "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        for key, m in row.items():
            if not isinstance(key, tuple):
                continue
            query, mode, throttled = key
            lines.append(f"| {row['n']:,} | {query} | {mode} "
                         f"| {'Slow 4G, 4x CPU' if throttled else 'local'} "
                         f"| {row['index'] / 2**20:.1f} MiB | {_size(m['page_view'])} "
                         f"| {_size(m['answer'])} | {m['in_page']:.2f} s | {m['typing']:.2f} s "
                         f"| {m['seconds']:.2f} s |")
    lines.append("")
    lines += [f"At {row['n']:,} practices, building and writing the prebuilt index adds "
              f"{row['publish'][0]:.2f} s to the build ({row['publish'][1]:.2f} s of CPU); "
              "the result lists shown (items, order, "
              "scores, highlighting) are "
              f"{'the same' if row['same results'] else '**not** the same'} for both engines "
              f"in every run; on {row['equivalence'][0]} of {row['queries']} queries the hub's "
              "worker returned exactly what Material's does (every item, text, score and "
              f"suggestion), and on {row['equivalence'][1]} `hub search` listed the same pages "
              "in the same order, with the same scores, as the browser."
              for row in rows]
    return "\n".join(lines)


def _size(count: float) -> str:
    return "none" if not count else f"{count / 2**20:.2f} MiB"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), " \
           f"Python {platform.python_version()}, Chromium /usr/bin/chromium, " \
           f"served by {server_name()}"


if __name__ == "__main__":
    args = sys.argv[1:]
    slow = "--slow" in args
    sizes = [int(a) for a in args if a != "--slow"] or [200, 2000, 10000]
    print(f"Search, median of {RUNS} cold page loads (3 when throttled), query: a city's name; "
          f"{machine()}\n", flush=True)
    results = []
    for n in sizes:
        speed = python_speed()
        results.append(measure(n, slow))
        print(table(results[-1:]) + f"\n\nA loop of 20 million additions took {speed:.2f} s "
              f"in Python before and {python_speed():.2f} s after.\n", flush=True)
