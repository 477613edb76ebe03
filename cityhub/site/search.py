"""Search: what each generated page tells the site's search box, and ``hub search``.

Material for MkDocs indexes page text by section, plus each page's ``tags``
(weighted far above the text) and ``search.boost``. The hub gives every
practice, city and pledge tags from its metadata (city, country, themes...)
so that typing a place or a theme finds its practices, and gives the pages of
cities, countries and pledges their own names as tags, boosted so that a name
finds the page of what it names first; it keeps lists of other pages (cards,
tables of cities) and the fact boxes that would open a result out of the
index, so listing pages do not flood the results and a result reads as a
sentence; and it adds the accent-free forms of names to the tags, so that
"Gdansk" finds "Gdańsk" and the visitor sees why.

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
from typing import Any, ClassVar

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
    #: the pages of a city, a country, a pledge: each found first by its name
    CITY: ClassVar[SearchProfile]
    COUNTRY: ClassVar[SearchProfile]
    PLEDGE: ClassVar[SearchProfile]
    TERM: ClassVar[SearchProfile]
    LISTING: ClassVar[SearchProfile]
    #: the explore page: its list of every practice, thousands of cards
    EXPLORE: ClassVar[SearchProfile]


# A page's boost multiplies every one of its scores. Material's search
# weighs a word by how often it occurs in a field, not by the field's length
# (its lunr has ``b(0)``), and tags count for a million times the text: among
# the pages whose tags hold a name, the boost decides. A place's page and a
# pledge's page carry their own names in their tags, as practices carry the
# names of their city and country; they are boosted above practices by more
# than a word repeated in a practice's tags can weigh (at most k1 + 1 = 2.2
# times a single occurrence), so that a name finds the page of what it names
# first, then its practices. A country comes before its cities ("Spain"), a
# city before a pledge named after it ("Nancy"; "Nancy declaration" finds the
# pledge, which holds both words).
SearchProfile.PRACTICE = SearchProfile(2.0, frozenset({"facts", "related"}))
SearchProfile.PLEDGE = SearchProfile(4.5)
SearchProfile.CITY = SearchProfile(5.0)
SearchProfile.COUNTRY = SearchProfile(5.5)
SearchProfile.TERM = SearchProfile(1.0)
SearchProfile.LISTING = SearchProfile(0.5)
SearchProfile.EXPLORE = SearchProfile(0.5, frozenset({"content"}))

_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    """Text in ASCII letters, as slugs and the explore page write it: 'São Paulo'
    gives 'Sao Paulo', 'Łódź' 'Lodz'."""
    return transliterate(text)


def folded_words(text: str) -> str:
    """The words of ``text`` that are written otherwise without accents, in
    that form, once each: "Bones Pràctiques Socials" gives "Practiques"."""
    seen: list[str] = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded != word and folded not in seen:
            seen.append(folded)
    return " ".join(seen)


def with_folded(names: Iterable[str]) -> tuple[str, ...]:
    """``names``, each followed by its accent-free form where it differs:
    ("São Paulo", "Brazil") gives ("São Paulo", "Sao Paulo", "Brazil").

    Search tags are where a page's names go, so that typing a name finds the
    page first; the accent-free forms go beside them, where a visitor who
    typed one sees it among the result's tags."""
    result: list[str] = []
    for name in names:
        result.append(name)
        folded = fold(name)
        if _LETTERS.sub("", folded) != _LETTERS.sub("", name):
            result.append(folded)
    return tuple(result)


#: what is not a letter or a digit: a name whose accent-free form differs only
#: there (an en dash written as a hyphen) is found as it is
_LETTERS = re.compile(r"[\W_]+")
#: a word: letters and digits, with the marks a keyboard may type apart
_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")


def escaped_tags(tags: Iterable[str]) -> list[str]:
    """Tags as the theme expects them: HTML text, each once, in order."""
    unique: list[str] = []
    for tag in tags:
        if tag and html.escape(tag) not in unique:
            unique.append(html.escape(tag))
    return unique


#: where Material's search plugin writes the index, under the site's folder
STOCK_INDEX = "search/search_index.json"


def slim_entries(docs: list[dict[str, Any]]) -> None:
    """Keep a page's tags on its first entry only.

    The theme copies a page's tags onto the entry of every section of the
    page; the first entry is enough for the page to be found and ranked, and
    the copies make the index the browser builds on each visit about a tenth
    larger.
    """
    for doc in docs:
        if "#" in doc["location"]:
            doc.pop("tags", None)


_INDEX_HEAD = re.compile(r'\{\s*"config"\s*:\s*')


def compact_index(index_path: Path, docs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Write the search plugin's index again compactly (UTF-8, not ``\\u``
    escapes), with a stable order; return it as written.

    ``docs`` are the entries the plugin has just written, still in memory:
    only the index's configuration, at its head, is then read back, instead
    of the whole file (tens of megabytes, several times that in memory, at
    ten thousand practices), and the index is written one entry at a time.
    Without them the whole file is read.
    """
    config = _index_config(index_path) if docs is not None else None
    if docs is not None and config is not None:
        data: dict[str, Any] = {"config": config, "docs": docs}
    else:
        data = json.loads(index_path.read_text(encoding="utf-8"))
        slim_entries(data["docs"])
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with index_path.open("wb") as output:
        output.write(f'{{"config":{encode(data["config"])},"docs":['.encode())
        for number, doc in enumerate(data["docs"]):
            output.write(f'{"," if number else ""}{encode(doc)}'.encode())
        output.write(b"]}")
    return data


#: how much of the index's head is read at a time, looking for its configuration
_HEAD_READ = 1 << 16
#: the most of it read: a configuration is a few hundred bytes
_HEAD_LIMIT = 1 << 20


def _index_config(index_path: Path) -> Any | None:
    """The configuration at the head of the search plugin's index (written
    first, and small), read without reading the rest; None if it is not there."""
    with index_path.open("rb") as source:
        head = b""
        while len(head) < _HEAD_LIMIT and (chunk := source.read(_HEAD_READ)):
            head += chunk
            # A character cut at the chunk's end is after the configuration, or read next.
            text = head.decode("utf-8", errors="ignore")
            found = _INDEX_HEAD.match(text)
            if not found:
                return None
            try:
                return json.JSONDecoder().raw_decode(text, found.end())[0]
            except json.JSONDecodeError:
                continue  # the configuration goes on in the next chunk
    return None


#: Material's search parser: tags it never opens a context for
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
#: an element the index skips, its start tag written as the templates write
#: one: double-quoted values holding no angle bracket
_EXCLUDED = re.compile(r'<([a-z][a-z0-9]*)((?:\s+[\w:.-]+(?:="[^"<>]*")?)*?)'
                       r'\s+data-search-exclude(?:="")?((?:\s+[\w:.-]+(?:="[^"<>]*")?)*)\s*>')
#: any tag inside it, and what makes its text other than markup to skip
_TAG_IN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*?)(/?)>")
_HEADING_WITH_ID = re.compile(r"<h[1-6]\b[^<>]*\sid=", re.IGNORECASE)
_NOT_MARKUP = re.compile(r"<[!?]|<(?:script|style|pre|textarea)\b|data-search-\w+=\"[^\"]+\"",
                         re.IGNORECASE)
#: what stands for a skipped element while the index reads the page: the
#: same element, empty, which the parser reads as it reads the whole one
_STAND_INS = re.compile(r"<([a-z][a-z0-9]*)\b[^<>]* data-hub-excluded></\1>")


def without_excluded(html: str) -> tuple[str, list[str]]:
    """The page as the search index needs to read it: each element it skips
    (``data-search-exclude``) emptied; and those elements whole, in order.

    Material's search parser reads every tag of an element it then skips: the
    fact boxes, maps and lists of cards of the hub's pages were most of its
    work on them. An element is emptied only where the parser skips it whole
    (:func:`_skipped_whole`), so the index is unchanged; :func:`with_excluded`
    puts the elements back once the index has read the page.
    """
    if "data-search-exclude" not in html or "data-hub-excluded" in html:
        return html, []
    kept: list[str] = []
    parts: list[str] = []
    position = 0
    for found in _EXCLUDED.finditer(html):
        if found.start() < position:
            continue  # inside an element already emptied
        end = _skipped_whole(html, found)
        if end is None:
            continue
        kept += (html[position:found.start()], found.group(0)[:-1].rstrip(),
                 f" data-hub-excluded></{found.group(1)}>")
        parts.append(html[found.start():end])
        position = end
    kept.append(html[position:])
    return "".join(kept), parts


def with_excluded(html: str, parts: list[str]) -> str:
    """The page of :func:`without_excluded` with its elements whole again."""
    if not parts:
        return html
    whole = iter(parts)
    restored = _STAND_INS.sub(lambda _: next(whole, ""), html)
    if next(whole, None) is not None or restored.count("data-hub-excluded"):
        raise ValueError("the page lost the places of the elements its search index skipped")
    return restored


def _skipped_whole(html: str, start: re.Match[str]) -> int | None:
    """Where the skipped element that ``start`` opens ends, if the parser skips
    it whole and leaves its state as it found it, else None.

    Its parser keeps a stack of open tags, pops one only at the end tag that
    matches the top, and ends a skip at the end of any element of the skipped
    one's name; a heading with an id starts a section even where skipped. So
    the element must hold no element of its own name, no heading with an id,
    no comment, script, style or preformatted text, and close every element it
    opens; and no attribute the parser later strips (``data-search-…="…"``)."""
    name = start.group(1)
    if name in _VOID:
        return None
    stack = [name]
    for tag in _TAG_IN.finditer(html, start.end()):
        closing, tag_name, _, self_closing = tag.groups()
        tag_name = tag_name.lower()
        if closing:
            if stack[-1] == tag_name:
                stack.pop()
                if not stack:
                    if _NOT_MARKUP.search(html, start.start(), tag.end()) \
                            or _HEADING_WITH_ID.search(html, start.end(), tag.start()):
                        return None
                    return tag.end()
        elif tag_name == name:
            return None
        elif tag_name not in _VOID and not self_closing:
            stack.append(tag_name)
    return None


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
