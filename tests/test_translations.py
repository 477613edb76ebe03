"""Content in its own language, translations beside it: what the hub knows.

The fixture site has a French translation of the practice fair-letting
(title, summary, results and body) and a Spanish translation of the pledge
test-charter (title, summary, two of its three commitments, one with its
text). Every page in another language will ask the hub for a field "in
French, else the original with its language": these tests hold it to that.
The rules a translation file must follow are in tests/fixtures/bad/translation*.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cityhub.content.loader import load_hub
from cityhub.content.translations import FileName, Localized, read_file_name
from conftest import SITE_FIXTURE


def write(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")


UNOFFICIAL = "translation: unofficial\ntranslated_by: A. Translator\ntranslated: 2026-03-01\n"


def test_a_translation_is_no_content_file_of_its_own() -> None:
    hub, problems = load_hub(SITE_FIXTURE, include_drafts=True)
    assert not problems, problems.report_lines()
    assert "fair-letting.fr" not in hub.practices and "test-charter.es" not in hub.pledges
    assert {key: list(by_lang) for key, by_lang in hub.translations.items()} == {
        ("pledges", "test-charter"): ["es"], ("practices", "fair-letting"): ["fr"]}


def test_a_field_in_a_language_is_the_translation_else_the_original_with_its_language() -> None:
    hub, _ = load_hub(SITE_FIXTURE)
    practice = hub.practices["fair-letting"]
    french = hub.text_in(practice, "title", "fr")
    assert french == Localized("Bureau de la location équitable", "fr",
                               hub.translation(practice, "fr"))
    assert french.translated and french.translation is not None
    assert french.translation.translated_by == "Inclusive Cities Hub"
    assert french.translation.translated == dt.date(2026, 2, 2)
    assert not french.translation.official
    assert hub.text_in(practice, "title", "es") == Localized("Fair Letting Office", "en")
    assert hub.text_in(practice, "title", "en") == Localized("Fair Letting Office", "en")
    assert hub.text_in(practice, "body", "fr").value.startswith("## Contexte")
    assert hub.list_in(practice, "results", "fr").value == ("Agences de location formées.",)
    # Partners are not translated: the original's, in English.
    assert hub.list_in(practice, "partners", "fr") == \
        Localized(("Exampleton Tenants' Union",), "en")


def test_a_commitment_falls_back_field_by_field() -> None:
    hub, _ = load_hub(SITE_FIXTURE)
    pledge = hub.pledges["test-charter"]
    vigilance, fair_housing, education = pledge.commitments
    assert hub.commitment_in(pledge, vigilance, "text", "es").value == \
        "Crear una red de vigilancia y solidaridad contra el racismo."
    # Title translated, text not (yet): the text stays the document's own, in English.
    assert hub.commitment_in(pledge, fair_housing, "title", "es").lang == "es"
    assert hub.commitment_in(pledge, fair_housing, "text", "es") == \
        Localized("Fight discrimination in the letting and sale of housing.", "en")
    assert hub.commitment_in(pledge, education, "note", "es") == \
        Localized("The charter's second edition shortens this point.", "en")
    assert hub.commitment_in(pledge, vigilance, "note", "es") == Localized(None, "en")


def test_content_written_in_another_language_is_the_original_in_it(site_root: Path) -> None:
    practice = site_root / "practices" / "housing-advice.md"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "status: pilot", "status: pilot\nlang: es"), encoding="utf-8")
    write(site_root, "practices/housing-advice.en.md",
          f"---\ntitle: Housing advice, in English\nsummary: Advice.\n{UNOFFICIAL}---\n")
    hub, problems = load_hub(site_root)
    assert not problems, problems.report_lines()
    advice = hub.practices["housing-advice"]
    assert advice.lang == "es"
    assert hub.text_in(advice, "summary", "fr").lang == "es"
    assert hub.text_in(advice, "title", "en").value == "Housing advice, in English"
    assert advice not in hub.untranslated("es")
    assert advice not in hub.untranslated("en")
    assert advice in hub.untranslated("fr")


def test_a_city_is_named_in_a_language_by_its_translation_or_its_other_names(
        site_root: Path) -> None:
    write(site_root, "cities/exampleton.fr.md", f"---\nname: Exempleville\n{UNOFFICIAL}---\n")
    hub, problems = load_hub(site_root)
    assert not problems, problems.report_lines()
    assert hub.text_in(hub.cities["exampleton"], "name", "fr") == Localized(
        "Exempleville", "fr", hub.translation(hub.cities["exampleton"], "fr"))
    # No translation file, but a Spanish name among the other names.
    assert hub.text_in(hub.cities["sao-exemplo"], "name", "es") == Localized("San Ejemplo", "es")
    assert hub.text_in(hub.cities["norby"], "name", "fr") == Localized("Norby", "en")
    # In its file's language a city keeps its own name, whatever its other names.
    city = site_root / "cities" / "sao-exemplo.md"
    city.write_text(city.read_text(encoding="utf-8").replace(
        "  - {name: San Ejemplo, lang: es}\n",
        "  - {name: San Ejemplo, lang: es}\n  - {name: Saint Example, lang: en}\n"),
        encoding="utf-8")
    hub, problems = load_hub(site_root)
    assert not problems, problems.report_lines()
    assert hub.text_in(hub.cities["sao-exemplo"], "name", "en") == Localized("São Exemplo", "en")
    # A city translated without a body keeps its own profile.
    assert hub.text_in(hub.cities["exampleton"], "body", "fr").lang == "en"


def test_what_is_not_translated_yet_per_language() -> None:
    hub, _ = load_hub(SITE_FIXTURE)
    # São Exemplo has no profile: nothing to translate (its Spanish name is an other name).
    assert [item.source_path for item in hub.untranslated("fr")] == [
        "cities/exampleton.md", "cities/norby.md",
        "pledges/test-declaration.md", "pledges/test-charter.md",
        "practices/housing-advice.md", "practices/school-mentors.md"]
    assert "pledges/test-charter.md" not in [i.source_path for i in hub.untranslated("es")]
    assert hub.untranslated("en") == []


def test_a_drafts_translation_is_shown_with_it_and_keeps_a_drafts_leeway(
        site_root: Path) -> None:
    # An empty section is fine in a draft's translation, as in the draft itself.
    write(site_root, "practices/unfinished.es.md",
          f"---\ntitle: Borrador\nsummary: Un borrador.\n{UNOFFICIAL}---\n## Resultados\n")
    preview, problems = load_hub(site_root, include_drafts=True)
    assert not problems, problems.report_lines()
    assert "es" in preview.translations_of(preview.practices["unfinished"])
    assert ("practices", "unfinished") not in preview.published.translations


def test_a_translation_of_a_file_with_errors_waits_for_it(site_root: Path) -> None:
    practice = site_root / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "status: ongoing", "status: going"), encoding="utf-8")
    hub, problems = load_hub(site_root)
    assert [p.path for p in problems] == ["practices/fair-letting.md"]
    assert ("practices", "fair-letting") not in hub.translations


def test_a_translation_with_errors_is_left_out_and_its_original_shown(site_root: Path) -> None:
    write(site_root, "practices/fair-letting.fr.md",
          "---\ntitle: Bureau\nsummary: Un bureau.\ntranslation: unofficial\n---\n")
    hub, problems = load_hub(site_root)
    assert {p.path for p in problems} == {"practices/fair-letting.fr.md"}
    practice = hub.practices["fair-letting"]
    assert hub.translation(practice, "fr") is None
    assert hub.text_in(practice, "title", "fr") == Localized("Fair Letting Office", "en")


def test_an_official_translation_names_where_the_network_published_it(site_root: Path) -> None:
    write(site_root, "pledges/test-declaration.fr.md",
          "---\ntitle: Déclaration d'essai\nsummary: Une déclaration.\ntranslation: official\n"
          "translated_by: Example Network\ntranslated: 2018-12-10\n"
          "source: https://example.org/declaration-fr\n---\n")
    hub, problems = load_hub(site_root)
    assert not problems, problems.report_lines()
    translation = hub.translation(hub.pledges["test-declaration"], "fr")
    assert translation is not None and translation.official
    assert translation.source == "https://example.org/declaration-fr"


def test_vocabulary_labels_in_a_language(site_root: Path) -> None:
    """The fixture's themes.yml translates 'housing' into French (label and
    description) and Spanish (label only), and not 'education'."""
    hub, problems = load_hub(site_root)
    assert not problems, problems.report_lines()
    assert hub.themes.label_in("housing", "fr") == Localized("Logement", "fr")
    assert hub.themes.label_in("housing", "es") == Localized("Vivienda", "es")
    assert hub.themes.label_in("education", "es") == Localized("Education", "en")
    assert hub.themes.label("housing") == "Housing"
    assert hub.themes.terms["housing"].translations["fr"].description == "L'accès au logement."
    spanish = hub.themes.in_language("es").terms
    assert (spanish["housing"].label, spanish["housing"].description,
            spanish["housing"].lang) == ("Vivienda", "Fair access to housing.", "es")
    assert (spanish["education"].label, spanish["education"].lang) == ("Education", "en")


def test_file_names_say_the_slug_and_the_language() -> None:
    assert read_file_name("fair-letting") == FileName("fair-letting")
    assert read_file_name("fair-letting.fr") == FileName("fair-letting", "fr")
    assert read_file_name("fair-letting.en") == FileName("fair-letting", "en")
    assert isinstance(read_file_name("fair-letting.de"), str)
    assert isinstance(read_file_name("fair-letting.pt-BR"), str)
    assert read_file_name("Fair_Letting") is None
    assert read_file_name("fair-letting.fr.fr") is None
    assert read_file_name("fair-letting.draft1") is None
