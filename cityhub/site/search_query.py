"""Queries as the site's search box runs them, over the prebuilt index.

The search box hands a visitor's words to Material's worker, which rewrites
them (every word also matches as the start of a longer one; quoted words are
all required), lets lunr.js parse and expand them (``+`` and ``-``, fuzzy
``~1``, wildcards) and score each document, then boosts pages over their
sections and results that match every word, and groups sections under their
page. This module does the same steps in the same order, over the postings of
:mod:`cityhub.site.search_engine`, so that ``hub search`` lists what the site
lists. It follows lunr.js 2.3.9 and Material for MkDocs 9.x (both MIT
licensed) closely, including the order in which JavaScript visits an
object's keys, on which ties between equal scores depend.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lunr.query import Clause, Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.token_set import TokenSet

from cityhub.site.search_languages import ENGLISH_STOP_WORDS

#: the fields Material's query parser knows
QUERY_FIELDS = ["title", "text", "tags"]
#: the characters JavaScript's ``\s`` and ``trim()`` take for white space
#: (Python's ``\s`` and ``strip()`` differ at the edges)
JS_WHITESPACE = ("\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                 + "\u2028\u2029\u202f\u205f\u3000\ufeff")
_SPACE = f"[{JS_WHITESPACE}]"


@dataclass(frozen=True)
class Posting:
    """A term's number in lunr's index and, per field, its documents and weights."""

    number: int
    fields: list[list[tuple[int, float]]]


def _js_keys(edges: dict[str, TokenSet]) -> list[str]:
    """An object's keys in the order JavaScript lists them: array indexes
    (here, single digits) first in ascending order, then the rest as inserted."""
    digits = sorted(key for key in edges if key.isascii() and key.isdigit())
    return digits + [key for key in edges if not (key.isascii() and key.isdigit())]


def _intersect(index: TokenSet, query: TokenSet) -> TokenSet:
    output = TokenSet()
    stack = [(query, output, index)]
    while stack:
        q_node, out, node = stack.pop()
        for q_edge in _js_keys(q_node.edges):
            for n_edge in _js_keys(node.edges):
                if n_edge == q_edge or q_edge == "*":
                    child, q_child = node.edges[n_edge], q_node.edges[q_edge]
                    final = child.final and q_child.final
                    if n_edge in out.edges:
                        following = out.edges[n_edge]
                        following.final = following.final or final
                    else:
                        following = TokenSet()
                        following.final = final
                        out.edges[n_edge] = following
                    stack.append((q_child, following, child))
    return output


def _words(tokens: TokenSet) -> list[str]:
    words: list[str] = []
    stack = [("", tokens)]
    while stack:
        prefix, node = stack.pop()
        if node.final:
            words.append(prefix)
        for edge in _js_keys(node.edges):
            stack.append((prefix + edge, node.edges[edge]))
    return words


def _js_split(value: str, separator: re.Pattern[str]) -> list[str]:
    """Material's ``split``: the non-empty runs between separators."""
    return [part for part in separator.split(value) if part]


def transform(query: str, separator: re.Pattern[str]) -> str:
    """Material's ``transformSearchQuery``: the visitor's words as a lunr query."""
    parts = re.split(r'"([^"]+)"', query.strip(JS_WHITESPACE))
    query = "".join(re.sub(r"^\b|^(?![^\x00-\x7F]|\Z)|" + _SPACE + "+", " +", part, flags=re.ASCII)
                    if index & 1 else part for index, part in enumerate(parts))
    query = re.sub('"|(?:^|' + _SPACE + "+)[*+\\-:^~]+(?=" + _SPACE + "+|\\Z)", "", query)
    terms: list[str] = []
    for part in re.split(_SPACE + "+", query):
        terms.extend(_split_part(part, separator))
    terms = [f"{term}1" if re.search(r"[~^]\Z", term) else term for term in terms]
    return " ".join(term if re.search(r"^[+-]|[~^]\d+\Z", term, re.ASCII) else f"{term}*"
                    for term in terms)


def _split_part(part: str, separator: re.Pattern[str]) -> list[str]:
    lexer = QueryLexer(part)
    lexer.run()
    terms: list[str] = []
    for lexeme in lexer.lexemes:
        term, start, end = lexeme["string"], lexeme["start"], lexeme["end"]
        if lexeme["type"] == QueryLexer.FIELD:
            if term not in QUERY_FIELDS:
                part = part[:end] + " " + part[end + 1:]
        elif lexeme["type"] == QueryLexer.TERM:
            terms.extend(part[:start] + piece + part[end:] for piece in _js_split(term, separator))
    return terms


def parse(query: str) -> list[Clause]:
    """Material's ``parseSearchQuery``: the clauses, wildcards taken off."""
    parsed = Query(QUERY_FIELDS)
    QueryParser(query, parsed).parse()
    clauses: list[Clause] = parsed.clauses
    for clause in clauses:
        clause.use_pipeline = True
        if clause.term.startswith("*"):
            clause.wildcard = Query.WILDCARD_LEADING
            clause.term = clause.term[1:]
        if clause.term.endswith("*"):
            clause.wildcard = Query.WILDCARD_TRAILING
            clause.term = clause.term[:-1]
    return clauses


def query_terms(clauses: Sequence[Clause], terms: Sequence[str]) -> dict[str, bool]:
    """Material's ``getSearchQueryTerms``: which words of the query a result matched."""
    remaining = list(clauses)
    result: dict[str, bool] = {}
    for term in terms:
        for clause in list(remaining):
            if term.startswith(clause.term):
                result[clause.term] = True
                remaining.remove(clause)
    for clause in remaining:
        if clause.term and clause.term not in ENGLISH_STOP_WORDS:
            result[clause.term] = False
    return result


class Engine:
    """lunr.js's ``Index.query`` over postings, and Material's ranking after it."""

    def __init__(self, terms: list[str], postings: dict[str, Posting], fields: list[str],
                 pipeline: Callable[[str], list[str]], count: int,
                 separator: re.Pattern[str]) -> None:
        self.token_set = TokenSet.from_list(terms)
        self.postings = postings
        self.by_number = {posting.number: posting for posting in postings.values()}
        self.fields = fields
        self.pipeline = pipeline
        self.count = count
        self.separator = separator

    def expand(self, clause: Clause) -> list[str]:
        return _words(_intersect(self.token_set, TokenSet.from_clause(clause)))

    def query(self, parsed: Query) -> list[tuple[int, float, dict[str, set[str]]]]:
        """Documents with their scores and matched terms per field, best first."""
        fields = self.fields
        matching: dict[tuple[str, int], dict[str, set[str]]] = {}
        vectors: dict[str, dict[int, float]] = {name: {} for name in fields}
        term_fields: set[tuple[str, str]] = set()
        required: dict[str, set[int] | None] = {}
        prohibited: dict[str, set[int]] = {}
        for clause in parsed.clauses:
            terms = self.pipeline(clause.term) if clause.use_pipeline else [clause.term]
            clause_matches: set[int] = set()
            for term in terms:
                clause.term = term
                expanded = self.expand(clause)
                if not expanded and clause.presence == QueryPresence.REQUIRED:
                    for name in clause.fields:
                        required[name] = set()
                    break
                for word in expanded:
                    posting = self.postings[word]
                    for name in clause.fields:
                        documents = posting.fields[fields.index(name)]
                        numbers = {number for number, _ in documents}
                        if clause.presence == QueryPresence.REQUIRED:
                            clause_matches |= numbers
                            required.setdefault(name, None)
                        if clause.presence == QueryPresence.PROHIBITED:
                            prohibited[name] = prohibited.get(name, set()) | numbers
                            continue
                        vector = vectors[name]
                        vector[posting.number] = vector.get(posting.number, 0) + clause.boost
                        if (word, name) in term_fields:
                            continue
                        for number, _ in documents:
                            matched = matching.setdefault((name, number), {})
                            matched.setdefault(word, set()).add(name)
                        term_fields.add((word, name))
            if clause.presence == QueryPresence.REQUIRED:
                for name in clause.fields:
                    found = required.get(name)
                    required[name] = clause_matches if found is None else found & clause_matches
        all_required: set[int] | None = None
        all_prohibited: set[int] = set()
        for name in fields:
            if name in required and required[name] is not None:
                found = required[name]
                assert found is not None
                all_required = found if all_required is None else all_required & found
            all_prohibited |= prohibited.get(name, set())
        refs = list(matching)
        if parsed.is_negated():
            refs = [(name, number) for number in range(self.count) for name in fields]
        scores: dict[int, float] = {}
        metadata: dict[int, dict[str, set[str]]] = {}
        weights = {name: self._weights(name, vectors[name]) for name in fields}
        # lunr's Vector.magnitude: over the query's terms in the order of their numbers
        queries = {name: sorted(vectors[name].items()) for name in fields}
        magnitudes = {name: math.sqrt(sum(value * value for _, value in queries[name]))
                      for name in fields}
        for name, number in refs:
            if all_required is not None and number not in all_required:
                continue
            if number in all_prohibited:
                continue
            score = _similarity(queries[name], magnitudes[name], weights[name].get(number, {}))
            if number in scores:
                scores[number] += score
                for word, names in matching.get((name, number), {}).items():
                    metadata[number].setdefault(word, set()).update(names)
            else:
                scores[number] = score
                metadata[number] = {word: set(names) for word, names
                                    in matching.get((name, number), {}).items()}
        ranked = sorted(scores, key=lambda number: -scores[number])
        return [(number, scores[number], metadata[number]) for number in ranked]

    def _weights(self, name: str, vector: dict[int, float]) -> dict[int, dict[int, float]]:
        """For each document, its weights of the query's terms in field ``name``."""
        column = self.fields.index(name)
        found: dict[int, dict[int, float]] = {}
        for index in vector:
            for number, weight in self.by_number[index].fields[column]:
                found.setdefault(number, {})[index] = weight
        return found

    def search(self, query: str, parents: Sequence[int]) -> list[list[tuple[int, float]]]:
        """Material's ``Search.search``: groups of (document, score), best group first."""
        query = transform(query, self.separator)
        if not query:
            return []
        clauses = [clause for clause in parse(query)
                   if clause.presence != QueryPresence.PROHIBITED]
        parsed = Query(self.fields)
        QueryParser(query, parsed).parse()
        items: list[tuple[int, float]] = []
        for number, score, matched in self.query(parsed):
            terms = query_terms(clauses, list(matched))
            boost = (parents[number] < 0) + (
                sum(1 for value in terms.values() if value) / len(terms) if terms else math.nan)
            items.append((number, score * (1 + boost ** 2)))
        items.sort(key=lambda item: -item[1] if not math.isnan(item[1]) else 0)
        groups: dict[int, list[tuple[int, float]]] = {}
        for number, score in items:
            page = parents[number] if parents[number] >= 0 else number
            groups.setdefault(page, []).append((number, score))
        for page, group in groups.items():
            if not any(number == page for number, _ in group):
                group.append((page, 0.0))
        return list(groups.values())


def _similarity(query: list[tuple[int, float]], magnitude: float,
                document: dict[int, float]) -> float:
    """lunr's ``Vector.similarity``: the dot product with a document's weights
    (summed in the order of the terms' numbers) over the query's magnitude."""
    if magnitude == 0:
        return 0.0
    dot = 0.0
    for index, value in query:
        if index in document:
            dot += value * document[index]
    return dot / magnitude
