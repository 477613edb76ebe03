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

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from cityhub.content.transliteration import transliterate
from cityhub.site.search_engine import PrebuiltSearch

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


@dataclass(frozen=True)
class Result:
    location: str
    title: str
    score: float
    text: str


class SiteSearch:
    """Queries over a built site's search, answered from the very index files
    its search box reads and ranked as it ranks them
    (:class:`cityhub.site.search_engine.PrebuiltSearch`)."""

    def __init__(self, site_dir: Path) -> None:
        self.engine = PrebuiltSearch.of_site(site_dir)

    def search(self, query: str, pages_only: bool = True) -> list[Result]:
        """Results best first, by page as the search box groups them (the
        page's own title and text), or every matching section."""
        results = []
        for group in self.engine.search(query):
            if pages_only:
                page = next((hit for hit in group if "#" not in hit.location), group[0])
                results.append(Result(page.location, _plain(page.title),
                                      max(hit.score for hit in group), _plain(page.text)))
            else:
                results.extend(Result(hit.location, _plain(hit.title), hit.score,
                                      _plain(hit.text)) for hit in group if hit.score)
        return results


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())
