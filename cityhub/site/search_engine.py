"""The site's search index, built once at build time and read in pieces.

Material for MkDocs' search worker downloads every section of every page and
builds a lunr.js index of them in the visitor's browser before it can answer;
at a few thousand pages that takes seconds and megabytes on every visit. The
hub builds the same index once, here, from the same texts, and publishes it in
pieces a worker fetches only as a query needs them:

- ``index.json``: Material's search configuration (the bundle reads it as it
  reads its own index, with no documents), and under ``hub`` the index's
  vocabulary (every term, sorted as JavaScript sorts strings, with lunr's term
  number) and the structure of the documents (which section belongs to which
  page);
- ``p/<n>.json``: the postings of a run of terms: for each field, the
  documents the term occurs in and the term's weight there, exactly the
  value lunr.js would put in that document's field vector;
- ``h/<n>.json``: each document's address, title and tags, a few hundred
  documents a file;
- ``t/<n>.json``: one page's sections whole (address, title, tags and text),
  so that the first results of a query, shown with their previews, need one
  file a page.

Everything lunr.js computes when it indexes (tokens, the pipeline, BM25 with
Material's settings, rounding to three decimals, the order in which terms are
numbered) is computed here the same way, so that the worker
(``cityhub/mkdocs/search_worker.js``) ranks, scores, highlights and suggests
exactly as Material's worker would over the same texts; ``tests/test_search_engine.py``
compares both engines query by query. :class:`PrebuiltSearch` answers from the
same files for ``hub search``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cityhub.site import search_languages, search_query
from cityhub.site.search_query import JS_WHITESPACE

#: lunr's BM25 settings as Material's worker sets them (``this.b(0)``)
K1 = 1.2
B = 0.0
#: how many documents a file of headings holds
HEADS_PER_FILE = 256
#: about how many bytes of postings a file holds
POSTINGS_BYTES = 24_000
#: the index's layout; the worker refuses another
VERSION = 2



def js_pattern(separator: str) -> re.Pattern[str]:
    """The search separator, a JavaScript regular expression, as Python must
    write it to split the same way (``\\s`` spelled out, ``\\d`` and ``\\w``
    ASCII only)."""
    out: list[str] = []
    in_class = escaped = False
    for char in separator:
        if escaped:
            if char == "s":
                out[-1] = JS_WHITESPACE if in_class else f"[{JS_WHITESPACE}]"
            else:
                out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def _text_ranges(value: str) -> list[tuple[int, int]]:
    """The runs of text outside markup, as Material's ``extract`` finds them.

    Material walks the string character by character; only ``<`` and ``>``
    change its state, so this visits just those (the same quirks included:
    a ``>`` in text ends a run as if it closed a tag).
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[<>]", value):
        end = match.start()
        if match.group() == "<":
            if end > start:
                ranges.append((start, end))
                start = end
        else:
            start = end + 1
    if len(value) > start:
        ranges.append((start, len(value)))
    return ranges


class Analyzer:
    """Text to index terms, as the browser's lunr turns it: Material's
    tokenizer (markup skipped, split at the separator, lower case) and the
    pipeline of the site's languages."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.separator = js_pattern(config["separator"])
        langs = tuple(config.get("lang") or ["en"])
        functions = tuple(config.get("pipeline") or ())
        pipelines = search_languages.search_pipelines(langs, functions)
        self.index_pipeline, self.search_pipeline = pipelines.index, pipelines.search
        self._terms: dict[str, list[str]] = {}

    def tokens(self, value: str | Sequence[str] | None) -> list[str]:
        """Material's ``tokenize``: the lower-cased words of a field's text(s)."""
        if value is None:
            return []
        words: list[str] = []
        split = self.separator.split
        for text in [value] if isinstance(value, str) else value:
            # Lower case first: markup and separators are the same in either case.
            text = text.lower()
            for start, end in _text_ranges(text):
                words.extend(split(text[start:end]))
        return [word for word in words if word]

    def terms(self, value: str | Sequence[str] | None) -> list[str]:
        """The index terms of a field: its tokens through the index pipeline."""
        cache, run = self._terms, self.index_pipeline
        out: list[str] = []
        for token in self.tokens(value):
            found = cache.get(token)
            if found is None:
                found = cache[token] = run(token)
            out += found
        return out


def js_round3(value: float) -> float:
    """``Math.round(value * 1000) / 1000`` as JavaScript computes it."""
    scaled = value * 1000
    whole = math.floor(scaled)
    if scaled - whole >= 0.5:
        whole += 1
    return whole / 1000


def js_sorted(terms: Iterable[str]) -> list[str]:
    """Strings in JavaScript's default order (by UTF-16 code units)."""
    return sorted(terms, key=lambda term: term.encode("utf-16-be"))


@dataclass
class _Term:
    number: int
    #: per field: (document, frequency) in document order
    postings: list[list[tuple[int, int]]] = field(default_factory=list)


@dataclass
class BuiltIndex:
    """The index's files by name, and their address under the site."""

    files: dict[str, bytes]
    address: str

    def write(self, site_dir: Path) -> None:
        folder = site_dir / self.address
        for old in (site_dir / "search").glob("*/index.json"):
            if old.parent != folder:
                shutil.rmtree(old.parent)
        for name, content in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _parents(locations: Sequence[str]) -> list[int]:
    """Each document's page (-1 for a page), as Material's document map links
    sections to the page before them (``setupSearchDocumentMap``)."""
    seen: dict[str, int] = {}
    parents = []
    for number, location in enumerate(locations):
        path = location.split("#")[0]
        if path not in seen:
            seen[path] = number
            parents.append(-1)
        else:
            seen[location] = number
            parents.append(seen[path])
    return parents


def build_index(data: dict[str, Any]) -> BuiltIndex:
    """The index files of Material's search data (``config`` and ``docs``)."""
    config, docs = data["config"], data["docs"]
    locations = [doc["location"] for doc in docs]
    if len(set(locations)) != len(locations):
        raise ValueError("two search entries share an address")
    analyzer = Analyzer(config)
    fields = list(config["fields"])
    field_boosts = [config["fields"][name].get("boost") or 1 for name in fields]
    vocabulary: dict[str, _Term] = {}
    lengths: list[list[int]] = [[] for _ in fields]
    for number, doc in enumerate(docs):
        for f, name in enumerate(fields):
            terms = analyzer.terms(doc.get(name))
            lengths[f].append(len(terms))
            # Counter keeps first appearances in order: lunr numbers terms so
            for term, frequency in Counter(terms).items():
                entry = vocabulary.get(term)
                if entry is None:
                    entry = vocabulary[term] = _Term(len(vocabulary), [[] for _ in fields])
                entry.postings[f].append((number, frequency))
    count = len(docs)
    averages = [sum(values) / count if count else 0.0 for values in lengths]
    boosts = [doc.get("boost") or 1 for doc in docs]

    ordered = js_sorted(vocabulary)
    shards: list[int] = []
    files: dict[str, bytes] = {}
    shard: dict[str, list[list[float]]] = {}
    size = 0

    def flush() -> None:
        nonlocal shard, size
        if shard:
            files[f"p/{len(shards) - 1}.json"] = _json(shard)
        shard, size = {}, 0

    for position, term in enumerate(ordered):
        entry = vocabulary[term]
        with_term = sum(len(p) for p in entry.postings)
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        weights: dict[tuple[int, int, float], float] = {}
        encoded: list[list[float]] = []
        for f, postings in enumerate(entry.postings):
            flat: list[float] = []
            previous = 0
            for number, tf in postings:
                key = (tf, f, boosts[number]) if B == 0 else (tf, f, number)
                weight = weights.get(key)
                if weight is None:
                    # lunr.js's expression, operation for operation
                    score = idf * ((K1 + 1) * tf) / (
                        K1 * (1 - B + B * (lengths[f][number] / averages[f])) + tf)
                    score *= field_boosts[f]
                    score *= boosts[number]
                    weight = weights[key] = js_round3(score)
                flat += [number - previous, weight]
                previous = number
            encoded.append(flat)
        if size == 0:
            shards.append(position)
        shard[term] = encoded
        size += len(term) + 8 * sum(len(flat) for flat in encoded)
        if size >= POSTINGS_BYTES:
            flush()
    flush()

    parents = _parents(locations)
    for start in range(0, count, HEADS_PER_FILE):
        heads = [[doc["location"], doc["title"], doc.get("tags")]
                 for doc in docs[start:start + HEADS_PER_FILE]]
        files[f"h/{start // HEADS_PER_FILE}.json"] = _json(heads)
    # a page's sections whole: the first results of a query need one file a page
    pages: dict[int, dict[str, list[Any]]] = {}
    for number, doc in enumerate(docs):
        page = number if parents[number] < 0 else parents[number]
        pages.setdefault(page, {})[str(number)] = [
            doc["location"], doc["title"], doc.get("tags"), doc.get("text", "")]
    for page, texts in pages.items():
        files[f"t/{page}.json"] = _json(texts)

    # Material's bundle hands the worker only the configuration and the documents
    hub: dict[str, Any] = {
        "version": VERSION,
        "count": count,
        "terms": ordered,
        "numbers": [vocabulary[term].number for term in ordered],
        "shards": shards,
        "heads": HEADS_PER_FILE,
        # how far back each section's page is (0 for a page)
        "up": [0 if parent < 0 else number - parent for number, parent in enumerate(parents)],
    }
    setup = {"config": {**config, "hub": hub}, "docs": []}
    digest = hashlib.sha256(_json(setup))
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    address = f"search/{digest.hexdigest()[:12]}/"
    hub["path"] = address
    files["index.json"] = _json(setup)
    return BuiltIndex(files, address)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def published_index(site_dir: Path) -> Path | None:
    """The folder of a built site's prebuilt index, if it has one."""
    found = sorted((site_dir / "search").glob("*/index.json"))
    return found[0].parent if found else None


# ---------------------------------------------------------------------------
# Answering from the files: hub search
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One document a query found, with its score after Material's boosts."""

    number: int
    location: str
    title: str
    text: str
    score: float


class PrebuiltSearch:
    """Queries over a prebuilt index, ranked as the site's search box ranks them."""

    def __init__(self, files: dict[str, bytes]) -> None:
        def load(name: str) -> Any:
            return json.loads(files[name].decode("utf-8"))

        setup = load("index.json")
        hub = setup["config"]["hub"]
        if hub.get("version") != VERSION:
            raise ValueError("the search index has another layout: build the site again")
        self.config = setup["config"]
        self.fields = list(self.config["fields"])
        self.analyzer = Analyzer(self.config)
        self.parents = [number - up if up else -1 for number, up in enumerate(hub["up"])]
        numbers = dict(zip(hub["terms"], hub["numbers"], strict=True))
        postings: dict[str, search_query.Posting] = {}
        for shard in range(len(hub["shards"])):
            for term, encoded in load(f"p/{shard}.json").items():
                fields: list[list[tuple[int, float]]] = []
                for flat in encoded:
                    documents, number = [], 0
                    for i in range(0, len(flat), 2):
                        number += int(flat[i])
                        documents.append((number, flat[i + 1]))
                    fields.append(documents)
                postings[term] = search_query.Posting(numbers[term], fields)
        self.heads: list[list[Any]] = []
        for start in range(0, hub["count"], hub["heads"]):
            self.heads.extend(load(f"h/{start // hub['heads']}.json"))
        self.texts: dict[int, str] = {}
        for page in {number if parent < 0 else parent
                     for number, parent in enumerate(self.parents)}:
            for number, (_, _, _, text) in load(f"t/{page}.json").items():
                self.texts[int(number)] = text
        self.engine = search_query.Engine(hub["terms"], postings, self.fields,
                                          self.analyzer.search_pipeline, hub["count"],
                                          self.analyzer.separator)

    @classmethod
    def of_site(cls, site_dir: Path) -> PrebuiltSearch:
        """The search of a built site: its prebuilt index, else one built from
        Material's index (a site built with stock search, or by the preview)."""
        folder = published_index(site_dir)
        if folder is not None:
            return cls({path.relative_to(folder).as_posix(): path.read_bytes()
                        for path in folder.rglob("*.json")})
        stock = site_dir / "search" / "search_index.json"
        return cls(build_index(json.loads(stock.read_text(encoding="utf-8"))).files)

    def search(self, query: str) -> list[list[Hit]]:
        """Results grouped by page, best first, as the search box lists them."""
        groups = self.engine.search(query, self.parents)
        return [[Hit(number, self.heads[number][0], self.heads[number][1],
                     self.texts.get(number, ""), score) for number, score in group]
                for group in groups]

