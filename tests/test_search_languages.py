"""The index's terms are the browser's, in English, French and Spanish.

The search box turns each word into a term with lunr.js and, for French and
Spanish, the lunr-languages files that Material ships; an index built in
Python answers a visitor only if it makes the very same terms. These tests run
thousands of words of each language through :mod:`cityhub.site.search_languages`
and through lunr builders set up in Chromium exactly as Material's search
worker sets them up, configuration by configuration, and name every word
whose terms differ.

The words (distinct, lower-cased as the search box lowers them, split at the
hub's separator): Babel's locale data for the language (territory, language,
script, currency, unit, month and time zone names and patterns), pycountry's
names and translations, a sample of the Snowball stemmers' own test
vocabulary (tests/fixtures/search_words/), the hub's stop words, and edge
cases: elisions with either apostrophe, digits, hyphenated words' parts,
guillemets, ligatures, combining accents, emoji. With the pinned packages:
English 13,367 words, French 12,313, Spanish 10,497.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import material
import mkdocs
import pycountry
import pytest
from babel import localedata
from babel.messages.mofile import read_mo

from cityhub.site.search import SEPARATOR
from cityhub.site.search_languages import (
    ENGLISH_STOP_WORDS,
    FRENCH_STOP_WORDS,
    LATIN_WORD_CHARACTERS,
    SPANISH_STOP_WORDS,
    as_code_units,
    from_code_units,
    porter_stem,
    search_pipelines,
)

LUNR = Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"
LUNR_LANGUAGES = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
SCRIPTS = (LUNR, *(LUNR_LANGUAGES / f"lunr.{name}.min.js"
                   for name in ("stemmer.support", "fr", "es", "multi")))
WORKER = next((Path(material.__file__).parent / "templates/assets/javascripts/workers")
              .glob("search.*.min.js"))
WORDS = Path(__file__).parent / "fixtures" / "search_words"

ALL = ("trimmer", "stopWordFilter", "stemmer")
CONFIGURATIONS = (
    (("en",), ("stopWordFilter",)),  # the hub's English site today
    (("en",), ALL), (("fr",), ALL), (("es",), ALL), (("fr", "en"), ALL), (("es", "en"), ALL),
    (("fr", "en"), ("stopWordFilter",)), (("es",), ("stemmer",)),
)
STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "fr": FRENCH_STOP_WORDS, "es": SPANISH_STOP_WORDS}
#: words that tell trimmers, stop word filters and stemmers apart, in every list
EDGE_CASES = (
    "l'égalité", "l\u2019égalité", "d'accueil", "qu'il", "aujourd'hui", "c'est", "à", "dire",
    "«logement»", "(barcelone)", "¿qué", "¡hola!", "ciudad.", "œuvre", "cœur", "naïve", "noël",
    "archaïque", "bijoux", "educacion", "straße", "ﬁnance", "\uff50\uff41\uff52\uff49\uff53",
    "ⅻe", "2024", "3.5", "1er", "xxᵉ", "covid", "19", "café", "cafe\u0301", "i\u0307stanbul",
    "«", "—", "...", "'",
    "😀", "a😀s", "café😀", "😀é", "🇫🇷", "housing", "lay", "try", "abbey", "yes", "yield",
    "generalizations", "oscillators", "relational", "agreed", "hopping", "filing", "sky",
)

# Material's search worker (Material 9.x integrations/search/_/index.ts), the
# lines that set up the pipelines; the builder is taken before lunr() builds.
BUILD_AS_MATERIAL = """(configurations) => JSON.stringify(JSON.parse(configurations).map(
    ([langs, pipeline, words]) => {
  let builder
  lunr(function () {
    if (langs.length === 1 && langs[0] !== "en") this.use(lunr[langs[0]])
    else if (langs.length > 1) this.use(lunr.multiLanguage(...langs))
    const fns = ["trimmer", "stopWordFilter", "stemmer"].filter(fn => !pipeline.includes(fn))
    for (const lang of langs.map(l => l === "en" ? lunr : lunr[l]))
      for (const fn of fns) { this.pipeline.remove(lang[fn]); this.searchPipeline.remove(lang[fn]) }
    builder = this
  })
  const run = p => words.map(word => p.run([new lunr.Token(word, {})]).map(String))
  return {labels: [builder.pipeline.toJSON(), builder.searchPipeline.toJSON()],
          index: run(builder.pipeline), search: run(builder.searchPipeline)}
}))"""


def _leaves(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict) or hasattr(data, "values"):
        return [text for value in data.values() for text in _leaves(value)]
    if isinstance(data, list | tuple):
        return [text for value in data for text in _leaves(value)]
    return []


def _pycountry_texts(lang: str) -> list[str]:
    """Names of countries, their subdivisions, currencies and scripts (not the
    thousands of language names: few are words of the language)."""
    if lang == "en":
        databases = (pycountry.countries, pycountry.subdivisions, pycountry.currencies,
                     pycountry.scripts)
        return [record.name for database in databases for record in database]
    texts = []
    for domain in ("iso3166-1", "iso3166-2", "iso4217", "iso15924"):
        catalogue = Path(pycountry.LOCALES_DIR) / lang / "LC_MESSAGES" / f"{domain}.mo"
        with catalogue.open("rb") as stream:
            texts += [m.string for m in read_mo(stream) if m.id and isinstance(m.string, str)]
    return texts


@cache
def words_of(lang: str) -> tuple[str, ...]:
    """The distinct test words of a language, sorted."""
    texts = _leaves(localedata.load(lang)) + _pycountry_texts(lang)
    texts += (WORDS / f"snowball-{lang}.txt").read_text(encoding="utf-8").splitlines()
    texts += [*STOP_WORDS[lang], *EDGE_CASES]
    separator = re.compile(SEPARATOR)
    return tuple(sorted({word for text in texts for word in separator.split(text.lower()) if word}))


def words_for(langs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({word for lang in langs for word in words_of(lang)}))


@pytest.fixture(scope="module")
def browser_terms(browser: Any) -> dict[tuple[tuple[str, ...], tuple[str, ...]], Any]:
    """Each configuration's pipelines run by lunr.js in Chromium over its words,
    in one page evaluation: a blank page with the scripts, no network."""
    page = browser.new_context().new_page()
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    configurations = [[list(langs), list(pipeline), list(words_for(langs))]
                      for langs, pipeline in CONFIGURATIONS]
    results = json.loads(page.evaluate(BUILD_AS_MATERIAL, json.dumps(configurations)))
    page.context.close()
    return dict(zip(CONFIGURATIONS, results, strict=True))


def test_every_language_is_tested_on_thousands_of_words() -> None:
    counts = {lang: len(words_of(lang)) for lang in ("en", "fr", "es")}
    assert min(counts.values()) >= 5_000, counts


@pytest.mark.browser
@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=lambda c: "+".join(c[0]) + ":"
                         + ",".join(c[1]))
def test_python_makes_the_browsers_terms(
        configuration: tuple[tuple[str, ...], tuple[str, ...]], browser_terms: Any) -> None:
    langs, pipeline = configuration
    python = search_pipelines(langs, pipeline)
    browser = browser_terms[configuration]
    assert [list(python.index_labels), list(python.search_labels)] == browser["labels"]
    for kind, run in (("index", python.index), ("search", python.search)):
        differing = [(word, expected, run(word)) for word, expected
                     in zip(words_for(langs), browser[kind], strict=True) if run(word) != expected]
        assert not differing, (f"{len(differing)} words' {kind} terms differ "
                               f"(word, browser, Python): {differing[:40]}")


def _shipped_stop_words(script: Path) -> set[str]:
    quoted = re.search(r'stopWordFilter=\w+\.generateStopWordFilter\("([^"]*)"',
                       script.read_text(encoding="utf-8"))
    assert quoted, f"{script.name}: no stop word list found"
    return set(quoted[1].split(" "))


def test_the_stop_words_and_letters_are_those_the_browser_loads() -> None:
    lunr_js = LUNR.read_text(encoding="utf-8")
    english = lunr_js[lunr_js.index("lunr.stopWordFilter = lunr.generateStopWordFilter(["):]
    assert set(re.findall(r"'(\w+)'", english[:english.index("])")])) == ENGLISH_STOP_WORDS
    assert _shipped_stop_words(LUNR_LANGUAGES / "lunr.fr.min.js") == FRENCH_STOP_WORDS
    assert _shipped_stop_words(LUNR_LANGUAGES / "lunr.es.min.js") == SPANISH_STOP_WORDS
    for lang in ("fr", "es"):
        script = (LUNR_LANGUAGES / f"lunr.{lang}.min.js").read_text(encoding="utf-8")
        assert f'wordCharacters="{LATIN_WORD_CHARACTERS}"' in script, lang


def test_materials_worker_sets_up_lunr_as_these_tests_do() -> None:
    # Fails when a Material release changes how its worker puts the pipelines
    # together: compare BUILD_AS_MATERIAL and search_languages with the new worker.
    worker = WORKER.read_text(encoding="utf-8")
    for pattern in (r'\.lang\.length===1&&\w+\.lang\[0\]!=="en"\?'
                    r'this\.use\(lunr\[\w+\.lang\[0\]\]\):\w+\.lang\.length>1&&'
                    r'this\.use\(lunr\.multiLanguage\(\.\.\.\w+\.lang\)\)',
                    r'\["trimmer","stopWordFilter","stemmer"\],\w+\.pipeline\)',
                    r'for\(let \w+ of \w+\.lang\.map\(\w+=>\w+==="en"\?lunr:lunr\[\w+\]\)\)'
                    r'for\(let (\w+) of \w+\)this\.pipeline\.remove\(\w+\[\1\]\),'
                    r'this\.searchPipeline\.remove\(\w+\[\1\]\)'):
        assert re.search(pattern, worker), f"{WORKER.name} no longer has {pattern}"


def test_a_combined_pipeline_trims_once_drops_both_stop_words_and_stems_twice() -> None:
    french_and_english = search_pipelines(("fr", "en"), ALL)
    assert french_and_english.index_labels == (
        "lunr-multi-trimmer-fr-en", "stopWordFilter", "stopWordFilter-fr", "stemmer-fr", "stemmer")
    assert french_and_english.search_labels == ("stemmer-fr", "stemmer")
    assert french_and_english.index("les") == french_and_english.index("the") == []
    assert french_and_english.index("«logement»") == ["log"]
    assert french_and_english.index("housing") == ["hous"]  # French stem, then Porter's
    assert french_and_english.search("les") == ["le"]  # queries keep their stop words


def test_the_combined_trimmer_stays_when_material_leaves_the_trimmers_out() -> None:
    # Material removes each language's trimmer; lunr.multiLanguage's is none of them.
    stop_words_only = search_pipelines(("fr", "en"), ("stopWordFilter",))
    assert stop_words_only.index_labels == (
        "lunr-multi-trimmer-fr-en", "stopWordFilter", "stopWordFilter-fr")
    assert stop_words_only.search_labels == ()
    assert stop_words_only.index("«logement»") == ["logement"]
    assert search_pipelines(("fr",), ("stopWordFilter",)).index("«logement»") == ["«logement»"]


def test_the_hubs_english_pipeline_only_drops_stop_words() -> None:
    english = search_pipelines(("en",), ("stopWordFilter",))
    assert (english.index_labels, english.search_labels) == (("stopWordFilter",), ())
    assert english.index("the") == [] and english.search("the") == ["the"]
    assert english.index("housing") == ["housing"]
    assert english.index("été") == ["été"]


def test_each_language_has_its_stop_words_and_trimmer() -> None:
    everything = {lang: search_pipelines((lang,), ALL) for lang in ("en", "fr", "es")}
    assert everything["en"].index("été") == ["t"]  # lunr's trimmer keeps ASCII letters only
    assert everything["fr"].index("été") == []
    assert everything["es"].index("été") == ["ete"]  # Spanish stemming drops accents
    assert everything["fr"].index("the") == ["the"]
    assert everything["es"].index("los") == [] and everything["fr"].index("los") == ["los"]
    assert everything["fr"].index("—") == [""]  # as in lunr.js, a trimmed-away token stays


def test_a_stemmer_is_lunrs_own_not_a_later_one() -> None:
    # The lunr package's Porter stemmer gives "lai", "abbei"; Snowball 2.0 and
    # later stem "archaïque" to "archa", "bijoux" to "bijou", "d'accueil" to
    # "accueil" and "educacion" to "educ".
    assert [porter_stem(word) for word in ("lay", "try", "abbey")] == ["lay", "tri", "abbey"]
    french = search_pipelines(("fr",), ALL).index
    assert [french(word) for word in ("archaïque", "bijoux", "d'accueil")] == [
        ["archaïqu"], ["bijoux"], ["d'accueil"]]
    assert search_pipelines(("es",), ALL).index("educacion") == ["educacion"]


def test_a_pipelines_terms_are_the_callers_to_keep() -> None:
    english = search_pipelines(("en",), ALL)
    terms = english.index("housing")
    terms.append("changed")
    assert english.index("housing") == ["hous"]


def test_characters_beyond_the_first_plane_are_seen_as_javascript_sees_them() -> None:
    assert as_code_units("a😀s") == "a\ud83d\ude00s"
    assert from_code_units("a\ud83d\ude00s") == "a😀s"
    assert from_code_units("a\ud83d") == "a\ud83d"
    assert porter_stem(as_code_units("😀s")) == "\ud83d\ude00"  # three code units in lunr.js
    assert search_pipelines(("en",), ALL).search("😀s") == ["😀"]


@pytest.mark.parametrize("langs, pipeline", [
    (("de",), ALL), ((), ALL), (("fr", "fr"), ALL), (("en",), ("lowercase",))])
def test_an_unknown_configuration_is_refused(langs: tuple[str, ...],
                                             pipeline: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="expected"):
        search_pipelines(langs, pipeline)
