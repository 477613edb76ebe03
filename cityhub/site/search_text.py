"""Text to index terms, as the visitor's browser makes them.

Material's search worker cuts a field's text into words with its own
tokenizer (markup skipped, split at the site's search separator, a
JavaScript regular expression, lower case) and hands them to lunr.js's
pipeline of the site's languages (:mod:`cityhub.site.search_languages`).
:class:`Analyzer` does the same in Python, quirks included, for the index
built at build time (:mod:`cityhub.site.search_engine`): a word cut or kept
differently would be a term the browser's queries never meet. It is also the
build's busiest code, which is why a separator is rewritten to scan quickly
and markup cut off in one call where that gives the same words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

from cityhub.site import search_languages
from cityhub.site.search_query import JS_WHITESPACE


def js_pattern(separator: str) -> re.Pattern[str]:
    """The search separator, a JavaScript regular expression, as Python must
    write it to split the same way (``\\s`` spelled out, ``\\d`` and ``\\w``
    ASCII only)."""
    out: list[str] = []
    in_class = escaped = False
    for char in separator:
        if escaped:
            if char == "s":
                out[-1] = JS_WHITESPACE if in_class else f"[{JS_WHITESPACE}]"
            else:
                out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def scanning_separator(separator: str) -> str:
    """The search separator rewritten to split the same way, faster in Python.

    Python's regular expressions skip quickly only to where a pattern's first
    character class matches; an alternation of a character run, ``\\.`` and
    ``&`` (the usual separator) has none, and is tried at every character. When
    each alternative starts with one character (a class, an escape or a
    literal, ``+`` allowed), the rewrite consumes that character first and
    checks which alternative it starts::

        [\\s\\-]+|\\.(?!\\d)  ->  [\\s\\-\\.](?:(?<=[\\s\\-])[\\s\\-]*|(?<=\\.)(?!\\d))

    Each alternative matches at the same places, the same text, in the same
    order. Any other separator is returned as it is.
    """
    alternatives = _top_level_alternatives(separator)
    firsts: list[tuple[str, str, str]] = []
    for alternative in alternatives:
        first = _first_character(alternative)
        if first is None:
            return separator
        firsts.append(first)
    guard = "[" + "".join(inside for _, inside, _ in firsts) + "]"
    branches = "|".join(f"(?<={atom}){rest}" for atom, _, rest in firsts)
    return f"{guard}(?:{branches})"


def _top_level_alternatives(pattern: str) -> list[str]:
    alternatives, start, depth = [], 0, 0
    in_class = escaped = False
    for position, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            alternatives.append(pattern[start:position])
            start = position + 1
    return [*alternatives, pattern[start:]]


#: escapes of one character class; other escaped letters and digits are
#: assertions, references or code points, which the rewrite leaves alone
_CLASS_ESCAPES = "dDsSwW"


def _first_character(alternative: str) -> tuple[str, str, str] | None:
    """An alternative's first character: as a pattern, as the inside of a
    character class, and the alternative after it; None if it does not
    start with exactly one character."""
    if alternative.startswith("[") and not alternative.startswith("[^"):
        end, escaped = 1, False
        while end < len(alternative) and (escaped or alternative[end] != "]"):
            escaped = not escaped and alternative[end] == "\\"
            end += 1
        atom, inside = alternative[:end + 1], alternative[1:end]
        # a class that is not closed, is empty, or whose inside would make
        # a range or a negation next to another's
        escapes = len(inside[:-1]) - len(inside[:-1].rstrip("\\"))
        if end == len(alternative) or not inside or inside.startswith(("-", "^")) \
                or (inside.endswith("-") and escapes % 2 == 0):
            return None
    elif alternative.startswith("\\") and len(alternative) > 1:
        atom = inside = alternative[:2]
        if alternative[1].isalnum() and alternative[1] not in _CLASS_ESCAPES:
            return None
    elif alternative and alternative[0] not in "^$.|?*+()[]{}\\":
        atom = alternative[0]
        inside = atom if atom.isalnum() else "\\" + atom
    else:
        return None
    rest = alternative[len(atom):]
    if rest.startswith("+") and not rest.startswith(("+?", "++")):
        return atom, inside, atom + "*" + rest[1:]
    if rest.startswith(("*", "?", "{", "+")):
        return None
    return atom, inside, rest


#: a tag, as Material's tokenizer skips it
_TAG = re.compile("<[^<>]*>")


def _text_ranges(value: str) -> list[tuple[int, int]]:
    """The runs of text outside markup, as Material's ``extract`` finds them.

    Material walks the string character by character; only ``<`` and ``>``
    change its state: a ``>`` ends a tag (or, the same quirk, a run of text),
    and each ``<`` starts a new run that is kept unless a ``>`` ends it. So
    between two ``>`` the runs start at each ``<``, and all but the last are
    text; after the last ``>`` all are.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    segments = value.split(">")
    last = len(segments) - 1
    for number, segment in enumerate(segments):
        end = start + len(segment)
        tag = segment.find("<")
        if tag < 0:
            if number == last and segment:
                ranges.append((start, end))
        else:
            if tag:
                ranges.append((start, start + tag))
            following = segment.find("<", tag + 1)
            while following >= 0:
                ranges.append((start + tag, start + following))
                tag, following = following, segment.find("<", following + 1)
            if number == last:
                ranges.append((start + tag, end))
        start = end + 1
    return ranges


class Analyzer:
    """Text to index terms, as the browser's lunr turns it: Material's
    tokenizer (markup skipped, split at the separator, lower case) and the
    pipeline of the site's languages."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.separator = js_pattern(config["separator"])
        self._split = js_pattern(scanning_separator(config["separator"])).split
        langs = tuple(config.get("lang") or ["en"])
        functions = tuple(config.get("pipeline") or ())
        pipelines = search_languages.search_pipelines(langs, functions)
        self.index_pipeline, self.search_pipeline = pipelines.index, pipelines.search
        #: each word's term, None for a word the pipeline drops (and for the
        #: empty word, which the tokenizer drops)
        self._term: dict[str, str | None] = {"": None}

    def words(self, value: str | Sequence[str] | None) -> list[str]:
        """Material's ``tokenize`` before it drops empty words."""
        if value is None:
            return []
        words: list[str] = []
        split = self._split
        for text in [value] if isinstance(value, str) else value:
            # Lower case first: markup and separators are the same in either case.
            text = text.lower()
            # When every < and > is in a tag, the runs of text are what is
            # between tags; else Material's quirks decide.
            runs = _TAG.split(text)
            if len(runs) - 1 != text.count("<") or len(runs) - 1 != text.count(">"):
                runs = [text[start:end] for start, end in _text_ranges(text)]
            words += chain.from_iterable(map(split, runs))
        return words

    def tokens(self, value: str | Sequence[str] | None) -> list[str]:
        """Material's ``tokenize``: the lower-cased words of a field's text(s)."""
        return [word for word in self.words(value) if word]

    def terms(self, value: str | Sequence[str] | None) -> list[str]:
        """The index terms of a field: its tokens through the index pipeline."""
        return [term for term in self._terms_of(self.words(value)) if term is not None]

    def term_counts(self, value: str | Sequence[str] | None) -> Counter[str]:
        """How often each index term occurs in a field, in order of first
        appearance (the order in which lunr meets them)."""
        words = self.words(value)
        try:
            counts = Counter(map(self._term.__getitem__, words))
        except KeyError:
            self._learn(words)
            counts = Counter(map(self._term.__getitem__, words))
        counts.pop(None, None)
        return counts  # type: ignore[return-value]

    def _terms_of(self, words: list[str]) -> list[str | None]:
        self._learn(words)
        return list(map(self._term.__getitem__, words))

    def _learn(self, words: list[str]) -> None:
        """The terms of the words not yet met."""
        for word in set(words).difference(self._term):
            found = self.index_pipeline(word)
            if len(found) > 1:
                raise ValueError(f"the search pipeline made several terms of {word!r}")
            self._term[word] = found[0] if found else None
