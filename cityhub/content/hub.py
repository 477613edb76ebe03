"""The hub's content as a graph: cities, pledges, practices and their links.

A :class:`Hub` is built once, by :func:`cityhub.content.loader.load_hub`,
from everything that was read; every index the pages need (practices by
city, theme, commitment, country...) exists from construction, so rendering
any page is a lookup, never a scan of all practices. The hub a preview shows
holds drafts; its :attr:`Hub.published` view, which a build and the open data
show, never does: no caller filters drafts itself.

Translations (:mod:`cityhub.content.translations`) hang off the content
they translate: :meth:`Hub.text_in` and its kin give a field in the
language a page asks for, or else the original's, with the language it is
written in, so a page never guesses which text it shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal, TypeVar
from weakref import WeakKeyDictionary

from cityhub.content.cities import ROLES, City, Signature
from cityhub.content.places import country_name
from cityhub.content.pledges import Commitment, Pledge
from cityhub.content.practices import Practice
from cityhub.content.problems import Problem
from cityhub.content.reviews import Review
from cityhub.content.translations import Localized, Translation
from cityhub.content.transliteration import transliterate
from cityhub.content.vocab import Vocabulary
from cityhub.messages import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from cityhub.content.progress import PledgeProgress

RELATED_COUNT = 4
_RELATED_SCAN = 8
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
#: what a translation translates
Translatable = City | Pledge | Practice
#: the text fields a translation may give (``name`` for cities, the others for
#: pledges and practices; ``body`` for all)
TextKey = Literal["title", "summary", "name", "body"]
_FOLDERS: dict[type, str] = {City: "cities", Pledge: "pledges", Practice: "practices"}
PRACTICES_FOLDER = _FOLDERS[Practice]


@dataclass
class Broken:
    """A content file that cannot be published until its problems are fixed."""

    folder: str
    slug: str
    source_path: str
    title: str
    problems: list[Problem]
    note: str = ""


@dataclass
class Hub:
    """Every valid city, pledge and practice, ordered, with their indexes."""

    themes: Vocabulary
    networks: Vocabulary
    target_groups: Vocabulary
    cities: dict[str, City] = field(default_factory=dict)
    pledges: dict[str, Pledge] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    #: the review record of each reviewed practice, by the practice's slug
    reviews: dict[str, Review] = field(default_factory=dict)
    #: the translations of each city, pledge and practice, by (folder, slug),
    #: then by language; :meth:`translation` and :meth:`text_in` read them
    translations: dict[tuple[str, str], dict[str, Translation]] = field(default_factory=dict)
    #: the language this hub's texts are shown in (see :meth:`in_language`)
    language: str = SOURCE_LANGUAGE
    #: where a text is shown in another language than :attr:`language` (an
    #: original not yet translated): its language, by (folder, slug) and key
    foreign: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._hold_back_orphans()
        self._hold_back_orphan_translations()
        self.cities = dict(sorted(self.cities.items(), key=lambda kv: _by_name(kv[1].name)))
        self.pledges = dict(sorted(self.pledges.items(),
                                   key=lambda kv: (-kv[1].adopted.toordinal(), kv[0])))
        self.practices = dict(sorted(self.practices.items(),
                                     key=lambda kv: (_by_name(kv[1].title), kv[0])))
        self.broken.sort(key=lambda b: b.source_path)
        self._index_cities()
        self._index_practices()

    def fingerprint(self) -> str:
        """A digest of all this hub holds but the bodies of practices and of
        translations, which only their own pages show (the letters they are
        written in excepted, which the table that writes text in ASCII holds):
        whatever else a page or a file of the site may show changes it."""
        digest = hashlib.sha256(self.fingerprint_apart_from_practices.encode())
        digest.update(repr(sorted(self.transliteration.items())).encode())
        for practice_digest in self.practice_fingerprints.values():
            digest.update(practice_digest.encode())
        return digest.hexdigest()

    @cached_property
    def fingerprint_apart_from_practices(self) -> str:
        """A digest of all but the practices (their fields, translations and
        languages), with the day they last changed: what a page showing a few
        practices may show of the rest of the hub."""
        digest = hashlib.sha256(f"{self.language}\n{self.last_change}\n".encode())
        for part in (self.themes, self.networks, self.target_groups, list(self.cities.values()),
                     list(self.pledges.values()), self.broken, self.reviews):
            digest.update(repr(part).encode())
        for key in sorted(self.translations):
            if key[0] != PRACTICES_FOLDER:
                digest.update(repr(self._translations_shown(key)).encode())
        for key, languages in self.foreign.items():
            if key[0] != PRACTICES_FOLDER:
                digest.update(repr((key, languages)).encode())
        return digest.hexdigest()

    @cached_property
    def practice_fingerprints(self) -> dict[str, str]:
        """Each practice's digest: its fields but its body, its translations'
        but theirs, and the languages its texts are shown in."""
        return {slug: hashlib.sha256(repr((
            _digests(practice).fields, self._translations_shown((PRACTICES_FOLDER, slug)),
            self.foreign.get((PRACTICES_FOLDER, slug)))).encode()).hexdigest()
            for slug, practice in self.practices.items()}

    @cached_property
    def counts_fingerprint(self) -> str:
        """A digest of all a page or file that counts practices by city, theme,
        pledge or year may show: all but the practices
        (:attr:`fingerprint_apart_from_practices`), and the practices bar their
        texts (title, summary, body, partners, results, sources, contact,
        translations)."""
        digest = hashlib.sha256(f"{self.fingerprint_apart_from_practices}\n".encode())
        for _, practice in sorted(self.practices.items()):
            digest.update(_digests(practice).counted.encode())
        return digest.hexdigest()

    def _translations_shown(self, key: tuple[str, str]) -> list[Translation]:
        return [replace(translation, body="")
                for _, translation in sorted(self.translations.get(key, {}).items())]

    @cached_property
    def published(self) -> Hub:
        """What a build and the open data show: this hub without its drafts."""
        if not any(p.draft for p in self.practices.values()):
            return self
        return Hub(self.themes, self.networks, self.target_groups, dict(self.cities),
                   dict(self.pledges),
                   {slug: p for slug, p in self.practices.items() if not p.draft},
                   list(self.broken), dict(self.reviews), dict(self.translations),
                   self.language, self.foreign)

    def in_language(self, lang: str) -> Hub:
        """This hub as pages in ``lang`` show it: every city, pledge and
        practice with its texts in ``lang`` where a translation gives them
        (else the original's, recorded in :attr:`foreign`), and the
        vocabularies' labels in ``lang`` where they are translated. Lists are
        ordered by the names shown."""
        if lang == self.language:
            return self
        foreign: dict[tuple[str, str], dict[str, str]] = {}

        def shown(item: Translatable, key: str, localized: Localized[T]) -> T:
            # A city's name is a name in every language: never marked as foreign.
            if localized.lang != lang and key != "name":
                foreign.setdefault((_FOLDERS[type(item)], item.slug), {})[key] = localized.lang
            return localized.value

        def text(item: Translatable, key: TextKey) -> str:
            return shown(item, key, self.text_in(item, key, lang))

        def commitment(pledge: Pledge, original: Commitment) -> Commitment:
            def part(key: Literal["title", "text", "note"]) -> str | None:
                return shown(pledge, f"{original.id}.{key}",
                             self.commitment_in(pledge, original, key, lang))
            return replace(original, title=part("title") or original.title,
                           text=part("text") or original.text, note=part("note"))

        cities = {slug: replace(city, name=text(city, "name"), body=text(city, "body"))
                  for slug, city in self.cities.items()}
        pledges = {slug: replace(pledge, title=text(pledge, "title"),
                                 summary=text(pledge, "summary"), body=text(pledge, "body"),
                                 commitments=tuple(commitment(pledge, c)
                                                   for c in pledge.commitments))
                   for slug, pledge in self.pledges.items()}
        practices = {slug: replace(
            practice, title=text(practice, "title"), summary=text(practice, "summary"),
            body=text(practice, "body"),
            results=shown(practice, "results", self.list_in(practice, "results", lang)),
            partners=shown(practice, "partners", self.list_in(practice, "partners", lang)))
            for slug, practice in self.practices.items()}
        return Hub(self.themes.in_language(lang), self.networks.in_language(lang),
                   self.target_groups.in_language(lang), cities, pledges, practices,
                   list(self.broken), dict(self.reviews), dict(self.translations), lang, foreign)

    def written_in(self, item: Translatable, key: str = "title") -> str:
        """The language of ``item``'s ``key`` as this hub shows it (for a
        pledge's commitment, ``<id>.title``, ``<id>.text`` or ``<id>.note``)."""
        return self.foreign.get((_FOLDERS[type(item)], item.slug), {}).get(key, self.language)

    def _hold_back_orphans(self) -> None:
        """A practice whose city has errors cannot be shown until the city is fixed."""
        for slug, practice in list(self.practices.items()):
            if practice.city not in self.cities:
                del self.practices[slug]
                self.broken.append(Broken(
                    "practices", slug, practice.source_path, practice.title, [],
                    note=f"It belongs to the city '{practice.city}', whose file "
                         f"cities/{practice.city}.md has errors: fix that file first."))

    def _hold_back_orphan_translations(self) -> None:
        """A translation is shown with its original: without it (a draft left
        out, a file with errors), it waits too."""
        shown: dict[str, Mapping[str, object]] = {
            "cities": self.cities, "pledges": self.pledges, "practices": self.practices}
        self.translations = {key: dict(sorted(by_lang.items()))
                             for key, by_lang in sorted(self.translations.items())
                             if key[1] in shown[key[0]]}

    def _index_cities(self) -> None:
        cities = list(self.cities.values())
        self.cities_by_country: dict[str, list[City]] = dict(sorted(
            _index(cities, lambda c: [c.country]).items(),
            key=lambda kv: _by_name(country_name(kv[0]))))
        self.cities_by_network: dict[str, list[City]] = _index(cities, lambda c: c.networks)
        in_pledge: dict[str, list[tuple[City, Signature]]] = defaultdict(list)
        for city in cities:
            for signature in city.pledges:
                if signature.pledge in self.pledges:
                    in_pledge[signature.pledge].append((city, signature))
        for entries in in_pledge.values():
            entries.sort(key=lambda e: (e[1].signed is None, e[1].signed or 0, _by_name(e[0].name)))
        #: the cities of each pledge, in any role: signatories by date, then by name
        self.cities_in_pledge: dict[str, list[tuple[City, Signature]]] = dict(in_pledge)
        self.pledges_by_network: dict[str, list[Pledge]] = _index(
            self.pledges.values(), lambda p: p.networks)

    def _index_practices(self) -> None:
        practices = list(self.practices.values())
        city = self.city_of
        self.practices_in_city: dict[str, list[Practice]] = _index(practices, lambda p: [p.city])
        self.partner_practices: dict[str, list[Practice]] = _index(
            practices, lambda p: p.partner_cities)
        self.practices_by_theme: dict[str, list[Practice]] = _index(practices, lambda p: p.themes)
        self.practices_by_target_group: dict[str, list[Practice]] = _index(
            practices, lambda p: p.target_groups)
        self.practices_by_commitment: dict[str, list[Practice]] = _index(
            practices, lambda p: p.commitments)
        self.practices_by_pledge: dict[str, list[Practice]] = _index(
            practices, lambda p: dict.fromkeys(c.partition("#")[0] for c in p.commitments))
        self.practices_by_country: dict[str, list[Practice]] = _index(
            practices, lambda p: [city(p).country])
        self.practices_by_network: dict[str, list[Practice]] = _index(
            practices, lambda p: city(p).networks)
        self.practices_by_sdg: dict[int, list[Practice]] = dict(sorted(
            _index(practices, lambda p: p.sdgs).items()))

    # Queries used by the pages -------------------------------------------------

    def city_of(self, practice: Practice) -> City:
        return self.cities[practice.city]

    def practices_of_cities(self, slugs: Iterable[str]) -> list[Practice]:
        """The practices of the cities ``slugs``, as the city or a partner, each once."""
        found: dict[str, Practice] = {}
        for slug in slugs:
            for practice in (*self.practices_in_city.get(slug, ()),
                             *self.partner_practices.get(slug, ())):
                found.setdefault(practice.slug, practice)
        return list(found.values())

    def partner_cities_of(self, practice: Practice) -> list[City]:
        return [self.cities[s] for s in practice.partner_cities if s in self.cities]

    def commitments_of(self, practice: Practice) -> list[tuple[Pledge, Commitment]]:
        found = []
        for reference in practice.commitments:
            pledge_slug, _, commitment_id = reference.partition("#")
            pledge = self.pledges.get(pledge_slug)
            commitment = pledge.commitment(commitment_id) if pledge else None
            if pledge and commitment:
                found.append((pledge, commitment))
        return found

    def signed_pledges(self, city: City) -> list[tuple[Pledge, Signature]]:
        """The pledges a city signed or took part in, in any role."""
        return [(self.pledges[s.pledge], s) for s in city.pledges if s.pledge in self.pledges]

    def cities_in(self, pledge: Pledge, role: str) -> list[tuple[City, Signature]]:
        """The cities that took part in ``pledge`` in ``role`` (signatory, chair...)."""
        return [(city, signature) for city, signature in self.cities_in_pledge.get(pledge.slug, [])
                if signature.role == role]

    def roles_in(self, pledge: Pledge) -> list[tuple[str, int]]:
        """Each role some city has in ``pledge``, in the content model's order,
        with the number of cities in it."""
        counts = Counter(s.role for _, s in self.cities_in_pledge.get(pledge.slug, []))
        return [(role, counts[role]) for role in ROLES if counts[role]]

    def implementing(self, pledge: Pledge, commitment: Commitment) -> list[Practice]:
        return self.practices_by_commitment.get(f"{pledge.slug}#{commitment.id}", [])

    def newest_practices(self, count: int) -> list[Practice]:
        return newest(self.practices.values(), count)

    def related(self, practice: Practice) -> list[Practice]:
        """A few practices sharing a commitment or theme: deterministic and
        bounded, so computing it for every practice stays linear in N."""
        scores: dict[str, int] = {}
        for weight, groups, index in (
            (2, practice.commitments, self.practices_by_commitment),
            (1, practice.themes, self.practices_by_theme),
        ):
            for group in groups:
                for other in self._neighbours(group, index, practice):
                    scores[other.slug] = scores.get(other.slug, 0) + weight
        ranked = sorted(scores, key=lambda s: (-scores[s], self._by_title[s]))
        return [self.practices[s] for s in ranked[:RELATED_COUNT]]

    def _neighbours(self, group: str, index: dict[str, list[Practice]],
                    practice: Practice) -> Iterable[Practice]:
        members = index.get(group, [])
        if len(members) <= 1:
            return []
        position = self._positions[group].get(practice.slug, 0)
        count = min(_RELATED_SCAN, len(members) - 1)
        return [members[(position + step) % len(members)] for step in range(1, count + 1)]

    # Translations -----------------------------------------------------------------

    def translations_of(self, item: Translatable) -> dict[str, Translation]:
        """The translations of ``item``, by language code."""
        return self.translations.get((_FOLDERS[type(item)], item.slug), {})

    def translation(self, item: Translatable, lang: str) -> Translation | None:
        """The translation of ``item`` into ``lang``, if there is one."""
        return self.translations_of(item).get(lang)

    def text_in(self, item: Translatable, key: TextKey, lang: str) -> Localized[str]:
        """``item``'s ``key`` (title, summary, name or body) in ``lang``: the
        translation's where it gives one, else the original's, in the
        original's language. A city's name in another language than its
        file's may also come from its ``other_names`` (it is written in one of
        the two places only); in its file's language it is its own name."""
        translation = self.translation(item, lang)
        if translation is not None:
            text = translation.body if key == "body" else translation.texts.get(key)
            if text and text.strip():
                return Localized(text, lang, translation)
        if key == "name" and isinstance(item, City) and lang != item.lang:
            other = next((o.name for o in item.other_names if o.lang == lang), None)
            if other is not None:
                return Localized(other, lang)
        return Localized(str(getattr(item, key)), item.lang)

    def list_in(self, practice: Practice, key: Literal["results", "partners"],
                lang: str) -> Localized[tuple[str, ...]]:
        """A practice's results or partners in ``lang``, else the original's."""
        translation = self.translation(practice, lang)
        if translation is not None and key in translation.lists:
            return Localized(translation.lists[key], lang, translation)
        items: tuple[str, ...] = getattr(practice, key)
        return Localized(items, practice.lang)

    def commitment_in(self, pledge: Pledge, commitment: Commitment,
                      key: Literal["title", "text", "note"], lang: str) -> Localized[str | None]:
        """A commitment's title, text or note in ``lang``, else the original's.
        Whether the text is the document's own words is
        ``result.translation.official`` (a hub's translation is unofficial)."""
        translation = self.translation(pledge, lang)
        translated = translation.commitments.get(commitment.id) if translation else None
        text = getattr(translated, key) if translated else None
        if translation is not None and text:
            return Localized(text, lang, translation)
        original: str | None = getattr(commitment, key)
        return Localized(original, pledge.lang)

    def untranslated(self, lang: str) -> list[Translatable]:
        """The cities, pledges and practices with neither their original in
        ``lang`` nor a translation into it, in that order. A city without a
        profile has nothing to translate (its name in other languages is in
        its ``other_names``)."""
        items: list[Translatable] = [*(c for c in self.cities.values() if c.body.strip()),
                                     *self.pledges.values(), *self.practices.values()]
        return [item for item in items
                if item.lang != lang and lang not in self.translations_of(item)]

    @cached_property
    def progress(self) -> dict[str, PledgeProgress]:
        """What each pledge's participants have put into action, by pledge slug
        (:mod:`cityhub.content.progress`); published practices only."""
        from cityhub.content.progress import hub_progress

        return hub_progress(self)

    @cached_property
    def last_change(self) -> dt.date | None:
        """The day the published practices last changed (an addition or a review)."""
        from cityhub.content.progress import last_change

        return last_change(self)

    @cached_property
    def transliteration(self) -> dict[str, str]:
        """The table a browser writes the hub's text in ASCII with, as slugs and
        search do (:func:`cityhub.content.transliteration.browser_table`);
        made once per hub, for the explore page and the submission form."""
        from cityhub.content.transliteration import browser_table, texts_of

        return browser_table(texts_of(self))

    @cached_property
    def _by_title(self) -> dict[str, int]:
        """Each practice's place among them by title, then slug: their order."""
        return {slug: place for place, slug in enumerate(self.practices)}

    @cached_property
    def _positions(self) -> dict[str, dict[str, int]]:
        positions: dict[str, dict[str, int]] = {}
        for index in (self.practices_by_commitment, self.practices_by_theme):
            for group, members in index.items():
                positions[group] = {p.slug: i for i, p in enumerate(members)}
        return positions


def newest(practices: Iterable[Practice], count: int) -> list[Practice]:
    """The ``count`` practices added last, newest first; among those added on the
    same day (a whole batch often is), the most recently started first, then
    by title."""
    return heapq.nsmallest(count, practices,
                           key=lambda p: (-p.submitted.toordinal(), -p.started,
                                          _by_name(p.title), p.slug))


def _index(items: Iterable[T], keys: Callable[[T], Iterable[K]]) -> dict[K, list[T]]:
    """Items by each of their keys, in the items' order."""
    index: dict[K, list[T]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            index[key].append(item)
    return dict(index)


def _by_name(text: str) -> str:
    """How a name sorts: without case, accents or the quote marks and other
    signs it may open with ("«Wir sind Hamburg»" among the W, "Équité" with the E)."""
    return _OPENING_SIGNS.sub("", transliterate(text).casefold())


#: what a name may open with that is no letter or digit: quotes, brackets, dashes
_OPENING_SIGNS = re.compile(r"^[\W_]+")


@dataclass(frozen=True)
class _PracticeDigests:
    #: a digest of the practice's fields but its body
    fields: str
    #: a digest of what the practice is counted by: its fields but its texts
    counted: str


#: each practice's digests, for as long as the practice is in memory: a
#: preview server's loads reuse the practices of the files not saved since
_practice_digests: WeakKeyDictionary[Practice, _PracticeDigests] = WeakKeyDictionary()


def _digests(practice: Practice) -> _PracticeDigests:
    found = _practice_digests.get(practice)
    if found is None:
        found = _practice_digests[practice] = _PracticeDigests(
            hashlib.sha256(repr(replace(practice, body="")).encode()).hexdigest(),
            hashlib.sha256(repr(replace(
                practice, title="", summary="", body="", partners=(), results=(), sources=(),
                contact=None)).encode()).hexdigest())
    return found
