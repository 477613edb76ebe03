"""What translators should do next: content not yet in a language, and stale translations.

:func:`translation_report` adds to the editors' report (``hub report``), for
each of the hub's languages, the cities, pledges and practices neither
written in it nor translated into it, the vocabulary entries (themes,
target groups, networks) with no label in it, and the translations older than the
last change of their original. "Older" is read from the repository's
history (:class:`History`, the day of the original's last commit, against
the translation's ``translated`` date): where Git or the history is not
there, or an original is not committed yet, the report says so instead of
guessing.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cityhub.content.cities import City, language_name
from cityhub.content.hub import Hub, Translatable
from cityhub.contribute.report import Entry, Group
from cityhub.messages import LANGUAGES, SOURCE_LANGUAGE, _

#: how long one ``git`` call may take before the history counts as unavailable
GIT_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class History:
    """When each file last changed, as the repository's history says; when
    there is no history to read, ``missing`` says why."""

    last_change: Callable[[str], dt.date | None]
    missing: str | None = None


def git_history(root: Path) -> History:
    """The history of the Git repository at ``root``, read one file at a
    time with ``git log -1 --format=%cs -- <path>``."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside is None:
        return History(lambda path: None, _("Git is not installed"))
    if inside.strip() != "true":
        return History(lambda path: None, _("the folder is not a Git repository"))

    def last_change(path: str) -> dt.date | None:
        day = (_git(root, "log", "-1", "--format=%cs", "--", path) or "").strip()
        return dt.date.fromisoformat(day) if day else None

    return History(last_change)


def _git(root: Path, *args: str) -> str | None:
    """What ``git`` prints, "" when it fails, or None when it cannot be run."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else ""


def translation_report(hub: Hub, history: History) -> list[Group]:
    """The groups of the translators' part of the report, published content only."""
    hub = hub.published
    groups = [Group(_("Not yet in %(language)s (neither written in it nor translated)")
                    % {"language": language_name(lang)},
                    _("everything is in %(language)s") % {"language": language_name(lang)},
                    tuple(Entry(f"{item.source_path}: {_title(item)}")
                          for item in hub.untranslated(lang)))
              for lang in LANGUAGES]
    groups += [Group(_("Vocabulary entries without a label in %(language)s")
                     % {"language": language_name(lang)},
                     _("every entry has a label in %(language)s")
                     % {"language": language_name(lang)},
                     tuple(Entry(f"{vocabulary.path}: {term.id} ({term.label})")
                           for vocabulary in (hub.themes, hub.target_groups, hub.networks)
                           for term in vocabulary if lang not in term.translations))
               for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
    translations = [t for by_lang in hub.translations.values() for t in by_lang.values()]
    stale_title = _("Translations older than the last change of their original")
    if history.missing:
        return [*groups, Group(stale_title, _("not known: %(reason)s, so the dates of the "
                                              "originals' last changes cannot be read")
                               % {"reason": history.missing}, (), unknown=True)]
    originals = _original_paths(hub)
    stale, uncommitted = [], []
    for translation in translations:
        original = originals[translation.folder, translation.slug]
        changed = history.last_change(original)
        if changed is None:
            uncommitted.append(Entry(_("%(path)s: its original %(original)s is not committed "
                                       "yet") % {"path": translation.source_path,
                                                 "original": original}))
        elif changed > translation.translated:
            stale.append(Entry(_("%(path)s: translated %(translated)s; %(original)s changed "
                                 "%(changed)s") % {
                "path": translation.source_path, "translated": translation.translated.isoformat(),
                "original": original, "changed": changed.isoformat()}))
    return [*groups, Group(stale_title, _("every translation is as recent as its original"),
                           tuple(stale)),
            Group(_("Translations whose original has no history yet (compare them by hand)"),
                  _("every original is committed"), tuple(uncommitted))]


def _original_paths(hub: Hub) -> dict[tuple[str, str], str]:
    """The file of each city, pledge and practice, by (folder, slug)."""
    kinds: dict[str, dict[str, Translatable]] = {
        "cities": dict(hub.cities), "pledges": dict(hub.pledges),
        "practices": dict(hub.practices)}
    return {(folder, slug): item.source_path
            for folder, items in kinds.items() for slug, item in items.items()}


def _title(item: Translatable) -> str:
    """What the entry is, and its language where it is not the hub's source language."""
    title = item.name if isinstance(item, City) else item.title
    if item.lang == SOURCE_LANGUAGE:
        return title
    return _("%(title)s (written in %(language)s)") % {"title": title,
                                                      "language": language_name(item.lang)}
