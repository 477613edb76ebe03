"""The site's search index, built once at build time and read in pieces.

Material for MkDocs' search worker downloads every section of every page and
builds a lunr.js index of them in the visitor's browser before it can answer;
at a few thousand pages that takes seconds and megabytes on every visit. The
hub builds the same index once, here, from the same texts, and publishes it in
pieces a worker fetches only as a query needs them:

- ``index.json``: Material's search configuration (the bundle reads it as it
  reads its own index, with no documents, and hands it to the worker), with
  the index's layout and address under ``hub``: a small file, so that the
  page has little to read and to copy to the worker;
- ``v.json``: the index's vocabulary (every term, sorted as JavaScript sorts
  strings, with lunr's term number), which file of postings holds which
  terms, and the structure of the documents (which section belongs to which
  page): fetched by the page with the worker's script and ``index.json``,
  and handed to the worker as bytes;
- ``p/<n>.json``: the postings of a run of terms: for each field, the
  documents the term occurs in and the term's weight there, exactly the
  value lunr.js would put in that document's field vector;
- ``h/<n>.json``: each document's address, title and tags, a few hundred
  documents a file;
- ``t/<n>.json``: one page's sections whole (address, title, tags and text),
  so that the first results of a query, shown with their previews, need one
  file a page.

Everything lunr.js computes when it indexes (tokens and the pipeline, in
:mod:`cityhub.site.search_text`; BM25 with Material's settings, rounding to
three decimals, the order in which terms are numbered) is computed here the
same way, so that the worker
(``cityhub/mkdocs/search_worker.js``) ranks, scores, highlights and suggests
exactly as Material's worker would over the same texts; ``tests/test_search_engine.py``
compares both engines query by query. :class:`PrebuiltSearch` answers from the
same files for ``hub search``.
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from cityhub.site import search_query
from cityhub.site.search_text import Analyzer

# the tokenizer's pieces, where the equivalence tests (test_search_engine.py) find them
from cityhub.site.search_text import _text_ranges as _text_ranges
from cityhub.site.search_text import js_pattern as js_pattern

#: lunr's BM25 settings as Material's worker sets them (``this.b(0)``)
K1 = 1.2
B = 0.0
#: how many documents a file of headings holds
HEADS_PER_FILE = 256
#: about how many bytes of postings a file holds
POSTINGS_BYTES = 24_000
#: the index's layout; the worker refuses another
VERSION = 3



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
class BuiltIndex:
    """The index's files by name, and their address under the site."""

    files: dict[str, bytes]
    address: str

    def write(self, site_dir: Path) -> None:
        folder = site_dir / self.address
        _remove_indexes(site_dir, but=folder)
        for parent in {name.rpartition("/")[0] for name in self.files}:
            (folder / parent).mkdir(parents=True, exist_ok=True)
        for name, content in self.files.items():
            (folder / name).write_bytes(content)


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
    """The index files of Material's search data (``config`` and ``docs``), in memory."""
    files: dict[str, bytes] = {}
    address = _make_index(data, files.__setitem__, lambda name: files[name])
    return BuiltIndex(files, address)


def write_index(data: dict[str, Any], site_dir: Path) -> str:
    """Write the index files of Material's search data under ``site_dir``,
    each as soon as it is made, and return the index's address: the files of
    :func:`build_index`, without holding them all in memory (over 100 MB at
    ten thousand practices). The index of an earlier build is removed."""
    building = site_dir / "search" / ".building"
    if building.exists():
        shutil.rmtree(building)
    folders: set[Path] = set()

    def put(name: str, content: bytes) -> None:
        path = building / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(content)

    address = _make_index(data, put, lambda name: (building / name).read_bytes())
    _remove_indexes(site_dir, but=building)
    building.rename(site_dir / address)
    return address


def _remove_indexes(site_dir: Path, but: Path) -> None:
    """Remove the prebuilt indexes of earlier builds from ``site_dir``, all but ``but``."""
    for old in (site_dir / "search").glob("*/index.json"):
        if old.parent != but:
            shutil.rmtree(old.parent)


def _make_index(data: dict[str, Any], put: Callable[[str, bytes], None],
                read: Callable[[str], bytes]) -> str:
    """Make the index files of Material's search data, handing each to
    ``put`` as it is made; ``read`` gives back a file put. Returns the
    index's address, a digest of all its files."""
    names: list[str] = []

    def made(name: str, content: bytes) -> None:
        names.append(name)
        put(name, content)

    config, docs = data["config"], data["docs"]
    locations = [doc["location"] for doc in docs]
    if len(set(locations)) != len(locations):
        raise ValueError("two search entries share an address")
    fields = list(config["fields"])
    vocabulary = _Vocabulary(Analyzer(config), docs, fields)
    count = len(docs)
    weigh = _Weighing(count, vocabulary.lengths, [doc.get("boost") or 1 for doc in docs],
                      [config["fields"][name].get("boost") or 1 for name in fields])
    ordered = js_sorted(vocabulary.numbers)
    shards = _postings_files(ordered, vocabulary, weigh, made)

    parents = _parents(locations)
    for start in range(0, count, HEADS_PER_FILE):
        heads = [[doc["location"], doc["title"], doc.get("tags")]
                 for doc in docs[start:start + HEADS_PER_FILE]]
        made(f"h/{start // HEADS_PER_FILE}.json", _json(heads))
    # a page's sections whole: the first results of a query need one file a page
    pages: dict[int, dict[str, list[Any]]] = {}
    for number, doc in enumerate(docs):
        page = number if parents[number] < 0 else parents[number]
        pages.setdefault(page, {})[str(number)] = [
            doc["location"], doc["title"], doc.get("tags"), doc.get("text", "")]
    for page, texts in pages.items():
        made(f"t/{page}.json", _json(texts))
    del pages

    made("v.json", _json({
        "terms": ordered,
        "numbers": [vocabulary.numbers[term] for term in ordered],
        "shards": shards,
        # how far back each section's page is (0 for a page)
        "up": [0 if parent < 0 else number - parent for number, parent in enumerate(parents)],
    }))
    # Material's bundle hands the worker only the configuration and the documents
    hub: dict[str, Any] = {"version": VERSION, "count": count, "heads": HEADS_PER_FILE}
    setup = {"config": {**config, "hub": hub}, "docs": []}
    digest = hashlib.sha256(_json(setup))
    for name in sorted(names):
        digest.update(name.encode() + b"\0" + read(name))
    address = f"search/{digest.hexdigest()[:12]}/"
    hub["path"] = address
    put("index.json", _json(setup))
    return address


def _postings_files(ordered: list[str], vocabulary: _Vocabulary, weigh: _Weighing,
                    put: Callable[[str, bytes], None]) -> list[int]:
    """The postings of the ``ordered`` terms, a run of terms a file, each file
    handed to ``put``; the position of each file's first term."""
    shards: list[int] = []
    shard: list[str] = []
    size = 0
    for position, term in enumerate(ordered):
        if size == 0:
            shards.append(position)
        postings = [field.get(term, ()) for field in vocabulary.postings]
        shard.append(f"{_json_text(term)}:[{','.join(weigh(postings))}]")
        # about eight bytes a number (a document or a weight)
        size += len(term) + 8 * sum(map(len, postings))
        if size >= POSTINGS_BYTES or position == len(ordered) - 1:
            put(f"p/{len(shards) - 1}.json", ("{" + ",".join(shard) + "}").encode("utf-8"))
            shard, size = [], 0
    return shards


class _Vocabulary:
    """Every term of the documents, numbered in the order lunr meets them,
    with its postings; and each field's length (in terms) in each document."""

    def __init__(self, analyzer: Analyzer, docs: Sequence[dict[str, Any]],
                 fields: Sequence[str]) -> None:
        self.numbers: dict[str, int] = {}
        #: per field, each term's documents and frequencies there: [document,
        #: frequency, document, frequency, …] in document order
        self.postings: list[dict[str, list[int]]] = [{} for _ in fields]
        self.lengths: list[list[int]] = [[] for _ in fields]
        for number, doc in enumerate(docs):
            for name, postings, lengths in zip(fields, self.postings, self.lengths,
                                                   strict=True):
                counts = analyzer.term_counts(doc.get(name))
                lengths.append(counts.total())
                for term, frequency in counts.items():
                    found = postings.get(term)
                    if found is None:
                        postings[term] = [number, frequency]
                        if term not in self.numbers:
                            self.numbers[term] = len(self.numbers)
                    else:
                        found += (number, frequency)


class _Weighing:
    """A term's postings as the index stores them, in JSON: for each field, the
    documents (each as the difference to the one before) and the term's weight
    there, exactly the value lunr.js puts in that document's field vector.
    Numbers are written as ``json.dumps`` writes them (their ``repr``), each
    weight computed once for all the documents that share it."""

    def __init__(self, count: int, lengths: list[list[int]], boosts: list[float],
                 field_boosts: list[float]) -> None:
        self.count, self.lengths, self.boosts = count, lengths, boosts
        self.field_boosts = field_boosts
        self.averages = [sum(values) / count if count else 0.0 for values in lengths]
        self.numerals = [str(number) for number in range(count + 1)]
        # A weight depends on the frequency and the document's class: with B = 0
        # its boost (a handful of values), else the document itself.
        if B == 0:
            kinds: dict[float, int] = {}
            self.classes = [kinds.setdefault(boost, len(kinds)) for boost in boosts]
        else:
            self.classes = list(range(count))
        self.kinds = max(self.classes, default=0) + 1

    def __call__(self, postings: Sequence[Sequence[int]]) -> list[str]:
        """Per field, the JSON list of ``[document, frequency, …]``'s deltas and weights."""
        with_term = sum(map(len, postings)) // 2
        idf = math.log(1 + abs((self.count - with_term + 0.5) / (with_term + 0.5)))
        encoded: list[str] = []
        for f, flat in enumerate(postings):
            documents = flat[::2]
            # frequency and class in one number: a weight's key
            keys = list(map(operator.add, map(operator.mul, flat[1::2], repeat(self.kinds)),
                            map(self.classes.__getitem__, documents)))
            # one document for each key (with B = 0 any one: its length is multiplied by 0)
            weights = {key: repr(self.weight(idf, f, key // self.kinds, number))
                       for key, number in dict(zip(keys, documents, strict=True)).items()}
            items = [""] * len(flat)
            items[::2] = map(self.numerals.__getitem__,
                             map(operator.sub, documents, [0, *documents[:-1]]))
            items[1::2] = map(weights.__getitem__, keys)
            encoded.append(f"[{','.join(items)}]")
        return encoded

    def weight(self, idf: float, f: int, tf: int, number: int) -> float:
        """lunr.js's expression, operation for operation."""
        score = idf * ((K1 + 1) * tf) / (
            K1 * (1 - B + B * (self.lengths[f][number] / self.averages[f])) + tf)
        score *= self.field_boosts[f]
        score *= self.boosts[number]
        return js_round3(score)


def _json(value: Any) -> bytes:
    return _json_text(value).encode("utf-8")


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
        if setup["config"]["hub"].get("version") != VERSION:
            raise ValueError("the search index has another layout: build the site again")
        hub = {**setup["config"]["hub"], **load("v.json")}
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

