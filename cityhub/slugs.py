"""Slugs: the lower-case ASCII names of content files and vocabulary ids."""

from __future__ import annotations

import re
import unicodedata

from cityhub.schema import SLUG

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A slug for ``text``, transliterated: 'Café Ñandú' gives 'cafe-nandu'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None
