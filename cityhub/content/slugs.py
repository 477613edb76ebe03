"""Slugs: the lower-case ASCII names of content files and vocabulary ids."""

from __future__ import annotations

import re

from cityhub.content.transliteration import transliterate

#: a slug: lower-case ASCII letters and digits in words joined by single
#: hyphens (written to mean the same in JavaScript: the schemas publish it)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: what a slug replaces with one hyphen: every run of other characters than
#: lower-case ASCII letters and digits (the submission form's script too)
NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A slug for ``text``, transliterated: 'Café Ñandú' gives 'cafe-nandu' and
    'Łódź' gives 'lodz'."""
    return NON_SLUG.sub("-", transliterate(text).lower()).strip("-")


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None
