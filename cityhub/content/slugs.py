"""Slugs: the lower-case ASCII names of content files and vocabulary ids."""

from __future__ import annotations

import re
import unicodedata

from cityhub.content.schema import SLUG

_NON_SLUG = re.compile(r"[^a-z0-9]+")
#: Latin letters that Unicode does not decompose into a base letter and an
#: accent (the submission form's script makes slugs with the same table)
SPECIAL_LETTERS = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                   "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "\u0131": "i", "ß": "ss",
                   "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH"}
_LETTERS = str.maketrans(SPECIAL_LETTERS)


def slugify(text: str) -> str:
    """A slug for ``text``, transliterated: 'Café Ñandú' gives 'cafe-nandu' and
    'Łódź' gives 'lodz'."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LETTERS)) \
        .encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None
