"""The site in each of its languages: one MkDocs build per language.

English is built at the site's root and each other language of
``extra.languages`` in ``mkdocs.yml`` into a folder of its own (``/fr/``,
``/es/``) with the same addresses below it, as Material's own multilingual
sites are: each language's build has Material's words in that language
(``theme.language``), its own search index with that language's and the
root's word rules (Material's ``search.lang``), and pages that link within
their language with the same relative links.

The first build (the one ``mkdocs build`` or ``mkdocs serve`` starts) builds
the others once its own is written, handing them the content it has already
read and checked, so content is loaded and reported once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from cityhub import messages
from cityhub.build import Loaded
from cityhub.site.kinds import language_root

#: the key of ``extra`` in mkdocs.yml listing the site's languages, the first at the root
CONFIG_KEY = "languages"
#: the languages to build, when a build needs fewer (``HUB_LANGUAGES=en``)
ENVIRONMENT = "HUB_LANGUAGES"
#: a hand-written page's translation: ``about.fr.md`` beside ``about.md``
_TRANSLATED_PAGE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


@dataclass(frozen=True)
class Alternate:
    """One language of the site, as a page links to it."""

    lang: str
    name: str
    #: the way from one language's root to this one's (``../es/``)
    link: str
    #: this language's published address (``https://hub.example.org/es/``)
    site_url: str


class Alternates:
    """The languages of the site, for the theme's language selector.

    Material shows its selector (``partials/alternate.html``) when
    ``extra.alternate`` is set, and its base template links each language's
    home page when that value is iterable. This value is set and not
    iterable, so the hub's own ``partials/alternate.html`` and ``main.html``
    link the same page in each language instead.
    """

    def __init__(self, current: str, links: list[Alternate]) -> None:
        self.current = current
        self.links = links

    def __bool__(self) -> bool:
        return len(self.links) > 1


@dataclass(frozen=True)
class LanguageBuild:
    """What a build of one language is handed by the first build."""

    language: str
    #: the content, read and checked once by the first build
    loaded: Loaded
    #: the site's address at its root
    root_url: str


_handed: ContextVar[LanguageBuild | None] = ContextVar("hub_language_build", default=None)


def handed() -> LanguageBuild | None:
    """The language this build makes when the first build started it, else None."""
    return _handed.get()


def site_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The languages to build, the root's first: ``extra.languages``, or
    those of ``HUB_LANGUAGES`` among them (a preview or a test that needs one)."""
    configured = tuple(config.extra.get(CONFIG_KEY) or (messages.SOURCE_LANGUAGE,))
    unknown = [code for code in configured if code not in messages.LANGUAGES]
    if unknown:
        raise Abort(f"extra.{CONFIG_KEY} in mkdocs.yml: {', '.join(unknown)} "
                    f"is not a language of the hub ({', '.join(messages.LANGUAGES)})")
    wanted = os.environ.get(ENVIRONMENT, "").replace(",", " ").split()
    if not wanted:
        return configured
    missing = [code for code in wanted if code not in configured]
    if missing:
        raise Abort(f"{ENVIRONMENT}: {', '.join(missing)} is not one of the site's "
                    f"languages ({', '.join(configured)}, extra.{CONFIG_KEY} in mkdocs.yml)")
    return tuple(code for code in configured if code in wanted)


def alternates(languages: tuple[str, ...], current: str, root_url: str) -> Alternates:
    """Each language of the site as the pages of ``current`` link it."""
    links = [Alternate(code, messages.ENDONYMS[code], language_root(languages, current, code),
                       root_url + language_root(languages, languages[0], code))
             for code in languages]
    return Alternates(current, links)


def translated_pages(names: list[str]) -> dict[str, dict[str, str]]:
    """Hand-written pages' translations among ``names`` (docs paths): by the
    translated page's path, its translation's path in each language."""
    found: dict[str, dict[str, str]] = {}
    for name in names:
        match = _TRANSLATED_PAGE.match(name)
        if match and match["lang"] in messages.LANGUAGES:
            found.setdefault(f"{match['stem']}.md", {})[match["lang"]] = name
    return found


def translate_config(config: MkDocsConfig) -> None:
    """The words of mkdocs.yml that pages show, in the build's language (the
    catalogue holds them: cityhub.messages.catalogue.config_messages)."""
    config.nav = translated_nav(config.nav)
    if config.copyright:
        config.copyright = messages.gettext(config.copyright)
    if config.site_description:
        config.site_description = messages.gettext(config.site_description)
    for scheme in config.theme.get("palette") or []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        label = toggle.get("name") if isinstance(toggle, dict) else None
        if isinstance(toggle, dict) and label:
            toggle["name"] = messages.gettext(label)


def translated_nav(nav: Any) -> Any:
    """The navigation of mkdocs.yml with its titles in the build's language."""
    if isinstance(nav, list):
        return [translated_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {messages.gettext(title): translated_nav(value) for title, value in nav.items()}
    return nav


def build_other_languages(config: MkDocsConfig, languages: tuple[str, ...], loaded: Loaded,
                          serving: bool, *, dirty: bool = False) -> None:
    """Build each language after the first into its folder of ``config.site_dir``
    (into the folder as it is, when ``dirty``: a preview's rebuild)."""
    root_url = config.site_url or ""
    for code in languages[1:]:
        with _handing(LanguageBuild(code, loaded, root_url)):
            other = load_config(config.config_file_path,
                                site_dir=str(Path(config.site_dir) / code),
                                strict=config.strict)
            other.plugins.on_startup(command="serve" if serving else "build", dirty=False)
            build(other, serve_url=root_url if serving else None, dirty=dirty)


@contextmanager
def _handing(language_build: LanguageBuild) -> Iterator[None]:
    token = _handed.set(language_build)
    language = messages.active().code
    try:
        yield
    finally:
        _handed.reset(token)
        messages.activate(language)
