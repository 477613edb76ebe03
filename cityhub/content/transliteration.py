"""Transliteration: any text written in ASCII, one way for the whole hub.

Slugs (:func:`cityhub.content.slugs.slugify`), the accent-free names the
search index adds (:func:`cityhub.site.search.fold`), and, through
:func:`browser_table`, the explore page's words filter and the submission
form's file names all write "Łódź" as "Lodz", so what one finds the others
find. The letters come from the ``anyascii`` package, which maps each Unicode
character on its own, whatever stands around it: a table of single
characters is therefore enough for a browser to do exactly the same.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from anyascii import anyascii

if TYPE_CHECKING:
    from cityhub.content.hub import Hub

#: the characters a browser's table always holds, whatever the content: the
#: Latin letters with diacritics (Latin-1, Latin Extended-A and -B, Latin
#: Extended Additional), the combining diacritics a keyboard may type
#: separately, and the Latin ligatures; as ranges of code points
ALWAYS_IN_TABLE = ((0x00A0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF), (0xFB00, 0xFB06))
_ASCII_BYTES = bytes(range(128))


def transliterate(text: str) -> str:
    """``text`` in ASCII: 'Łódź' gives 'Lodz', 'Straße' 'Strasse', '½' '1/2'."""
    return anyascii(text)


def browser_table(texts: Iterable[str]) -> dict[str, str]:
    """The ASCII form of every non-ASCII character of ``texts`` and of
    :data:`ALWAYS_IN_TABLE`, grouped by form: ``{"L": "ĹĻĽĿŁ", ...}``.

    A browser that replaces each character found in the table by its form
    and leaves the others as they are writes any text made of those
    characters exactly as :func:`transliterate` does.
    """
    characters = set(_always_in_table())
    for text in texts:
        if not text.isascii():  # a flag of the string: no scan
            characters.update(_non_ascii(text))
    table: dict[str, str] = {}
    for character in sorted(characters):
        form = _form(character)
        table[form] = table.get(form, "") + character
    return dict(sorted(table.items()))


@cache
def _always_in_table() -> frozenset[str]:
    return frozenset(chr(code) for first, last in ALWAYS_IN_TABLE
                     for code in range(first, last + 1) if unicodedata.name(chr(code), ""))


@lru_cache(maxsize=65536)
def _form(character: str) -> str:
    return transliterate(character)


def _non_ascii(text: str) -> str:
    """The characters of ``text`` that are not ASCII, in order. Deleting the
    ASCII bytes of its UTF-8 leaves whole characters (their bytes are all
    above 127), and runs at memory speed, which matters for 10,000 bodies."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES) \
        .decode("utf-8", "surrogatepass")


def texts_of(hub: Hub) -> Iterator[str]:
    """Every text of the hub's content and vocabularies, and the names of its
    cities' countries, as the pages show them."""
    from cityhub.content.places import country_name

    for vocabulary in (hub.themes, hub.networks, hub.target_groups):
        yield from _strings(vocabulary)
    for city in hub.cities.values():
        yield from _strings(city)
        yield country_name(city.country)
    for item in (*hub.pledges.values(), *hub.practices.values()):
        yield from _strings(item)


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value``: in its lists, tuples, mappings and the
    fields of its dataclasses, to any depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)  # exact types: the walk meets 30 values per practice
        if kind is str:
            yield item
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is dict:
            stack.extend(item)
            stack.extend(item.values())
        elif dataclasses.is_dataclass(kind):
            stack.extend(vars(item).values())
