"""The prebuilt search index is the same, byte for byte, however its build is made faster.

The browser tests (test_search_engine.py) prove that the index answers as
lunr.js does; these pin its bytes, so that a faster build that changes one
weight, one term's number or one file's split fails here, in a second,
without a browser. The golden digests were computed by the index's first
implementation (the one the browser tests proved); ``bench/search_publish.py``
compares whole indexes of large sites with another revision's.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from search_engines import word_texts

from cityhub.site.search import SEPARATOR
from cityhub.site.search_engine import build_index, write_index
from cityhub.site.search_text import js_pattern, scanning_separator

#: words with markup, entities, accents, ligatures, a character beyond
#: U+FFFF, numbers, punctuation, stop words and forms the stemmers join
WORDS = ("city", "cities", "residents", "housing", "houses", "housed", "council", "the",
         "of", "and", "Łódź", "São", "Zürich", "ÉCOLE", "naïve", "ﬁnance", "İstanbul",
         "l'égalité", "égalités", "co-operation", "3.5", "2,000", "end.", "e-mail",
         "R&amp;D", "&lt;tag&gt;", "<code>hub</code>", "don't", "🙂smile", "x86", "(BINAM)")
#: texts Material's tokenizer reads with its quirks: a ``<`` or ``>`` outside a tag
QUIRKS = ("a > b", "x<y z", "<<a>>b", "p<q<r>s t", "tail <unclosed", "<p>ok</p> > after",
          "<br/>one<br />two")


def search_data(pages: int, lang: list[str], pipeline: list[str]) -> dict[str, Any]:
    """Material's search data for ``pages`` pages of up to three sections."""
    rng = random.Random(15)
    text = word_texts(rng, WORDS, 600, (2, 8))

    docs: list[dict[str, Any]] = []
    for page in range(pages):
        location = f"practices/p{page}/"
        doc: dict[str, Any] = {"location": location, "title": text(rng.randint(1, 5)),
                               "text": f"<p>{text(30)}</p>" if page % 7 else rng.choice(QUIRKS)}
        if page % 4:
            doc["tags"] = [text(1) for _ in range(page % 3)]
        if page % 5:
            doc["boost"] = rng.choice([2.0, 1.5, 0.5, 1])
        docs.append(doc)
        for section in range(page % 4):
            docs.append({"location": f"{location}#s{section}", "title": text(2),
                         "text": f"<p>{text(40)}</p><ul><li>{text(4)}</li></ul>"
                                 f"{rng.choice(QUIRKS) if section == 2 else ''}",
                         "boost": 2.0})
    return {"config": {"lang": lang, "separator": SEPARATOR, "pipeline": pipeline,
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                  "tags": {"boost": 1000000.0}}},
            "docs": docs}


#: the digests of layout 3 (the vocabulary in a file of its own); its postings,
#: headings and texts are those of layout 2, whose digests the first
#: implementation computed (811e808ec658, 73164de3a65b)
@pytest.mark.parametrize(("lang", "pipeline", "address"), [
    (["en"], ["stopWordFilter"], "search/4833a076aeb0/"),
    (["en", "fr"], ["trimmer", "stopWordFilter", "stemmer"], "search/7752d32fcc59/"),
])
def test_the_index_of_known_search_data_is_the_same_byte_for_byte(
        lang: list[str], pipeline: list[str], address: str) -> None:
    index = build_index(search_data(600, lang, pipeline))
    # the address is a digest of every file: one changed byte changes it
    assert index.address == address
    assert sum(name.startswith("p/") for name in index.files) > 10
    assert sum(name.startswith("h/") for name in index.files) > 2


def test_the_index_written_as_it_is_made_is_the_one_made_in_memory(tmp_path: Path) -> None:
    """The build writes each file as it is made: the same files, the same
    address, and the index of an earlier build gone."""
    data = search_data(300, ["en"], ["stopWordFilter"])
    index = build_index(data)
    site = tmp_path / "site"
    earlier = site / "search" / "0123456789ab"
    earlier.mkdir(parents=True)
    (earlier / "index.json").write_text("{}", encoding="utf-8")
    assert write_index(data, site) == index.address
    folder = site / index.address
    written = {path.relative_to(folder).as_posix(): path.read_bytes()
               for path in folder.rglob("*") if path.is_file()}
    assert written == index.files
    assert sorted(path.name for path in (site / "search").iterdir()) == [
        index.address.split("/")[1]]


#: separators as sites configure them, and some the rewrite must leave alone
SEPARATORS = [SEPARATOR, r"[\s\-]+", r"[\s\-]+|\.(?!\d)", r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)",
              r"a|b+c", r"\d+|-|x", r"[^x]+", r"\s+|(?=[A-Z])", r"x|\bq", r"[a\\-]+|b",
              r"\.|,+?", r"[ab]{2}|c", r"[-a]|b", r"[a]|[-z]"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_faster_separator_splits_exactly_as_the_given_one(separator: str) -> None:
    given, faster = js_pattern(separator), js_pattern(scanning_separator(separator))
    rng = random.Random(separator)
    alphabet = " -.,&ltg;5aAbcqxz\\\u00a0\u3000/:()[]<>"
    for _ in range(3000):
        value = "".join(rng.choices(alphabet, k=rng.randint(0, 16)))
        assert faster.split(value) == given.split(value), value


def test_the_usual_separator_is_rewritten_to_scan_quickly() -> None:
    assert SEPARATOR == r'[\s\-,:!=\[\]()"/]+|\.(?!\d)|&[lg]t;'
    # one class of every first character, then which alternative it starts
    assert scanning_separator(SEPARATOR) == (
        r'[\s\-,:!=\[\]()"/\.\&]'
        r'(?:(?<=[\s\-,:!=\[\]()"/])[\s\-,:!=\[\]()"/]*|(?<=\.)(?!\d)|(?<=&)[lg]t;)')
    assert scanning_separator(r"\s+|(?=[A-Z])") == r"\s+|(?=[A-Z])"
