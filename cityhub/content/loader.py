"""Loading the content folders into a :class:`~cityhub.content.hub.Hub`, in two phases.

Phase one reads every file and checks its own front-matter and body. Phase two,
once every id is known, checks references between files, the review
records in ``reviews/`` against their practices, and each translation
(``<slug>.<lang>.md``, :mod:`cityhub.content.translations`) against its
original. A file with any
problem becomes a :class:`~cityhub.content.hub.Broken` entry (so ``mkdocs serve`` can
show it with its errors) and everything else becomes typed content. Nothing
here raises on bad content: every problem goes into one
:class:`~cityhub.content.problems.Problems` collection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from types import ModuleType
from typing import Any

from cityhub.content import cities, pledges, practices, reviews, translations
from cityhub.content.bodies import check_body
from cityhub.content.cities import City
from cityhub.content.frontmatter import Document, read_document
from cityhub.content.hub import Broken, Hub
from cityhub.content.pledges import Pledge
from cityhub.content.practices import Practice
from cityhub.content.problems import Problem, Problems
from cityhub.content.references import Known
from cityhub.content.schema import INVALID, Checker
from cityhub.content.slugs import slugify
from cityhub.content.translations import FileName, Original, Translation, read_file_name
from cityhub.content.vocab import load_vocabularies
from cityhub.content.workers import map_in_order
from cityhub.messages import SOURCE_LANGUAGE

CONTENT_TYPES: tuple[ModuleType, ...] = (cities, pledges, practices)
#: from this many content files on, they are read on every core
READ_IN_PARALLEL_FROM = 2000
READ_CHUNK = 250


@dataclass
class _Entry:
    kind: ModuleType
    slug: str
    doc: Document
    checker: Checker
    values: dict[str, Any]
    #: the language of a translation; None for an original
    lang: str | None = None
    #: where a preview keeps what it made of the file, while the file is unchanged
    made: dict[str, Any] | None = None


class ReadFiles:
    """Content files as phase one read and checked them: a preview server,
    loading the content after each save, reads again only the files saved
    since (see :func:`saved`)."""

    def __init__(self) -> None:
        self._read: dict[_File, tuple[tuple[int, ...], tuple[Document, Any, bool], Problems,
                                      dict[str, Any]]] = {}

    def read(self, files: list[_File], problems: Problems) -> list[_Entry]:
        """Every file read and checked on its own: those saved since they were
        last read, the others as they were."""
        when = {file: saved(file.fs_path) for file in files}
        changed = [file for file in files
                   if file not in self._read or self._read[file][0] != when[file]]
        for part in map_in_order(_read_each, changed, chunk=READ_CHUNK,
                                 minimum=READ_IN_PARALLEL_FROM):
            for file, (result, found) in part:
                self._read[file] = (when[file], result, found, {})
        self._read = {file: self._read[file] for file in files}
        entries = []
        for file in files:
            _, (doc, values, failed), found, made = self._read[file]
            problems.extend(found)
            entry = _entry(file, doc, values, failed, problems)
            entry.made = made
            entries.append(entry)
        return entries


def load_hub(root: FsPath, *, include_drafts: bool = False,
             read: ReadFiles | None = None) -> tuple[Hub, Problems]:
    """Read, validate and cross-check all content under ``root``: the hub a
    preview shows (``include_drafts``), or its published view. ``read`` reads
    again only the files saved since its last load."""
    problems = Problems()
    vocabularies = load_vocabularies(root, problems)
    files = [file for kind in CONTENT_TYPES for file in _list_folder(root, kind, problems)]
    entries_read = read.read(files, problems) if read is not None \
        else _read_files(files, problems)
    entries = [e for e in entries_read if e.lang is None]
    known = Known(
        cities={e.slug for e in entries if e.kind is cities},
        pledges={e.slug for e in entries if e.kind is pledges},
        commitments={e.slug: pledges.commitment_ids(e.values)
                     for e in entries if e.kind is pledges},
        themes=vocabularies["themes"].checkable_ids,
        networks=vocabularies["networks"].checkable_ids,
        target_groups=vocabularies["target_groups"].checkable_ids,
    )
    for entry in entries:
        entry.kind.check_references(entry.values, known, entry.checker)
    _check_translations([e for e in entries_read if e.lang is not None], entries)
    records = reviews.read_reviews(root, problems)
    reviewed = {e.slug: _reviewed_practice(e) for e in entries if e.kind is practices}
    reviews.check_reviews(records, reviewed, _named_files(root, practices) - set(reviewed))
    content = Content()
    problems_by_path = problems.by_path()
    for entry in entries_read:
        content.add(entry, problems_by_path.get(entry.doc.path, []))
    hub = Hub(vocabularies["themes"], vocabularies["networks"], vocabularies["target_groups"],
              content.cities, content.pledges, content.practices, content.broken,
              {slug: reviews.build(record) for slug, record in records.items()
               if not record.checker.failed}, content.translations_by_original())
    return (hub if include_drafts else hub.published), problems


def _check_translations(translated: list[_Entry], originals: list[_Entry]) -> None:
    """Each translation against its original, once every original is read."""
    by_key = {(e.kind.FOLDER, e.slug): e for e in originals}
    slugs: dict[str, set[str]] = {}
    for e in originals:
        slugs.setdefault(e.kind.FOLDER, set()).add(e.slug)
    for entry in translated:
        assert entry.lang is not None
        folder = entry.kind.FOLDER
        source = by_key.get((folder, entry.slug))
        original = _original(source) if source else None
        translations.check_against_original(entry.values, entry.lang, original, folder,
                                            entry.slug, slugs.get(folder, set()), entry.checker)
        # A translation's sections are held to its original's standard: a draft's may be empty.
        if original and entry.kind is practices and entry.doc.readable and not original.draft:
            practices.check_sections({}, entry.doc, entry.checker)


def _original(entry: _Entry) -> Original:
    # A 'lang' written but refused is reported on the original; compare with no language then.
    refused = ("lang",) in entry.doc.lines and "lang" not in entry.values
    return Original(entry.doc.path, None if refused else entry.values.get("lang", SOURCE_LANGUAGE),
                    entry.values, pledges.commitment_ids(entry.values)
                    if entry.kind is pledges else set())


def _named_files(root: FsPath, kind: ModuleType) -> set[str]:
    """The names, without '.md', of the Markdown files in a content folder,
    whether they could be read or not."""
    folder = root / kind.FOLDER
    if not folder.is_dir():
        return set()
    return {name.removesuffix(".md") for name in os.listdir(folder) if name.endswith(".md")}


def _reviewed_practice(entry: _Entry) -> reviews.ReviewedPractice:
    written = frozenset(str(path[0]) for path in entry.doc.lines if len(path) == 1)
    return reviews.ReviewedPractice(entry.values, written, entry.checker)


@dataclass
class Content:
    """What was read, valid or not, before it becomes a :class:`Hub`."""

    cities: dict[str, City] = field(default_factory=dict)
    pledges: dict[str, Pledge] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)

    def translations_by_original(self) -> dict[tuple[str, str], dict[str, Translation]]:
        found: dict[tuple[str, str], dict[str, Translation]] = {}
        for translation in self.translations:
            found.setdefault((translation.folder, translation.slug), {})[translation.lang] = \
                translation
        return found

    def add(self, entry: _Entry, problems: list[Problem]) -> None:
        path = entry.doc.path
        if entry.lang is not None:
            # A translation with problems is left out; the page shows its
            # original, and the problems are reported on their own.
            if not problems:
                self.translations.append(translations.build(
                    entry.kind.FOLDER, entry.slug, entry.lang, entry.values, entry.doc.body,
                    path))
            return
        if problems:
            title = entry.values.get("title") or entry.values.get("name") or entry.slug
            self.broken.append(Broken(entry.kind.FOLDER, entry.slug, path, str(title), problems))
            return
        # Content is immutable: what a preview made of an unchanged file is kept.
        item = entry.made.get("item") if entry.made is not None else None
        if item is None:
            item = entry.kind.build(entry.slug, entry.values, entry.doc.body, path)
            if entry.made is not None:
                entry.made["item"] = item
        if entry.kind is cities:
            self.cities[entry.slug] = item
        elif entry.kind is pledges:
            self.pledges[entry.slug] = item
        else:
            self.practices[entry.slug] = item


@dataclass(frozen=True)
class _File:
    """A content file to read: its folder's content type (by index), slug and paths."""

    kind: int
    slug: str
    path: str
    fs_path: str
    #: the language of a translation; None for an original
    lang: str | None = None


def _list_folder(root: FsPath, kind: ModuleType, problems: Problems) -> list[_File]:
    folder = root / kind.FOLDER
    if not folder.is_dir():
        return []
    # Files are read only directly in the folder and never through a link, so
    # they are inside the repository exactly when the folder itself is.
    inside = folder.resolve().is_relative_to(root.resolve())
    kind_index = CONTENT_TYPES.index(kind)
    files = []
    for item in sorted(os.scandir(folder), key=lambda e: e.name):
        path = f"{kind.FOLDER}/{item.name}"
        name = _content_name(item, path, inside, problems)
        if name is not None:
            files.append(_File(kind_index, name.slug, path, item.path, name.lang))
    return files


def _read_files(files: list[_File], problems: Problems) -> list[_Entry]:
    """Every file read and checked on its own, on several cores for large hubs."""
    entries: list[_Entry] = []
    for part in map_in_order(_read_each, files, chunk=READ_CHUNK,
                             minimum=READ_IN_PARALLEL_FROM):
        for file, ((doc, values, failed), found) in part:
            problems.extend(found)
            entries.append(_entry(file, doc, values, failed, problems))
    return entries


def _entry(file: _File, doc: Document, values: Any, failed: bool,
           problems: Problems) -> _Entry:
    checker = Checker(doc, problems)
    checker.failed = failed
    return _Entry(CONTENT_TYPES[file.kind], file.slug, doc, checker, values, file.lang)


def saved(path: str) -> tuple[int, ...]:
    """When the file at ``path`` was last saved, as the file system says: its
    modification and change times, size and inode (which a file replaced by
    another, even an older one of the same size, does not keep)."""
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino


def _read_each(files: list[_File]) -> list[tuple[_File, tuple[tuple[Document, Any, bool],
                                                             Problems]]]:
    """Files read and checked, each with its own problems."""
    read = []
    for file in files:
        found = Problems()
        read.append((file, (_read_file(file, found), found)))
    return read


def _read_file(file: _File, problems: Problems) -> tuple[Document, Any, bool]:
    doc = read_document(file.path, FsPath(file.fs_path).read_bytes(), problems)
    checker = Checker(doc, problems)
    values: Any = {}
    kind = CONTENT_TYPES[file.kind]
    if doc.readable:
        check_body(doc, problems)
        schema = kind.SCHEMA if file.lang is None else kind.TRANSLATION
        values = schema.check(doc.data, (), checker)
    if values is INVALID:
        values = {}
    # A translation's sections are checked with its original, which may be a draft.
    if doc.readable and kind is practices and file.lang is None:
        practices.check_sections(values, doc, checker)
    # The checked values replace the raw data; a worker hands back less.
    doc.data = None
    return doc, values, checker.failed


def _content_name(item: os.DirEntry[str], path: str, inside: bool,
                  problems: Problems) -> FileName | None:
    """The slug (and a translation's language) of a content file, or None
    (reported) if it is not one."""
    if item.name.startswith("."):
        return None
    if item.is_symlink():
        problems.add(path, 1, "the file is a symbolic link; content files must be regular "
                              "files in the repository: replace the link with the file itself")
        return None
    if item.is_dir():
        problems.add(path, 1, "sub-folders are not read: put the content file directly in "
                              f"{path.split('/')[0]}/")
        return None
    if not item.name.endswith(".md"):
        problems.add(path, 1, "only Markdown files ending in .md belong here: "
                              "rename or move this file")
        return None
    if not inside:
        problems.add(path, 1, "the file resolves outside the repository and is not read")
        return None
    slug = item.name[:-3]
    name = read_file_name(slug)
    if isinstance(name, str):
        problems.add(path, 1, name)
        return None
    if name is None:
        suggestion = slugify(slug) or "a-name-like-this"
        problems.add(path, 1, f"the file name '{item.name}' is not a valid slug (lower-case "
                              f"letters, digits and single hyphens): rename it to "
                              f"'{suggestion}.md'")
        return None
    return name
