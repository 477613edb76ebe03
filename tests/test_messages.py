"""The interface's words go through one catalogue, which stays in step with the source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from cityhub import messages
from cityhub.content.loader import load_hub
from cityhub.messages import catalogue
from cityhub.site.kinds import MARKER
from cityhub.site.pages import Site
from cityhub.site.render import Renderer
from conftest import REPO, SITE_FIXTURE

TRANSLATIONS = [code for code in messages.LANGUAGES if code != messages.SOURCE_LANGUAGE]


@pytest.mark.parametrize("code", messages.LANGUAGES)
def test_each_catalogue_holds_every_message_of_the_interface_and_no_other(code: str) -> None:
    found = catalogue.problems(REPO, code)
    assert found.missing == (), "run `make messages`"
    assert found.stale == (), "run `make messages`"
    assert found.untranslated == ()
    assert found.copied == ()
    assert found.changed_placeholders == ()


def test_the_hub_speaks_english_french_and_spanish() -> None:
    assert messages.LANGUAGES == ("en", "fr", "es")


@pytest.mark.parametrize("code", TRANSLATIONS)
def test_each_translation_counts_as_its_language_does(code: str) -> None:
    """The catalogue's Plural-Forms is the language's: French says "0 pratique"."""
    held = catalogue._read(messages.catalogue_path(code))
    assert held.plural_forms == Catalog(locale=code).plural_forms
    language = messages.language(code)
    forms = [language.ngettext("%(num)d practice", "%(num)d practices", n) for n in (0, 1, 2)]
    assert forms == {"fr": ["%(num)d pratique", "%(num)d pratique", "%(num)d pratiques"],
                     "es": ["%(num)d prácticas", "%(num)d práctica", "%(num)d prácticas"]}[code]


@pytest.mark.parametrize("code", TRANSLATIONS)
def test_the_messages_kept_as_in_english_are_few_reviewed_and_all_still_needed(code: str) -> None:
    kept = catalogue.SAME_AS_ENGLISH[code]
    held = {m.id: m.string for m in catalogue._read(messages.catalogue_path(code)) if m.id}
    assert len(kept) <= 10
    assert {message for message in kept if held.get(message) != message} == set(), \
        "a reviewed exception that is no longer a message, or no longer the same as English"


def test_a_translation_that_copies_the_english_is_found() -> None:
    assert catalogue.copies_english("Practices", "Practices")
    assert catalogue.copies_english(("%(n)s city", "%(n)s cities"), ("%(n)s ville", "%(n)s cities"))
    assert not catalogue.copies_english("Practices", "Pratiques")
    assert not catalogue.copies_english("CSV", "CSV")
    assert not catalogue.copies_english("%(n)d", "%(n)d")


def test_a_message_may_stay_english_only_in_the_languages_it_was_reviewed_for() -> None:
    assert not catalogue.copies_english("Europe", "Europe", "fr")
    assert catalogue.copies_english("Europe", "Europe", "es")
    assert catalogue.copies_english("Practices", "Practices", "fr")
    assert catalogue.copies_english("Add a source", "Add a source", "es")


def test_a_copied_sentence_fails_the_check_of_a_translated_catalogue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "hub.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
                  'msgid "Europe"\nmsgstr "Europe"\n\n'
                  'msgid "Add a source"\nmsgstr "Add a source"\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "catalogue_path", lambda code: po)
    found = catalogue.problems(REPO, "fr")
    assert found.copied == ("Add a source",)
    assert any("Add a source" in line and "copying the English" in line for line in found.lines())


@pytest.mark.parametrize(("source", "translation"), [
    ("Signed %(pledge)s on %(date)s", "Le %(date)s, a signé %(pledge)s"),
    ("%(done)s of %(total)s (%(share)s%%)", "%(done)s sur %(total)s (%(share)s\u00a0%%)"),
    ("Remove the <{name}> element.", "Retirez l'élément <{name}>."),
    ('<a href="%(url)s">Share one</a>.', '<a href="%(url)s">Partagez-en une</a>.'),
    (("%(num)d practice", "%(num)d practices"), ("%(num)d pratique", "%(num)d pratiques")),
    (("One thing to fix:", "%(num)d things to fix:"),
     ("Une chose à corriger :", "%(num)d choses à corriger :")),
])
def test_a_translation_keeping_every_placeholder_and_tag_passes(
        source: catalogue.MessageText, translation: catalogue.MessageText) -> None:
    assert catalogue.keeps_placeholders(source, translation)


@pytest.mark.parametrize(("source", "translation"), [
    ("Signed %(pledge)s on %(date)s", "A signé %(pledge)s"),  # one left out
    ("Signed %(pledge)s on %(date)s", "A signé %(pledge)s le %(data)s"),  # misspelt
    ("Signed %(pledge)s on %(date)s", "A signé %(pledge)s le %(date)d"),  # another type
    ("Signed %(pledge)s on %(date)s", "A signé %(pledge)s le %(date)s %(date)s"),
    ("%(share)s%%", "%(share)s %"),  # a lone % breaks the formatting
    ("%s of %d", "%d sur %s"),  # positional ones swapped
    ("Remove the <{name}> element.", "Retirez l'élément <{nom}>."),
    ('<a href="%(url)s">Share one</a>.', "<a href='%(url)s'>Partagez-en une</a>."),
    ('<a href="%(url)s">Share one</a>.', '<a href="%(url)s">Partagez-en une.'),
    ("See all <strong>%(num)d</strong>", "Voir les %(num)d"),
    (("%(num)d practice", "%(num)d practices"), ("%(num)d pratique", "des pratiques")),
    (("%(num)d practice", "%(num)d practices"), ("%(n)d pratique", "%(num)d pratiques")),
])
def test_a_translation_that_loses_or_changes_a_placeholder_or_tag_is_found(
        source: catalogue.MessageText, translation: catalogue.MessageText) -> None:
    assert not catalogue.keeps_placeholders(source, translation)


def test_the_check_reports_a_changed_placeholder(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "hub.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
                  'msgid "Signed %(pledge)s"\nmsgstr "A signé %(engagement)s"\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "catalogue_path", lambda code: po)
    found = catalogue.problems(REPO, "fr")
    assert found.changed_placeholders == ("Signed %(pledge)s",)
    assert any("placeholders or markup" in line for line in found.lines())


def test_the_check_reports_a_missing_and_a_stale_message(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    po = tmp_path / "hub.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Gone"\nmsgstr ""\n',
                  encoding="utf-8")
    monkeypatch.setattr(catalogue, "catalogue_path", lambda code: po)
    found = catalogue.problems(REPO, "en")
    assert found.stale == ("Gone",)
    assert "Practices" in found.missing
    assert any("Gone" in line and "no longer used" in line for line in found.lines())


def test_scripts_mark_their_messages_with_t_and_tn(tmp_path: Path) -> None:
    script = tmp_path / "x.js"
    script.write_bytes(b'say(t("Copied")); var re = /t\\("no"/;\n'
                       b'n(tn("%(n)s city", "%(n)s cities", 2));')
    with script.open("rb") as file:
        found = [(f, m) for _, f, m, _ in catalogue.extract_script(file, None, None, None)]
    assert found == [("gettext", "Copied"), ("ngettext", ("%(n)s city", "%(n)s cities"))]


def test_the_pseudo_locale_wraps_every_translated_string() -> None:
    with messages.use(messages.PSEUDO):
        assert messages.gettext("Practices") == "⟦Practices⟧"
        assert messages.ngettext("%(n)s city", "%(n)s cities", 2) == "⟦%(n)s cities⟧"
        assert messages.active().date(dt.date(2018, 12, 10)) == "⟦10 December 2018⟧"
    assert messages.gettext("Practices") == "Practices"


def test_dates_and_numbers_are_written_as_the_language_writes_them() -> None:
    english = messages.language("en")
    assert english.date(dt.date(2018, 12, 10)) == "10 December 2018"
    assert english.number(12345) == "12,345"
    french, spanish = messages.language("fr"), messages.language("es")
    assert french.date(dt.date(2018, 12, 10)) == "10 décembre 2018"
    assert french.date(dt.date(2026, 3, 1)) == "1er mars 2026"
    assert french.number(12345) == "12\u202f345"
    assert spanish.date(dt.date(2018, 12, 1)) == "1 de diciembre de 2018"
    assert spanish.number(12345) == "12.345"


@pytest.mark.parametrize(("code", "expected"), [
    ("fr", {"practices/fair-letting.md": ["Bonne pratique", "En cours depuis 2015",
                                          "Principaux résultats",
                                          "vérifiée par l'équipe éditoriale le 1er février 2026"],
            "pledges/test-declaration.md": ["Texte d'engagement", "1 pratique le met en œuvre",
                                            "(100\u00a0%)"],
            "cities/norby.md": ["0 pratique", "Pas encore\u00a0:"]}),
    ("es", {"practices/fair-letting.md": [
                "Buena práctica", "En curso desde 2015", "Resultados clave",
                "revisada por el equipo editorial el 1 de febrero de 2026"],
            "pledges/test-declaration.md": ["Texto de compromiso", "1 práctica lo implementa"],
            "cities/norby.md": ["0 prácticas", "Todavía no:"]}),
])
def test_the_fixture_site_renders_in_french_and_spanish(code: str,
                                                        expected: dict[str, list[str]]) -> None:
    """Every block of every generated page renders in the language (a placeholder the
    catalogue got wrong would raise here), and reads in it."""
    hub, _ = load_hub(SITE_FIXTURE, include_drafts=False)
    with messages.use(code):
        site = Site(hub, Renderer(REPO))
        pages = {src_uri: "".join(site.fill(src_uri, block.group(0))
                                  for block in MARKER.finditer(page.markdown))
                 for src_uri, page in site.pages.items()}
        titles = {src_uri: page.title for src_uri, page in site.pages.items()}
    assert titles["practices/index.md"] == {"fr": "Pratiques", "es": "Prácticas"}[code]
    for src_uri, phrases in expected.items():
        text = re.sub(r"<[^>]+>", " ", pages[src_uri]).replace("&#39;", "'")
        text = re.sub(r"[ \t\n]+", " ", text)  # spaces, not the French no-break ones
        assert [phrase for phrase in phrases if phrase not in text] == [], src_uri
    assert messages.gettext("Practices") == "Practices"


def test_a_language_without_a_catalogue_is_refused() -> None:
    with pytest.raises(ValueError, match="no catalogue"):
        messages.language("xx")
