"""Both search engines side by side in a browser, for the equivalence tests and
the search benchmark: Material's own worker over Material's index, and the
hub's worker over the prebuilt index, asked the same queries in one page.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable, Sequence
from importlib.resources import files
from itertools import accumulate
from pathlib import Path
from typing import Any

#: the loader's unpacking of the items the hub's worker sends packed, as the
#: pages run it (read from the loader, so that the tests run the same code)
UNPACK = re.search(r"^  function unpack\(.*?^  \}$",
                   files("cityhub.mkdocs").joinpath("search_loader.js").read_text(encoding="utf-8"),
                   re.DOTALL | re.MULTILINE).group(0)  # type: ignore[union-attr]

#: what a page runs: each worker set up as the bundle sets it up, then asked
#: each query in turn; the hub worker's later items are unpacked and put into
#: its result, as the loader does
HARNESS = """
async ([stockWorker, hubWorker, hubIndex, queries, digests]) => {
""" + UNPACK + """
  function ask(worker, setup) {
    const waiting = []
    let last = null
    worker.addEventListener("message", ev => {
      const message = ev.data
      if (message.type === 100) {
        if (last && last.hub === message.hub) {
          for (const [g, i, patch] of message.data) Object.assign(last.data.items[g][i], patch)
          if (message.done && complete) complete()
        }
        return
      }
      if (message.type === 3) {
        if (message.rest) unpack(message.rest, message.data.items)
        last = message
      }
      const next = waiting.shift()
      if (next) next(message)
    })
    let complete = null
    const reply = () => new Promise(resolve => waiting.push(resolve))
    worker.postMessage({ type: 0, data: setup })
    return reply().then(() => ({
      query: async q => {
        worker.postMessage({ type: 2, data: q })
        const message = await reply()
        if (message.more) {
          /* as if the list were scrolled to its end: every item whole */
          const done = new Promise(resolve => { complete = resolve })
          worker.postMessage({ type: 101, hub: message.hub, upto: message.data.items.length })
          await done
        }
        return message
      },
    }))
  }
  const stockIndex = await (await fetch("search/search_index.json")).json()
  const hubSetup = await (await fetch(hubIndex)).json()
  const options = { suggest: true }
  const stock = await ask(new Worker(stockWorker),
                          { config: stockIndex.config, docs: stockIndex.docs, options })
  const hub = await ask(new Worker(hubWorker),
                        { config: hubSetup.config, docs: hubSetup.docs, options })
  /* a text as a number (FNV-1a), where the texts of every result of a large
     site would not fit in one answer */
  const digest = text => {
    let hash = 0x811c9dc5
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619)
    return hash >>> 0
  }
  const clean = result => ({
    suggest: result.data.suggest,
    items: result.data.items.map(group => group.map(item => ({
      location: item.location, title: item.title, text: digests ? digest(item.text) : item.text,
      tags: item.tags, score: item.score, terms: item.terms,
    }))),
  })
  const out = []
  for (const q of queries) {
    const a = await stock.query(q)
    const b = await hub.query(q)
    out.push({ query: q, stock: clean(a), hub: clean(b) })
  }
  return out
}
"""


def word_texts(rng: random.Random, words: Sequence[str], made: int,
               lengths: tuple[int, int]) -> Callable[[int], str]:
    """Texts of ``n`` words for a synthetic index: ``words`` and ``made`` made-up
    words of the given lengths, the common ones far more often (Zipf), as in prose."""
    lexicon = list(words) + ["".join(rng.choices("aeioubdgklmnprstvz", k=rng.randint(*lengths)))
                             for _ in range(made)]
    # the running sums, once: what ``choices`` computes from weights on every call
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(lexicon))))

    def text(n: int) -> str:
        return " ".join(rng.choices(lexicon, cum_weights=weights, k=n))

    return text


def addresses(site: Path) -> tuple[str, str, str]:
    """The stock worker, the hub's worker and the prebuilt index's set-up file, under the site."""
    workers = site / "assets" / "javascripts" / "workers"
    stock = next(workers.glob("search.*.min.js")).relative_to(site).as_posix()
    hub = next(workers.glob("hub-search.*.js")).relative_to(site).as_posix()
    index = next((site / "search").glob("*/index.json")).relative_to(site).as_posix()
    return stock, hub, index


def compare(browser: Any, site: Path, root: str, queries: list[str],
            digests: bool = False) -> list[dict[str, Any]]:
    """Each query's results from both engines (``stock`` and ``hub``); with
    ``digests``, each item's text as a digest of it (a large site's results)."""
    page = browser.new_page()
    try:
        page.goto(root + "404.html")
        result: list[dict[str, Any]] = evaluate(page, HARNESS, [*addresses(site), queries, digests])
        return result
    finally:
        page.close()


#: what JSON has no word for, written as Playwright returns it: undefined as
#: null, and NaN and the infinities as an object of their own
AS_JSON = """(key, value) => value === undefined ? null
  : typeof value === "number" && !Number.isFinite(value) ? { nonFinite: String(value) } : value"""
NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def evaluate(page: Any, script: str, arg: Any) -> Any:
    """What ``page.evaluate(script, arg)`` returns, handed over as one JSON text:
    Playwright carries the tens of thousands of items of a large index's
    results many times faster as text than as objects."""
    def non_finite(value: dict[str, Any]) -> Any:
        return NON_FINITE[value["nonFinite"]] if value.keys() == {"nonFinite"} else value

    text = page.evaluate(f"async arg => JSON.stringify(await ({script})(arg), {AS_JSON})", arg)
    return json.loads(text, object_hook=non_finite)


def rankings(search: Any, entry: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """``hub search``'s ranking of an entry's query and the browser's: pages
    and sections by group, with their scores (a score that is not a number,
    as a query of prohibited words only gives, as None)."""
    def number(value: float | None) -> float | None:
        return None if value is None or math.isnan(value) else value

    found = [[(hit.location, number(hit.score)) for hit in group]
             for group in search.search(entry["query"])]
    expected = [[(item["location"], number(item["score"])) for item in group]
                for group in entry["hub"]["items"]]
    return found, expected


def differences(results: list[dict[str, Any]]) -> list[str]:
    """What differs, query by query: the first differing item of each."""
    found = []
    for entry in results:
        stock, hub = entry["stock"], entry["hub"]
        if stock == hub:
            continue
        if stock.get("suggest") != hub.get("suggest"):
            found.append(f"{entry['query']!r}: suggestions {stock.get('suggest')} "
                         f"!= {hub.get('suggest')}")
        flat_a = [item for group in stock["items"] for item in group]
        flat_b = [item for group in hub["items"] for item in group]
        if len(flat_a) != len(flat_b) or len(stock["items"]) != len(hub["items"]):
            found.append(f"{entry['query']!r}: {len(stock['items'])} groups, {len(flat_a)} items "
                         f"!= {len(hub['items'])} groups, {len(flat_b)} items")
        for n, (a, b) in enumerate(zip(flat_a, flat_b, strict=False)):
            if a != b:
                keys = [key for key in a if a.get(key) != b.get(key)]
                found.append(f"{entry['query']!r}: item {n} differs in {keys}: "
                             + "; ".join(f"{key}: {a.get(key)!r} != {b.get(key)!r}"
                                         for key in keys)[:600])
                break
    return found
