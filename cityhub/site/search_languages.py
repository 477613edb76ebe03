"""Search terms in English, French and Spanish, made exactly as the visitor's browser makes them.

The site's search box answers with lunr.js 2.3.9, and French and Spanish with
the lunr-languages files that Material ships (lunr.fr, lunr.es,
lunr.multiLanguage). An index built in Python meets the browser's queries
only if every word becomes the same index term on both sides, so this module
owns the browser's pipelines for a search configuration (Material's
``search.lang`` and ``search.pipeline``): the same trimmers, stop words and
stemmers, put together in the order Material's worker gives them.

The stemmers: English is lunr.js's own Porter stemmer, ported here (the
``lunr`` package's Python stemmer is another Porter variant: it stems
"abbey" to "abbei", "lay" to "lai"). French and Spanish are Snowball
stemmers, taken from the ``snowballstemmer`` package pinned at 1.2.1: the
Snowball algorithms as lunr-languages compiled them to JavaScript; later
Snowball releases changed both (2.0 stems French suffixes after a
diaeresis, 3.0 drops French elisions and -aise, conflates -oux with -ou, and
reads Spanish -acion as -ación). The browser's regular expressions and
stemmers see a word as UTF-16 code units, so a word with a character beyond
U+FFFF (an emoji) is handed to them as surrogate pairs here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from snowballstemmer.french_stemmer import FrenchStemmer
from snowballstemmer.spanish_stemmer import SpanishStemmer

#: the languages whose pipelines are known, as Material's ``search.lang`` names them
LANGUAGES = ("en", "fr", "es")
#: the functions Material's ``search.pipeline`` keeps (each language has all three)
PIPELINE_FUNCTIONS = ("trimmer", "stopWordFilter", "stemmer")

#: a pipeline for one token: its index or query term, or none if it is a stop word
TermPipeline = Callable[[str], list[str]]

#: how many distinct tokens a pipeline, and a stemmer, remembers (a large site has fewer):
#: a Snowball stemmer in Python takes 50-70 µs a word
TOKENS_REMEMBERED = 1 << 18


@dataclass(frozen=True, eq=False)
class PipelineFunction:
    """One of lunr's pipeline functions: a token becomes another, or None drops it."""

    label: str
    apply: Callable[[str], str | None]


# -- trimmers and stop word filters ------------------------------------------

#: the letters that lunr-languages' French and Spanish trimmers keep at a word's ends
LATIN_WORD_CHARACTERS = (
    "A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25\u1d2c-\u1d5c"
    "\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f\u2090-\u209c\u212a"
    "\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7"
    "\ua7f7-\ua7ff\uab30-\uab5a\uab5c-\uab64\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a")
#: JavaScript's ``\\w``, which lunr's English trimmer keeps: ASCII only
ASCII_WORD_CHARACTERS = "0-9A-Z_a-z"


def trimmer(word_characters: str) -> Callable[[str], str]:
    """lunr's trimmer: everything but ``word_characters`` off a token's two ends."""
    start = re.compile(f"^[^{word_characters}]+")
    end = re.compile(f"[^{word_characters}]+\\Z")

    def trim(token: str) -> str:
        return end.sub("", start.sub("", token, count=1), count=1)
    return trim


def stop_word_filter(words: frozenset[str]) -> Callable[[str], str | None]:
    def keep(token: str) -> str | None:
        return None if token in words else token
    return keep


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: lunr.js 2.3.9's English stop words
ENGLISH_STOP_WORDS = _words("""
a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her
hers him his how however i if in into is it its just least let like likely may me might most
must my neither no nor not of off often on only or other our own rather said say says she should
since so some than that the their them then there these they this tis to too twas us wants was
we were what when where which while who whom why will with would yet you your""")

#: lunr-languages' French stop words ("celà" as it spells it)
FRENCH_STOP_WORDS = _words("""
ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons
auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce ceci celà ces
cet cette d dans de des du elle en es est et eu eue eues eurent eus eusse eussent eusses eussiez
eussions eut eux eûmes eût eûtes furent fus fusse fussent fusses fussiez fussions fut fûmes fût
fûtes ici il ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne nos notre
nous on ont ou par pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient
serais serait seras serez seriez serions serons seront ses soi soient sois soit sommes son sont
soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous y à étaient étais était étant
étiez étions été étée étées étés êtes""")

#: lunr-languages' Spanish stop words
SPANISH_STOP_WORDS = _words("""
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el
ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estabais
estaban estabas estad estada estadas estado estados estamos estando estar estaremos estará
estarán estarás estaré estaréis estaría estaríais estaríamos estarían estarías estas este estemos
esto estos estoy estuve estuviera estuvierais estuvieran estuvieras estuvieron estuviese
estuvieseis estuviesen estuvieses estuvimos estuviste estuvisteis estuviéramos estuviésemos
estuvo está estábamos estáis están estás esté estéis estén estés fue fuera fuerais fueran fueras
fueron fuese fueseis fuesen fueses fui fuimos fuiste fuisteis fuéramos fuésemos ha habida
habidas habido habidos habiendo habremos habrá habrán habrás habré habréis habría habríais
habríamos habrían habrías habéis había habíais habíamos habían habías han has hasta hay haya
hayamos hayan hayas hayáis he hemos hube hubiera hubierais hubieran hubieras hubieron hubiese
hubieseis hubiesen hubieses hubimos hubiste hubisteis hubiéramos hubiésemos hubo la las le les lo
los me mi mis mucho muchos muy más mí mía mías mío míos nada ni no nos nosotras nosotros nuestra
nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque que quien quienes
qué se sea seamos sean seas seremos será serán serás seré seréis sería seríais seríamos serían
serías seáis sido siendo sin sobre sois somos son soy su sus suya suyas suyo suyos sí también
tanto te tendremos tendrá tendrán tendrás tendré tendréis tendría tendríais tendríamos tendrían
tendrías tened tenemos tenga tengamos tengan tengas tengo tengáis tenida tenidas tenido tenidos
teniendo tenéis tenía teníais teníamos tenían tenías ti tiene tienen tienes todo todos tu tus tuve
tuviera tuvierais tuvieran tuvieras tuvieron tuviese tuvieseis tuviesen tuvieses tuvimos tuviste
tuvisteis tuviéramos tuviésemos tuvo tuya tuyas tuyo tuyos tú un una uno unos vosotras vosotros
vuestra vuestras vuestro vuestros y ya yo él éramos""")


# -- lunr.js's English stemmer -----------------------------------------------

_NOT_LINE_END = "[^\n\r\u2028\u2029]"  # JavaScript's "." (Python's "." does match "\r")
_CONSONANTS = "[^aeiou][^aeiouy]*"
_VOWELS = "[aeiouy][aeiou]*"
_M_ABOVE_0 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}")
_M_IS_1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}({_VOWELS})?\\Z")
_M_ABOVE_1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}{_VOWELS}{_CONSONANTS}")
_VOWEL_IN_STEM = re.compile(f"^({_CONSONANTS})?[aeiouy]")
_CVC = re.compile(f"^{_CONSONANTS}[aeiouy][^aeiouwxy]\\Z")
_LAST_CHARACTER = re.compile(f"{_NOT_LINE_END}\\Z")
_STEP_1A = re.compile(f"^({_NOT_LINE_END}+?)(ss|i)es\\Z")
_STEP_1A_S = re.compile(f"^({_NOT_LINE_END}+?)([^s])s\\Z")
_STEP_1B_EED = re.compile(f"^({_NOT_LINE_END}+?)eed\\Z")
_STEP_1B = re.compile(f"^({_NOT_LINE_END}+?)(ed|ing)\\Z")
_STEP_1B_E = re.compile("(at|bl|iz)\\Z")
_STEP_1B_DOUBLE = re.compile("([^aeiouylsz])\\1\\Z")
_STEP_1C = re.compile(f"^({_NOT_LINE_END}+?[^aeiou])y\\Z")
_STEP_2_SUFFIXES = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP_3_SUFFIXES = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "",
    "ness": ""}
_STEP_2 = re.compile(f"^({_NOT_LINE_END}+?)({'|'.join(_STEP_2_SUFFIXES)})\\Z")
_STEP_3 = re.compile(f"^({_NOT_LINE_END}+?)({'|'.join(_STEP_3_SUFFIXES)})\\Z")
_STEP_4 = re.compile(f"^({_NOT_LINE_END}+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent"
                     "|ou|ism|ate|iti|ous|ive|ize)\\Z")
_STEP_4_ION = re.compile(f"^({_NOT_LINE_END}+?)(s|t)(ion)\\Z")
_STEP_5 = re.compile(f"^({_NOT_LINE_END}+?)e\\Z")
_STEP_5_LL = re.compile("ll\\Z")


def porter_stem(word: str) -> str:
    """lunr.js's ``porterStemmer``, step by step (JavaScript ``$`` is ``\\Z``)."""
    if len(word) < 3:
        return word
    starts_with_y = word[0] == "y"
    if starts_with_y:
        word = "Y" + word[1:]
    word = _porter_step_1(word)
    for pattern, suffixes in ((_STEP_2, _STEP_2_SUFFIXES), (_STEP_3, _STEP_3_SUFFIXES)):
        if (match := pattern.match(word)) and _M_ABOVE_0.search(match[1]):
            word = match[1] + suffixes[match[2]]
    if match := _STEP_4.match(word):
        if _M_ABOVE_1.search(match[1]):
            word = match[1]
    elif (match := _STEP_4_ION.match(word)) and _M_ABOVE_1.search(match[1] + match[2]):
        word = match[1] + match[2]
    if match := _STEP_5.match(word):
        stem = match[1]
        if _M_ABOVE_1.search(stem) or (_M_IS_1.search(stem) and not _CVC.search(stem)):
            word = stem
    if _STEP_5_LL.search(word) and _M_ABOVE_1.search(word):
        word = _LAST_CHARACTER.sub("", word, count=1)
    return "y" + word[1:] if starts_with_y else word


def _porter_step_1(word: str) -> str:
    if match := _STEP_1A.match(word) or _STEP_1A_S.match(word):
        word = match[1] + match[2]
    if match := _STEP_1B_EED.match(word):
        if _M_ABOVE_0.search(match[1]):
            word = _LAST_CHARACTER.sub("", word, count=1)
    elif (match := _STEP_1B.match(word)) and _VOWEL_IN_STEM.search(match[1]):
        word = match[1]
        if _STEP_1B_E.search(word):
            word += "e"
        elif _STEP_1B_DOUBLE.search(word):
            word = _LAST_CHARACTER.sub("", word, count=1)
        elif _CVC.search(word):
            word += "e"
    if match := _STEP_1C.match(word):
        word = match[1] + "i"
    return word


def snowball_stemmer(algorithm: type[FrenchStemmer | SpanishStemmer]) -> Callable[[str], str]:
    """A Snowball stemmer of the pinned package's own Python code (its ``stemmer()``
    would take PyStemmer, today's algorithms, where installed), a new one for
    each word: a stemmer is not safe across threads."""
    def stem(word: str) -> str:
        return str(algorithm().stemWord(word))
    return stem


# -- the languages and their pipelines ---------------------------------------

@dataclass(frozen=True)
class Language:
    """A language as lunr(-languages) defines it: what its trimmer keeps, its functions."""

    code: str
    word_characters: str
    trimmer: PipelineFunction
    stop_word_filter: PipelineFunction
    stemmer: PipelineFunction

    def function(self, name: str) -> PipelineFunction:
        return {"trimmer": self.trimmer, "stopWordFilter": self.stop_word_filter,
                "stemmer": self.stemmer}[name]


def _language(code: str, word_characters: str, stop_words: frozenset[str],
              stem: Callable[[str], str]) -> Language:
    suffix = "" if code == "en" else f"-{code}"
    return Language(code, word_characters,
                    PipelineFunction(f"trimmer{suffix}", trimmer(word_characters)),
                    PipelineFunction(f"stopWordFilter{suffix}", stop_word_filter(stop_words)),
                    PipelineFunction(f"stemmer{suffix}", lru_cache(TOKENS_REMEMBERED)(stem)))


LANGUAGE = {
    "en": _language("en", ASCII_WORD_CHARACTERS, ENGLISH_STOP_WORDS, porter_stem),
    "fr": _language("fr", LATIN_WORD_CHARACTERS, FRENCH_STOP_WORDS,
                    snowball_stemmer(FrenchStemmer)),
    "es": _language("es", LATIN_WORD_CHARACTERS, SPANISH_STOP_WORDS,
                    snowball_stemmer(SpanishStemmer)),
}


def _multi_language(codes: Sequence[str]) -> tuple[list[PipelineFunction], list[PipelineFunction]]:
    """``lunr.multiLanguage(...codes)``: one trimmer keeping the letters of every
    language, then every stop word filter (the last language's first), then
    every stemmer in turn (the first language's first), and the stemmers alone
    for queries."""
    word_characters = ""
    index: list[PipelineFunction] = []
    search: list[PipelineFunction] = []
    for code in codes:
        language = LANGUAGE[code]
        word_characters += language.word_characters
        index.insert(0, language.stop_word_filter)
        index.append(language.stemmer)
        search.append(language.stemmer)
    combined = PipelineFunction(f"lunr-multi-trimmer-{'-'.join(codes)}", trimmer(word_characters))
    return [combined, *index], search


def pipeline_functions(langs: tuple[str, ...], pipeline: tuple[str, ...]
                       ) -> tuple[list[PipelineFunction], list[PipelineFunction]]:
    """The index and the query pipelines of the lunr builder that Material's
    search worker sets up for ``langs`` (``search.lang``) and ``pipeline``
    (``search.pipeline``), function by function."""
    _check(langs, pipeline)
    english = LANGUAGE["en"]
    index = [english.trimmer, english.stop_word_filter, english.stemmer]
    search = [english.stemmer]
    if len(langs) == 1 and langs[0] != "en":
        language = LANGUAGE[langs[0]]
        index = [language.trimmer, language.stop_word_filter, language.stemmer]
        search = [language.stemmer]
    elif len(langs) > 1:
        index, search = _multi_language(langs)
    # Material removes the functions left out of search.pipeline by identity:
    # lunr.multiLanguage's combined trimmer is no language's, so it stays.
    for code in langs:
        for name in PIPELINE_FUNCTIONS:
            if name not in pipeline:
                for functions in (index, search):
                    if LANGUAGE[code].function(name) in functions:
                        functions.remove(LANGUAGE[code].function(name))
    return index, search


def _check(langs: tuple[str, ...], pipeline: tuple[str, ...]) -> None:
    unknown = [code for code in langs if code not in LANGUAGES]
    if unknown or not langs or len(set(langs)) != len(langs):
        raise ValueError(f"search languages {langs!r}: expected one or more of "
                         f"{', '.join(LANGUAGES)}, each once")
    if any(name not in PIPELINE_FUNCTIONS for name in pipeline):
        raise ValueError(f"search pipeline {pipeline!r}: expected some of "
                         f"{', '.join(PIPELINE_FUNCTIONS)}")


@dataclass(frozen=True)
class SearchPipelines:
    """What becomes of a token in the index (``index``) and in a query (``search``):
    a list of its one term, or an empty list when a stop word filter drops it.
    The labels are those lunr registers the functions under, in order."""

    index: TermPipeline
    search: TermPipeline
    index_labels: tuple[str, ...]
    search_labels: tuple[str, ...]


@cache
def search_pipelines(langs: tuple[str, ...], pipeline: tuple[str, ...]) -> SearchPipelines:
    """The pipelines of the browser's search for Material's ``search.lang`` and
    ``search.pipeline``, e.g. ``search_pipelines(("fr", "en"), ("stopWordFilter",))``.

    Each remembers the terms of the last :data:`TOKENS_REMEMBERED` distinct tokens."""
    index, search = pipeline_functions(langs, pipeline)
    return SearchPipelines(_term_pipeline(index), _term_pipeline(search),
                           tuple(f.label for f in index), tuple(f.label for f in search))


def _term_pipeline(functions: Sequence[PipelineFunction]) -> TermPipeline:
    steps = tuple(function.apply for function in functions)

    @lru_cache(maxsize=TOKENS_REMEMBERED)
    def term(token: str) -> str | None:
        units = as_code_units(token)
        for step in steps:
            result = step(units)
            if result is None:
                return None
            units = result
        return from_code_units(units)

    def terms(token: str) -> list[str]:
        found = term(token)
        return [] if found is None else [found]
    return terms


def as_code_units(text: str) -> str:
    """``text`` as JavaScript sees it: each character beyond U+FFFF as its
    UTF-16 surrogate pair (two characters here, as there)."""
    if not text or max(text) <= "\uffff":
        return text
    return "".join(c if c <= "\uffff" else _surrogates(ord(c) - 0x10000) for c in text)


def _surrogates(offset: int) -> str:
    return chr(0xD800 + (offset >> 10)) + chr(0xDC00 + (offset & 0x3FF))


def from_code_units(units: str) -> str:
    """Surrogate pairs joined again into their characters (a lone one stays)."""
    if not units or max(units) < "\ud800":
        return units
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
