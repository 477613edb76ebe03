"""The interface's words go through one catalogue, which stays in step with the source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cityhub import messages
from cityhub.messages import catalogue
from conftest import REPO


@pytest.mark.parametrize("code", messages.LANGUAGES)
def test_each_catalogue_holds_every_message_of_the_interface_and_no_other(code: str) -> None:
    found = catalogue.problems(REPO, code)
    assert found.missing == (), "run `make messages`"
    assert found.stale == (), "run `make messages`"
    assert found.untranslated == ()
    assert found.copied == ()


def test_a_translation_that_copies_the_english_is_found() -> None:
    assert catalogue.copies_english("Practices", "Practices")
    assert catalogue.copies_english(("%(n)s city", "%(n)s cities"), ("%(n)s ville", "%(n)s cities"))
    assert not catalogue.copies_english("Practices", "Pratiques")
    assert not catalogue.copies_english("CSV", "CSV")
    assert not catalogue.copies_english("%(n)d", "%(n)d")


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


def test_a_language_without_a_catalogue_is_refused() -> None:
    with pytest.raises(ValueError, match="no catalogue"):
        messages.language("xx")
