"""The site in English, French and Spanish: /, /fr/ and /es/ with the same addresses.

The fixture site has a French translation of the practice ``fair-letting``
and a partial Spanish translation of the pledge ``test-charter``, both made
by the hub (unofficial); everything else is in English only.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from search_engines import compare, differences, rankings
from test_search_engine import site_queries
from test_submit import fill_minimal, visit

from cityhub import messages
from cityhub.build import robots_txt
from cityhub.cli import main
from cityhub.content.loader import load_hub
from cityhub.site.search_engine import PrebuiltSearch
from conftest import SITE_FIXTURE, build_site, make_site
from conftest import visit as open_page

PAGES = ("", "practices/", "practices/fair-letting/", "practices/housing-advice/",
         "cities/exampleton/", "pledges/test-charter/", "about/", "submit/")


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_page_is_at_the_same_address_in_each_language(built_site: Path,
                                                           lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    for url in PAGES:
        html = page(built_site, prefix + url)
        assert f'<html lang="{lang}"' in html, prefix + url


def test_the_navigation_and_materials_own_words_are_in_the_pages_language(
        built_site: Path) -> None:
    french = page(built_site, "fr/")
    tabs = re.findall(r'md-tabs__link">\s*([^<]*?)\s*<', french)
    assert tabs[:3] == ["Accueil", "Pratiques", "Villes"]
    assert "Données ouvertes" in tabs and "Proposer une pratique" in tabs
    assert 'placeholder="Rechercher"' in french  # Material's French
    spanish = page(built_site, "es/")
    assert re.findall(r'md-tabs__link">\s*([^<]*?)\s*<', spanish)[:2] == ["Inicio", "Prácticas"]
    assert 'placeholder="Búsqueda"' in spanish


@pytest.mark.parametrize("url", ["fr/practices/fair-letting/", "practices/fair-letting/",
                                 "es/pledges/test-charter/", "fr/"])
def test_the_language_selector_leads_to_the_same_page_in_each_language(
        built_site: Path, url: str) -> None:
    html = page(built_site, url)
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" '
                       r'class="md-select__link"( aria-current="page")?', html)
    path = "/" + url.split("/", 1)[1] if url[:3] in ("fr/", "es/") else "/" + url
    current = url[:2] if url[:3] in ("fr/", "es/") else "en"
    resolved = {lang: urljoin("http://hub.test/" + url, href).removeprefix("http://hub.test")
                for href, lang, _ in links}
    assert resolved == {"en": path, "fr": "/fr" + path, "es": "/es" + path}
    assert [lang for _, lang, mark in links if mark] == [current]


def test_an_untranslated_practice_is_shown_in_its_own_language_under_a_notice(
        built_site: Path) -> None:
    html = article(page(built_site, "fr/practices/housing-advice/"))
    assert "Cette pratique n&#39;existe qu&#39;en anglais." in html \
        or "Cette pratique n'existe qu'en anglais." in html
    assert re.search(r'<h1 id="[^"]+" lang="en">Housing Advice Desk', html)
    assert '<p class="hub-lead" lang="en">' in html
    # the interface around it is French
    assert "Bonne pratique" in html and "Royaume-Uni" in html


def test_a_translated_practice_shows_the_translation_and_who_made_it(built_site: Path) -> None:
    html = article(page(built_site, "fr/practices/fair-letting/"))
    words = text(html)
    assert "Traduction non officielle de l'anglais par Inclusive Cities Hub" in words.replace(
        "&#39;", "'")
    # the title is translated: the theme writes it, with no language of its own
    assert re.search(r'<h1>Bureau de la location équitable</h1>', html)
    assert '<p class="hub-lead">' in html  # the summary is translated
    # what the translation leaves out stays in English, marked so
    assert re.search(r'<dd lang="en">Exampleton Tenants', html)
    english = article(page(built_site, "practices/fair-letting/"))
    assert ' lang="' not in english.replace('lang="fr"', "")


def test_a_pledge_translated_by_the_hub_is_labelled_unofficial(built_site: Path) -> None:
    html = article(page(built_site, "es/pledges/test-charter/"))
    words = text(html)
    assert "Traducción no oficial del inglés" in words
    assert "Traducción no oficial: el texto del documento está en inglés." in words
    quotes = re.findall(r'<blockquote class="hub-commitment-text"( lang="en")?>', html)
    assert "" in quotes and ' lang="en"' in quotes  # one commitment translated, others not
    french = article(page(built_site, "fr/pledges/test-charter/"))
    assert re.search(r'<h3 id="vigilance" lang="en">Greater vigilance', french)
    spanish_titles = re.findall(r'<h3 id="[a-z-]+"( lang="en")?>', html)
    assert "" in spanish_titles and ' lang="en"' in spanish_titles
    # Not in French, but in Spanish: the notice says so and links it.
    assert "Pas encore de traduction en français ; disponible aussi en " in french
    assert 'hreflang="es" lang="es">espagnol</a>' in french


def test_a_hand_written_page_without_translation_says_so(built_site: Path) -> None:
    html = article(page(built_site, "fr/performance/"))
    assert "Cette page n" in html and "existe qu" in html
    assert '<div lang="en">' in html
    assert "Cette page" not in article(page(built_site, "performance/"))


def test_a_hand_written_page_shows_its_translation_or_its_widgets_under_a_notice(
        site_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPO_URL", "https://github.com/example/hub")
    (site_root / "docs" / "about.fr.md").unlink()
    site = build_site(site_root, languages="en fr")
    about = article(page(site, "fr/about/"))
    assert '<div lang="en">' in about
    # its widgets are filled as on the English page, with the page's words
    assert "<!-- hub:" not in about and "Test Charter of Inclusive Towns" in about
    home = page(site, "fr/")
    assert "https://github.com/example/hub/edit/main/docs/index.fr.md" in home
    assert '<div lang="en">' not in article(home)
    assert not (site / "es").exists() and not (site / "about.fr").exists()


def test_the_sitemap_names_every_page_in_every_language(built_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for sitemap, prefix in (("sitemap.xml", ""), ("fr/sitemap.xml", "fr/")):
        root = ET.parse(built_site / sitemap).getroot()
        entries = {url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
            for url in root.findall("s:url", ns)}
        home = "http://127.0.0.1:8000/"
        alternates = entries[f"{home}{prefix}practices/fair-letting/"]
        assert alternates == {"en": f"{home}practices/fair-letting/",
                              "fr": f"{home}fr/practices/fair-letting/",
                              "es": f"{home}es/practices/fair-letting/",
                              "x-default": f"{home}practices/fair-letting/"}


def test_robots_names_each_languages_sitemap() -> None:
    assert robots_txt("https://hub.example.org/", ("en", "fr", "es")).decode().splitlines()[2:] == [
        "Sitemap: https://hub.example.org/sitemap.xml",
        "Sitemap: https://hub.example.org/fr/sitemap.xml",
        "Sitemap: https://hub.example.org/es/sitemap.xml"]


def test_the_feed_and_the_listings_are_in_the_pages_language(built_site: Path) -> None:
    feed = ET.parse(built_site / "fr" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert "Bureau de la location équitable" in titles and "Housing Advice Desk" in titles
    listing = article(page(built_site, "fr/practices/"))
    assert '<a href="../practices/fair-letting/">Bureau de la location équitable</a>' in listing
    assert '<a href="../practices/housing-advice/" lang="en">Housing Advice Desk</a>' in listing
    assert ">Logement<" in listing  # the themes' French labels (data/themes.yml)


def test_the_open_data_is_the_same_in_every_language_but_its_links(built_site: Path) -> None:
    root = (built_site / "data" / "practices.json").read_text(encoding="utf-8")
    french = (built_site / "fr" / "data" / "practices.json").read_text(encoding="utf-8")
    assert french.replace("http://127.0.0.1:8000/fr/", "http://127.0.0.1:8000/") == root


def test_the_search_index_of_each_language_stems_with_its_language_and_english(
        built_site: Path) -> None:
    for lang in ("fr", "es"):
        index = json.loads((built_site / lang / "search" / "search_index.json").read_text())
        assert index["config"]["lang"] == [lang, "en"]
    french = json.loads((built_site / "fr" / "search" / "search_index.json").read_text())
    titles = {doc["location"]: doc["title"] for doc in french["docs"]}
    assert titles["practices/fair-letting/"] == "Bureau de la location équitable"


def test_countries_and_vocabularies_are_named_in_the_pages_language() -> None:
    hub, _ = load_hub(SITE_FIXTURE, include_drafts=False)
    with messages.use("fr"):
        french = hub.in_language("fr")
        assert list(french.cities_by_country) == ["GB"] or "GB" in french.cities_by_country
        practice = french.practices["fair-letting"]
        assert practice.title == "Bureau de la location équitable"
        assert french.written_in(practice) == "fr"
        assert french.written_in(practice, "partners") == "en"
        untranslated = french.practices["housing-advice"]
        assert french.written_in(untranslated, "summary") == "en"
    assert hub.in_language("en") is hub
    assert hub.written_in(hub.practices["fair-letting"]) == "en"


def test_a_build_makes_only_the_languages_asked_for(site_root: Path) -> None:
    site = build_site(site_root, languages="en")
    assert (site / "index.html").is_file() and not (site / "fr").exists()
    assert "md-select__link" not in page(site, "")


#: what a visitor of /fr/ types: French words of the translated practice,
#: English words of the pages not yet translated, accents and none
FRENCH_QUERIES = ["logement", "logements", "discrimination", "locataire", "formée",
                  "location équitable", "equitable", "Bureau", "locataires",
                  "discriminations", "agences de location", "Exampleton", "housing",
                  "Royaume-Uni", "Test Charter", "mentors", "égalité", "+location -bureau"]


@pytest.mark.browser
def test_the_french_site_answers_as_materials_search_in_french(
        browser: Any, served_site: str, built_site: Path) -> None:
    """The French site's prebuilt index answers as Material's own search does
    with lunr's French and English pipelines; French words find the French
    translation, English words the pages not yet translated."""
    site = built_site / "fr"
    results = compare(browser, site, served_site + "fr/", FRENCH_QUERIES + site_queries(site))
    assert differences(results) == []
    found = {entry["query"]: [item["location"] for group in entry["hub"]["items"]
                              for item in group] for entry in results}
    assert found["locataires"][0].startswith("practices/fair-letting/")
    assert found["equitable"][0].startswith("practices/fair-letting/")
    assert any(location.startswith("practices/housing-advice/") for location in found["housing"])
    search = PrebuiltSearch.of_site(site)
    for entry in results[:len(FRENCH_QUERIES)]:
        ranked, expected = rankings(search, entry)
        assert ranked == expected, entry["query"]


def test_hub_search_answers_in_the_language_asked(built_site: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "locataires", "--site", str(built_site), "--lang", "fr"]) == 0
    assert "Bureau de la location équitable  /practices/fair-letting/" in capsys.readouterr().out
    assert main(["search", "locataires", "--site", str(built_site)]) == 0
    assert "fair-letting" not in capsys.readouterr().out


def test_the_frame_of_every_page_speaks_the_pages_language(built_site: Path) -> None:
    """The words around the content: the footer, Material's credit, headings'
    permanent links, the site's description, a pledge's headings, numbers."""
    french = page(built_site, "fr/pledges/test-charter/")
    assert "Le contenu est publié sous licence CC BY 4.0" in french
    assert "Réalisé avec <a" in french and "Made with" not in french
    assert 'title="Lien permanent"' in french and "Permanent link" not in french
    assert re.search(r'<h2 [^>]*id="pledge-signatories"[^>]*>Signataires', french)
    assert 'content="Ce que les villes font concrètement' in page(built_site, "fr/")
    city = article(page(built_site, "fr/cities/exampleton/"))
    assert re.search(r"\d+,\d{3}° N", city) and not re.search(r"\d+\.\d{3}° N", city)
    english = page(built_site, "pledges/test-charter/")
    assert "Made with <a" in english and 'title="Permanent link"' in english


@pytest.mark.browser
def test_the_french_form_writes_a_practice_in_french_unless_told_otherwise(
        browser: Any, served_site: str, built_site: Path, tmp_path: Path) -> None:
    """/fr/submit/ starts on French, and a file made there says ``lang: fr``;
    the English form writes no ``lang`` (English is the default)."""
    page, _, errors = visit(browser, served_site + "fr/")
    assert page.locator("#hub-submit-lang").input_value() == "fr"
    fill_minimal(page, "Bureaux d'accueil")
    page.get_by_role("button", name="Vérifier et créer le fichier").click()
    page.locator("#hub-submit-result").wait_for()
    text = page.locator("#hub-submit-file").input_value()
    assert "\nlang: fr\n" in text
    root = make_site(tmp_path / "repo")
    name = page.locator("#hub-submit-filename").inner_text()
    (root / name).write_text(text, encoding="utf-8")
    hub, problems = load_hub(root)
    assert problems.report_lines() == []
    assert hub.practices[Path(name).stem].lang == "fr"
    page.select_option("#hub-submit-lang", "")
    page.get_by_role("button", name="Vérifier et créer le fichier").click()
    page.locator("#hub-submit-result").wait_for()
    assert not re.search(r"(?m)^lang:", page.locator("#hub-submit-file").input_value())
    assert errors == []
    page.context.close()
    english, _, _ = visit(browser, served_site)
    assert english.locator("#hub-submit-lang").input_value() == ""
    english.context.close()


def test_a_name_kept_in_english_in_a_translation_stays_marked_english() -> None:
    """A network with no name of its own in French keeps its English label
    beside a French description: the label is still English to a screen reader."""
    from cityhub.content.vocab import Term, TermText, Vocabulary
    networks = Vocabulary("networks", "data/networks.yml", {
        "gpm": Term("gpm", "Global Parliament of Mayors", "Mayors.",
                    translations={"fr": TermText("Global Parliament of Mayors", "Des maires.")}),
        "uclg": Term("uclg", "United Cities and Local Governments", "Cities.",
                     translations={"fr": TermText("Cités et Gouvernements Locaux Unis")})},
        {"gpm", "uclg"}, loaded=True)
    french = networks.in_language("fr").terms
    assert (french["gpm"].description, french["gpm"].lang) == ("Des maires.", "en")
    assert (french["uclg"].label, french["uclg"].description, french["uclg"].lang) == (
        "Cités et Gouvernements Locaux Unis", "Cities.", "fr")


@pytest.mark.browser
def test_the_explore_page_filters_in_spanish(browser: Any, served_site: str) -> None:
    """On /es/ the facets carry the Spanish labels, the count speaks Spanish,
    a choice filters the cards and lives in the address, and a download
    gives the practices shown."""
    page_, foreign, errors = open_page(browser, served_site + "es/practices/")
    housing = page_.locator('input[name="theme"][value="housing"]')
    assert page_.locator("label", has=housing).inner_text().startswith("Vivienda")
    housing.check()
    assert sorted(page_.locator(".hub-card:visible").evaluate_all(
        "cards => cards.map(card => card.dataset.practice)")) == ["fair-letting", "housing-advice"]
    assert "theme=housing" in page_.url and "/es/practices/" in page_.url
    count = page_.locator("#hub-result-count").inner_text()
    assert count.startswith("2 prácticas coinciden con los filtros"), count
    # The French translation's title on a Spanish page stays in English, marked so.
    card = page_.locator('[data-practice="fair-letting"]')
    assert card.locator("[lang=en]").count() >= 1
    page_.get_by_role("button", name="Quitar los filtros").click()
    page_.locator('[data-practice="school-mentors"]').wait_for(state="visible")
    assert foreign == [] and errors == []
    page_.context.close()


def test_counts_agree_with_their_number_in_every_language(built_site: Path) -> None:
    """"1 ville participante sur 2 a une pratique", not "1 villes … ont"."""
    french = text(article(page(built_site / "fr", "progress/")))
    assert re.search(r"\b1 ville participante sur \d+ a une pratique", french), french[:600]
    assert not re.search(r"\b1 (villes|engagements)\b", french)
    spanish = text(article(page(built_site / "es", "progress/")))
    assert not re.search(r"\b1 de \d+ ciudades participantes tienen\b", spanish)


def test_a_page_not_in_its_language_links_the_translations_there_are(built_site: Path) -> None:
    """On /es/ the practice translated into French only says so and links the
    French page; its sources, never translated, are marked English."""
    html = article(page(built_site / "es", "practices/fair-letting/"))
    assert "Aún sin traducción al español; también disponible en " in html
    link = re.search(r'<a href="([^"]+)" hreflang="fr" lang="fr">francés</a>', html)
    assert link, html[:1500]
    target = urljoin("https://hub.example/es/practices/fair-letting/", link.group(1))
    assert target == "https://hub.example/fr/practices/fair-letting/"
    assert '<ol class="hub-sources" lang="en">' in html
    assert '<ol class="hub-sources">' in article(page(built_site, "practices/fair-letting/"))
    # Its link to translate leads to the section on translating, in Spanish.
    assert '<a href="../../contribute/#translate">' in html
    assert 'id="translate"' in page(built_site / "es", "contribute/")
    # Without a translation anywhere else, the notice says only English.
    advice = article(page(built_site / "es", "practices/housing-advice/"))
    assert "solo está disponible en inglés" in advice and "también disponible" not in advice


def test_the_interfaces_last_english_words_are_translated(built_site: Path) -> None:
    """The colour scheme's toggle (mkdocs.yml) and the form's status choices."""
    french = page(built_site / "fr", "")
    assert "Passer au mode sombre" in french and "Switch to dark mode" not in french
    form = page(built_site / "es", "submit/")
    for label in ("Prevista", "Piloto", "En curso", "Finalizada"):
        assert f">{label}</option>" in form or f'"{label}"' in form, label
    assert ">completed</option>" not in form


@pytest.mark.browser
def test_the_language_selector_keeps_the_explore_pages_filters(browser: Any,
                                                               served_site: str) -> None:
    page_, _, errors = open_page(browser, served_site + "es/practices/?theme=housing")
    page_.locator('details[data-facet="status"] summary').click()
    page_.locator('input[name="status"][value="ongoing"]').check()
    french = page_.locator('a.md-select__link[hreflang="fr"]')
    assert french.get_attribute("href").endswith("fr/practices/?theme=housing&status=ongoing")
    french.dispatch_event("click")
    page_.wait_for_url("**/fr/practices/?theme=housing&status=ongoing")
    page_.locator("#hub-filters").wait_for(state="visible")
    assert page_.locator('input[name="theme"][value="housing"]').is_checked()
    assert errors == []
    page_.context.close()
