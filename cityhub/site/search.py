"""Search: what each generated page tells the site's search box, and ``hub search``.

Material for MkDocs indexes page text by section, plus each page's ``tags``
(weighted far above the text) and ``search.boost``. The hub gives every
practice, city and pledge tags from its metadata (city, country, themes...)
so that typing a place or a theme finds its practices first; it keeps lists
of other pages (cards, tables of cities) out of the index, so listing pages do
not flood the results; and it adds accent-free forms of names so that
"Gdansk" finds "Gdańsk".

:class:`SiteSearch` answers queries from the built ``search_index.json`` with
lunr.py, configured as Material's browser worker configures lunr.js (same
fields and boosts, stop-word filter only, same separator), so editors and
tests see what the public will find.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from cityhub.content.transliteration import transliterate

#: where the search box splits text into words: at white space and punctuation
#: too, so that "(BINAM)" or "Barcelona's" are found, but not inside numbers
SEPARATOR = r'[\s\-,:!=\[\]()"/]+|\.(?!\d)|&[lg]t;'


@dataclass(frozen=True)
class SearchProfile:
    """What the search index holds of a kind of page (each page kind declares one).

    ``boost`` weighs the page against others for the same words.
    ``late_blocks`` are template blocks filled only after the index has read
    the page: blocks the index need not read, because the page's tags hold
    their facts already or they list other pages (which have their own
    entries), and whose many small elements would otherwise be most of the
    work of indexing the page. This is why a site engine that indexes pages
    between rendering and publishing fills pages in two passes (see
    :meth:`cityhub.site.pages.Site.fill`): its indexer reads the rendered
    HTML, and an element marked ``data-search-exclude`` is still parsed.
    """

    boost: float
    late_blocks: frozenset[str] = frozenset()

    #: a practice: its fact sheet (in its tags) and its related practices
    PRACTICE: ClassVar[SearchProfile]
    CITY: ClassVar[SearchProfile]
    PLEDGE: ClassVar[SearchProfile]
    TERM: ClassVar[SearchProfile]
    LISTING: ClassVar[SearchProfile]
    #: the explore page: its list of every practice, thousands of cards
    EXPLORE: ClassVar[SearchProfile]


SearchProfile.PRACTICE = SearchProfile(2.0, frozenset({"facts", "related"}))
SearchProfile.CITY = SearchProfile(1.5)
SearchProfile.PLEDGE = SearchProfile(1.5)
SearchProfile.TERM = SearchProfile(1.0)
SearchProfile.LISTING = SearchProfile(0.5)
SearchProfile.EXPLORE = SearchProfile(0.5, frozenset({"content"}))

_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Text in ASCII letters, as slugs and the explore page write it: 'São Paulo'
    gives 'Sao Paulo', 'Łódź' 'Lodz'."""
    return transliterate(text)


def folded_terms(texts: Iterable[str]) -> str:
    """The accent-free forms of ``texts`` that differ from them, once each."""
    seen: list[str] = []
    for text in texts:
        folded = fold(text)
        if folded != text and folded not in seen:
            seen.append(folded)
    return " ".join(seen)


def escaped_tags(tags: Iterable[str]) -> list[str]:
    """Tags as the theme expects them: HTML text, each once, in order."""
    unique: list[str] = []
    for tag in tags:
        if tag and html.escape(tag) not in unique:
            unique.append(html.escape(tag))
    return unique


#: where Material's search plugin writes the index, under the site's folder
STOCK_INDEX = "search/search_index.json"


def slim_index(index_path: Path) -> bytes:
    """Keep a page's tags on its first entry only; return the index as written.

    The theme copies a page's tags onto the entry of every section of the
    page; the first entry is enough for the page to be found and ranked, and
    the copies make the index the browser builds on each visit about a tenth
    larger. Written back compactly, with a stable order.
    """
    data = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        if "#" in doc["location"]:
            doc.pop("tags", None)
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    index_path.write_bytes(content)
    return content


def publish_index(site_dir: Path, content: bytes | None = None) -> str:
    """Publish the site's index (``content``, else Material's file as it is)
    under an address naming its content; return the address.

    A browser may keep the file as long as it likes: newer texts get another
    address, so a cached index never pairs with pages it does not describe.
    Material's own file stays beside it, for a page whose loader did not run.
    """
    if content is None:
        content = (site_dir / STOCK_INDEX).read_bytes()
    address = f"search/index.{hashlib.sha256(content).hexdigest()[:12]}.json"
    for old in (site_dir / "search").glob("index.*.json"):
        old.unlink()
    (site_dir / address).write_bytes(content)
    return address


def index_file(site_dir: Path) -> Path:
    """The index a built site's search box answers from: the published one, else Material's."""
    published = sorted((site_dir / "search").glob("index.*.json"))
    return published[0] if published else site_dir / STOCK_INDEX


@dataclass(frozen=True)
class Result:
    location: str
    title: str
    score: float
    text: str


class SiteSearch:
    """Queries over a built site's search index, as its search box runs them."""

    def __init__(self, index_path: Path) -> None:
        import lunr
        from lunr.pipeline import Pipeline
        from lunr.stop_word_filter import stop_word_filter

        data = json.loads(index_path.read_text(encoding="utf-8"))
        config = data["config"]
        self.docs = {doc["location"]: doc for doc in data["docs"]}
        separator = re.compile(config["separator"])
        fields = [{"field_name": name, "boost": spec.get("boost", 1)}
                  for name, spec in config["fields"].items()]
        builder = lunr.get_default_builder()
        builder.pipeline = Pipeline()
        builder.search_pipeline = Pipeline()
        if "stopWordFilter" in config["pipeline"]:
            builder.pipeline.add(stop_word_filter)
            builder.search_pipeline.add(stop_word_filter)
        builder.metadata_whitelist = []
        builder.b(0)  # as the worker: no penalty for long fields
        builder.ref("location")
        for field in fields:
            builder.field(field["field_name"], boost=field["boost"])

        def words(text: str) -> list[str]:
            return [w for w in separator.split(_plain(text).lower()) if w]

        for doc in data["docs"]:
            builder.add({"location": doc["location"], "title": words(doc["title"]),
                         "text": words(doc.get("text", "")),
                         "tags": [w for tag in doc.get("tags", []) for w in words(tag)]},
                        {"boost": doc.get("boost", 1)})
        self.index = builder.build()
        self.separator = separator

    def search(self, query: str, pages_only: bool = True) -> list[Result]:
        """Results best first; by default one per page, as the search box groups them."""
        terms = [t for t in self.separator.split(query.lower()) if t]
        if not terms:
            return []
        # The search box matches each word as typed and as the start of a word.
        lunr_query = " ".join(f"{t} {t}*" for t in (_lunr_escape(t) for t in terms) if t)
        results, seen = [], set()
        for match in self.index.search(lunr_query):
            location = match["ref"]
            page = location.split("#")[0]
            if pages_only and page in seen:
                continue
            seen.add(page)
            doc = self.docs[page if pages_only and page in self.docs else location]
            results.append(Result(page if pages_only else location, _plain(doc["title"]),
                                  match["score"], _plain(doc.get("text", ""))))
        return results


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _lunr_escape(term: str) -> str:
    return re.sub(r"[:*~^+\-]", "", term)
