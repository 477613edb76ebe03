"""The prebuilt search index answers exactly as Material's own search would.

Material's worker indexes every section in the browser; the hub's builds the
index at build time (cityhub/site/search_engine.py) and its worker
(cityhub/mkdocs/search_worker.js) fetches the pieces a query needs. Both
engines are asked the same queries in one browser page, over the fixture
site and over a synthetic index of 800 pages, and must return the same
results item by item: order, scores, highlighted titles, texts and tags,
matched terms and suggestions. ``hub search`` must rank as the browser does.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from search_engines import (
    UNPACK,
    addresses,
    compare,
    differences,
    evaluate,
    rankings,
    word_texts,
)

from cityhub.mkdocs import search_loader
from cityhub.site.search import SEPARATOR
from cityhub.site.search_engine import (
    Analyzer,
    PrebuiltSearch,
    _text_ranges,
    build_index,
    js_pattern,
    js_round3,
    js_sorted,
    published_index,
)
from conftest import serve

#: titles, places, countries, themes, pledges, phrases, presence, fuzzy,
#: accents, stop words, fields, boosts, wildcards, numbers, punctuation
FIXTURE_QUERIES = [
    "Exampleton", "exampleton", "United Kingdom", "Sao Exemplo", "São Exemplo", "Housing",
    "Fair Letting", "letting sale", "the charter", "charter of the city", '"fair letting"',
    "+housing -advice", "-advice", "hosing~1", "exampelton~2", "title:housing",
    "tags:exampleton", "housing^10 mentors", "*ing", "ment*", "h", "ho", "a", "2018",
    "Tenants' Union", "anti-racism", "(BINAM)", "it's", "school   mentors ", "x:y",
    "Norby", "migrants and refugees", "non-discrimination", "fair letting office",
    "+zzzqx housing", "+housing +letting", "-advice -housing", "housing housing",
    "title:housing -tags:exampleton", "+title:charter text:city", "letting~1 +city",
]


def site_queries(site: Path) -> list[str]:
    """Every page title of the site, and two words of each, as visitors type them."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = [re.sub(r"<[^>]+>|&[a-z#0-9]+;", " ", doc["title"]) for doc in data["docs"]
              if "#" not in doc["location"]]
    return sorted(set(titles))[:40] + [" ".join(t.split()[:2]) for t in titles[:20]]


@pytest.fixture(scope="module")
def fixture_results(browser: Any, served_site: str, built_site: Path) -> list[dict[str, Any]]:
    """Both engines' results on the fixture site, asked once: FIXTURE_QUERIES,
    then the site's titles."""
    return compare(browser, built_site, served_site,
                   FIXTURE_QUERIES + site_queries(built_site))


@pytest.mark.browser
def test_the_fixture_site_answers_as_materials_search(
        fixture_results: list[dict[str, Any]]) -> None:
    assert differences(fixture_results) == []
    assert sum(1 for entry in fixture_results
               if entry["stock"]["items"]) > len(fixture_results) * 0.8


@pytest.mark.browser
def test_hub_search_ranks_as_the_browser(built_site: Path,
                                         fixture_results: list[dict[str, Any]]) -> None:
    search = PrebuiltSearch.of_site(built_site)
    for entry in fixture_results[:len(FIXTURE_QUERIES)]:
        found, expected = rankings(search, entry)
        assert found == expected, entry["query"]


# ---------------------------------------------------------------------------
# 800 pages: the index in many files, texts sent after the result
# ---------------------------------------------------------------------------

WORDS = ("city", "residents", "newcomers", "council", "programme", "housing", "schools",
         "employment", "discrimination", "rights", "language", "network", "partners",
         "inclusion", "diversity", "migrants", "refugees", "youth", "women", "culture",
         "Łódź", "São", "Zürich", "naïve", "l'égalité", "co-operation", "3.5", "2,000",
         "e-mail", "x86", "R&amp;D", "<code>hub</code>", "&lt;tag&gt;", "don't", "ÉCOLE")


def synthetic_index(pages: int) -> dict[str, Any]:
    """Material's search data for ``pages`` pages of four sections each."""
    rng = random.Random(7)
    text = word_texts(rng, WORDS, 3000, (3, 9))

    docs = []
    for page in range(pages):
        location = f"practices/p{page}/"
        doc: dict[str, Any] = {"location": location, "title": text(rng.randint(2, 6)),
                               "text": f"<p>{text(40)}</p>",
                               "tags": [text(1), text(2)]}
        if page % 3:
            doc["boost"] = 2.0
        docs.append(doc)
        for section in range(4):
            docs.append({"location": f"{location}#s{section}", "title": text(2),
                         "text": f"<p>{text(60)}</p><ul><li>{text(5)}</li></ul>"})
    return {"config": {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                  "tags": {"boost": 1000000.0}}},
            "docs": docs}


#: pages of the synthetic index: enough for its postings and headings to be
#: split into many files and for results to run past the first screen and
#: the texts read ahead of it (the test asserts each)
LARGE = 800


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory,
               built_site: Path) -> Iterator[tuple[Path, str]]:
    site = tmp_path_factory.mktemp("large")
    data = synthetic_index(LARGE)
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps(data), encoding="utf-8")
    search_loader.write_search(site, build_index(data))
    workers = built_site / "assets" / "javascripts" / "workers"
    for stock in workers.glob("search.*.min.js"):
        (site / "assets/javascripts/workers" / stock.name).write_bytes(stock.read_bytes())
    (site / "404.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    for root in serve(site):
        yield site, root


def common_word(site: Path, low: int, high: int) -> str:
    """A word on between ``low`` and ``high`` pages: results past the first screens."""
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, set[str]] = {}
    for doc in data["docs"]:
        for word in set(re.findall(r"[a-z]{4,}", doc["text"])):
            pages.setdefault(word, set()).add(doc["location"].split("#")[0])
    return min(word for word, where in pages.items() if low <= len(where) <= high)


@pytest.fixture(scope="module")
def large_results(browser: Any, large_site: tuple[Path, str]) -> list[dict[str, Any]]:
    """Both engines' results for the large index's queries, a common word first,
    asked once: Material's worker indexes every section before its first answer."""
    site, root = large_site
    queries = [common_word(site, 60, 150), "housing rights", "łódź", "zurich~1",
               "+refugees -city", "egalite", "r&d", '"women youth"', "title:housing", "don't"]
    return compare(browser, site, root, queries)


@pytest.mark.browser
def test_eight_hundred_pages_answer_as_materials_search(
        large_site: tuple[Path, str], large_results: list[dict[str, Any]]) -> None:
    site, _ = large_site
    index = published_index(site)
    assert index is not None
    assert len(list(index.glob("p/*.json"))) > 10  # postings in many files
    assert len(list(index.glob("h/*.json"))) > 1  # headings in more than one
    assert differences(large_results) == []
    assert max(len(entry["hub"]["items"]) for entry in large_results) > 100  # texts sent later
    search = PrebuiltSearch.of_site(site)
    for entry in large_results[:8]:
        found, expected = rankings(search, entry)
        assert found == expected, entry["query"]


#: a visitor typing a word letter by letter, each letter a query, faster
#: than the worker answers: the results it posts, its items put in place
TYPING = """
async ([hubWorker, hubIndex, word]) => {
""" + UNPACK + """
  const worker = new Worker(hubWorker)
  const results = []
  let ready, answered, done
  const set = new Promise(resolve => { ready = resolve })
  const first = new Promise(resolve => { answered = resolve })
  const complete = new Promise(resolve => { done = resolve })
  worker.addEventListener("message", ev => {
    const message = ev.data
    if (message.type === 1) ready()
    if (message.type === 3) {
      if (message.rest) unpack(message.rest, message.data.items)
      results.push(message)
      if (message.hub === word.length) answered(message)
    }
    if (message.type === 100) {
      const last = results[results.length - 1]
      if (last && last.hub === message.hub) {
        for (const [g, i, patch] of message.data) Object.assign(last.data.items[g][i], patch)
        if (message.done) done()
      } else {
        results.push({ stray: message.hub })
      }
    }
  })
  const setup = await (await fetch(hubIndex)).json()
  worker.postMessage({ type: 0, data: { ...setup, options: { suggest: true } } })
  await set
  for (let n = 1; n <= word.length; n++) {
    worker.postMessage({ type: 2, data: word.slice(0, n) })
    await new Promise(resolve => setTimeout(resolve, 15))
  }
  const result = await first
  if (result.more) {
    /* as if the list were scrolled to its end */
    worker.postMessage({ type: 101, hub: results[results.length - 1].hub, upto: 1e9 })
    await complete
  }
  await new Promise(resolve => setTimeout(resolve, 300))
  worker.terminate()
  return results.map(result => result.stray ? result : {
    hub: result.hub,
    items: result.data.items.map(group => group.map(item => ({
      location: item.location, title: item.title, text: item.text,
      tags: item.tags, score: item.score, terms: item.terms,
    }))),
  })
}
"""


@pytest.mark.browser
def test_a_word_typed_fast_is_answered_once_as_materials_search(
        browser: Any, large_site: tuple[Path, str], large_results: list[dict[str, Any]]) -> None:
    # Each letter is a query, asked before the one before is answered: the
    # word's result is complete, and no item meant for an overtaken query
    # lands in it.
    site, root = large_site
    _, hub, index = addresses(site)
    word, expected = large_results[0]["query"], large_results[0]["stock"]["items"]
    page = browser.new_page()
    page.goto(root + "404.html")
    results = evaluate(page, TYPING, [hub, index, word])
    page.close()
    assert len(expected) > 10
    assert not any("stray" in result for result in results)
    assert results[-1]["items"] == expected


# ---------------------------------------------------------------------------
# JavaScript's arithmetic, strings and patterns, in Python
# ---------------------------------------------------------------------------


def test_scores_round_half_up_as_javascript() -> None:
    assert js_round3(0.0005) == 0.001      # Math.round(0.5) is 1; Python's round gives 0
    assert js_round3(2.0025) == round(math.floor(2.0025 * 1000 + 0.5) / 1000, 3)
    assert js_round3(-0.0005) == 0.0       # Math.round(-0.5) is -0
    assert js_round3(1234.5675) == math.floor(1234.5675 * 1000 + 0.5) / 1000


def test_strings_sort_by_utf16_code_units() -> None:
    # U+1F600 is two code units starting 0xD83D, before U+FF21
    assert js_sorted(["\uff21", "\U0001f600", "a"]) == ["a", "\U0001f600", "\uff21"]


def test_the_separator_splits_as_the_browser() -> None:
    pattern = js_pattern(SEPARATOR)
    assert pattern.split("a\u00a0b\u2003c\ufeffd\x1ce") == ["a", "b", "c", "d\x1ce"]
    assert [word for word in pattern.split("3.5 end. x") if word] == ["3.5", "end", "x"]


def material_extract(value: str) -> list[tuple[int, int]]:
    """Material's extract, character by character, its text runs only."""
    runs: list[tuple[int, int]] = []
    start = end = stack = 0
    while end < len(value):
        if value[end] == "<" and end > start:
            runs.append((start, end))
            start = end
        elif value[end] == ">":
            if value[start + 1:start + 2] == "/":
                stack -= 1
            elif value[end - 1:end] != "/":
                stack += 1
            start = end + 1
        end += 1
    if end > start:
        runs.append((start, end))
    return runs


@pytest.mark.parametrize("value", [
    "<p>plain</p>", "a > b < c", "<br/>x<br />y", "x>", "<", ">", "", "<<a>>b",
    "<p>a<code>b</code>c</p>tail", "a/>b", "</x>y",
])
def test_markup_is_skipped_as_materials_tokenizer_skips_it(value: str) -> None:
    assert _text_ranges(value) == material_extract(value)


def test_the_analyzer_drops_stop_words_and_lowers_case() -> None:
    analyzer = Analyzer({"separator": SEPARATOR, "lang": ["en"], "pipeline": ["stopWordFilter"]})
    assert analyzer.terms("<p>The City <em>of</em> Łódź</p>") == ["city", "łódź"]
    assert analyzer.tokens(["A b", "c"]) == ["a", "b", "c"]
