"""The interface's words in the reader's language: one translation function, gettext catalogues.

Every word a visitor or contributor reads that is not content (template
text, page titles, facet labels, the editors' report, the issue form, the
scripts' messages, dates) goes through :func:`gettext` (``_``) or
:func:`ngettext`, backed by the standard gettext catalogues in
``cityhub/messages/locales/<lang>/LC_MESSAGES/hub.po`` that translators edit
with the tools they know. Text marked with :func:`N_` at import time is
translated where it is shown.

One language is active at a time (:func:`use`), set by the build for the
pages it writes. The pseudo-locale :data:`PSEUDO` wraps every translated
string in ``⟦…⟧``: a build in it shows any interface text that bypasses the
catalogue (a test holds every page to that).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "hub"
#: the language the interface is written in
SOURCE_LANGUAGE = "en"
#: the languages the hub has a catalogue for
LANGUAGES = ("en", "fr", "es")
#: each of :data:`LANGUAGES` named in itself, as a language selector shows it
ENDONYMS = {"en": "English", "fr": "Français", "es": "Español"}
#: a test language: every translated string wrapped in ⟦…⟧
PSEUDO = "x-pseudo"
#: the Babel locale that writes dates and numbers for a language, where it is not its code.
#: French and Spanish keep their codes: CLDR's French and Spanish without a country
#: ("12 345", "1 décembre 2018"; "12.345", "1 de diciembre de 2018"), because the hub
#: writes for every French- and Spanish-speaking city, not one country's (dates are
#: the same in every variant; Spanish numbers are grouped with a point as in Spain and
#: most of South America, where Mexico would use a comma).
_FORMATS = {"en": "en_GB", PSEUDO: "en_GB"}


@dataclass(frozen=True)
class Language:
    """The interface in one language: its catalogue and its ways of writing dates and numbers."""

    code: str
    translations: Translations

    def gettext(self, message: str) -> str:
        translated = self.translations.gettext(message)
        return f"⟦{translated}⟧" if self.code == PSEUDO else translated

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        translated = self.translations.ngettext(singular, plural, count)
        return f"⟦{translated}⟧" if self.code == PSEUDO else translated

    @property
    def locale(self) -> Locale:
        """How dates and numbers are written: the hub's English is British English."""
        return Locale.parse(_FORMATS.get(self.code, self.code))

    def date(self, value: dt.date) -> str:
        """A date as readers of the language write it: 10 December 2018."""
        written = format_date(value, format="long", locale=self.locale)
        if self.locale.language == "fr" and value.day == 1:
            written = "1er" + written[1:]  # French writes the first of a month as an ordinal
        return f"⟦{written}⟧" if self.code == PSEUDO else written

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def decimal(self, value: float, places: int) -> str:
        """A number with ``places`` decimals, as the language writes it: 41.387, 41,387."""
        return format_decimal(value, format="0." + "0" * places, locale=self.locale,
                              group_separator=False)

    def territory(self, code: str) -> str | None:
        """A country's name in this language, from CLDR (``ES``: "Espagne"), or
        None in English and the test language, which name countries as ISO 3166 does."""
        return None if self.code in (SOURCE_LANGUAGE, PSEUDO) else _territories(self.code).get(code)


@cache
def _territories(code: str) -> dict[str, str]:
    return dict(Locale.parse(_FORMATS.get(code, code)).territories)


def catalogue_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def language(code: str) -> Language:
    """The interface in ``code`` (one of :data:`LANGUAGES`, or :data:`PSEUDO`)."""
    if code == PSEUDO:
        return Language(code, Translations())
    if code not in LANGUAGES:
        raise ValueError(f"no catalogue for the language {code!r}: choose one of "
                         f"{', '.join(LANGUAGES)}")
    with catalogue_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Language(code, Translations(compiled, domain=DOMAIN))


_active: list[Language] = []
#: the language of this process's builds, when no block says otherwise
_default: list[str] = [SOURCE_LANGUAGE]


def active() -> Language:
    return _active[-1] if _active else language(_default[0])


def activate(code: str) -> Language:
    """Make ``code`` the interface's language from now on (a build's language)."""
    found = language(code)
    _default[0] = code
    return found


@contextmanager
def use(code: str) -> Iterator[Language]:
    """Make ``code`` the interface's language for the duration of the block."""
    _active.append(language(code))
    try:
        yield _active[-1]
    finally:
        _active.pop()


def gettext(message: str) -> str:
    return active().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return active().ngettext(singular, plural, count)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message
