"""Preparing one build of the site: load, validate, generate pages and data.

Engine adapters (the MkDocs hooks) call :func:`prepare_site` once per build,
so a preview server that rebuilds after each save starts from fresh state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cityhub.content.hub import Hub
from cityhub.content.loader import ReadFiles, load_hub
from cityhub.messages import SOURCE_LANGUAGE
from cityhub.outputs.opendata import Records, exports
from cityhub.site.card import CARD_PNG, card_png
from cityhub.site.explore import EXPLORE_JSON, explore_json
from cityhub.site.linked_data import LinkedData
from cityhub.site.maps import WORLD_SVG, world_svg
from cityhub.site.pages import Site, repository_files
from cityhub.site.render import Renderer

#: where the preview serves the site, and the address a build without SITE_URL
#: gives its links
LOCAL_SITE_URL = "http://127.0.0.1:8000/"
ROBOTS_TXT = "robots.txt"


def is_local(site_url: str) -> bool:
    """Whether links built with ``site_url`` lead only to this computer."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in ("", "127.0.0.1", "localhost", "[::1]", "0.0.0.0")


def robots_txt(site_url: str, languages: tuple[str, ...] = (SOURCE_LANGUAGE,)) -> bytes:
    """Every page may be crawled; the sitemaps (the root's, then each other
    language's) are named when their address is real."""
    lines = ["User-agent: *", "Allow: /"]
    if not is_local(site_url):
        root = site_url.rstrip("/")
        lines += [f"Sitemap: {root}/sitemap.xml",
                  *(f"Sitemap: {root}/{code}/sitemap.xml" for code in languages[1:])]
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Loaded:
    """The content as one build read and checked it, for every language of the site."""

    hub: Hub
    #: the number of content problems, and the lines reporting them
    problems: int
    report: list[str]

    @cached_property
    def fingerprint(self) -> str:
        """A digest of all the content but the bodies (see :meth:`Hub.fingerprint`)."""
        return self.hub.fingerprint()


@dataclass
class PreviewCache:
    """What a preview server keeps from one build to the next, to redo only
    what a save changed."""

    #: the content files, as they were read and checked
    read_files: ReadFiles = field(default_factory=ReadFiles)
    #: each language's other files (open data, feed, the explore page's data,
    #: the maps, the social card), with the key of what they were made from
    files: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    #: the practices' open-data records
    records: Records = field(default_factory=Records)


def load(root: Path, *, serving: bool, read: ReadFiles | None = None) -> Loaded:
    """Read and check the content under ``root``: drafts too in a preview
    (which keeps what it read in ``read``, to read again only what changed)."""
    hub, problems = load_hub(root, include_drafts=serving, read=read)
    return Loaded(hub, len(problems), problems.report_lines())


@dataclass
class Build:
    #: the generated pages
    site: Site
    #: a digest of all the build's pages and files may show but the bodies of
    #: practices and translations, which only their own pages show
    content_key: str
    #: other files to publish (open data, feed, the explore page's data, the
    #: world map), by path from the site root
    files: dict[str, bytes]
    #: the content the pages show
    loaded: Loaded


def prepare_site(folder: Path, *, serving: bool, site_url: str = "",
                 site_name: str = "Inclusive Cities Hub", repo_url: str = "",
                 edit_uri: str = "", contact_email: str = "",
                 site_description: str = "", language: str = SOURCE_LANGUAGE,
                 languages: tuple[str, ...] = (SOURCE_LANGUAGE,),
                 loaded: Loaded | None = None, cache: PreviewCache | None = None) -> Build:
    """Everything one build publishes, generated from the content under ``folder``.

    A preview (``serving``) includes drafts and shows broken files as pages
    listing their problems; a build excludes drafts. The open data never
    contains drafts. ``site_url`` makes the addresses in the data absolute;
    ``repo_url`` (with the branch of ``edit_uri``) lets pages link files of the
    repository, such as a practice's review record. ``contact_email`` is where
    the submission form tells people to send their file when there is no
    repository to propose it on.

    The pages show the content in ``language`` (where it is translated),
    with the interface's words of the active catalogue; ``languages`` are
    the site's, the first at its root (whose build writes ``robots.txt``).
    ``loaded`` is the content as another language's build of the same site
    read it. ``cache`` is what a preview server's last build read and made,
    of which this build redoes only what changed.
    """
    loaded = loaded or load(folder, serving=serving,
                            read=cache.read_files if cache is not None else None)
    hub = loaded.hub.in_language(language)
    site = Site(hub, Renderer(folder), show_broken=serving,
                repository=repository_files(repo_url, edit_uri), contact_email=contact_email,
                linked_data=LinkedData(hub, site_url or LOCAL_SITE_URL, site_name,
                                       site_description))
    # Pages link their translations on the site's other languages.
    site.renderer.env.globals["site_languages"] = languages
    # The language's texts: the root's hub, the translations of each language
    # beside it, and the letters of the language's bodies.
    content_key = hashlib.sha256(
        f"{folder}\n{loaded.fingerprint}\n{sorted(hub.transliteration.items())}\n{language}\n"
        f"{languages}\n{site_url}\n{site_name}".encode()).hexdigest()
    made = cache.files.get(language) if cache is not None else None
    if made is not None and made[0] == content_key:
        files = dict(made[1])
    else:
        files = _other_files(loaded, hub, site_url, site_name, language, languages,
                             cache.records if cache is not None else None)
        if cache is not None:
            cache.files[language] = (content_key, dict(files))
    world = files[WORLD_SVG]
    del files[WORLD_SVG]
    files[site.renderer.name_asset(WORLD_SVG, world)] = world
    return Build(site, content_key, files, loaded)


def _other_files(loaded: Loaded, hub: Hub, site_url: str, site_name: str, language: str,
                 languages: tuple[str, ...], records: Records | None) -> dict[str, bytes]:
    """The files besides the pages: open data, feed, the explore page's data,
    the world map (under its plain name), the social card, robots.txt."""
    # The open data holds every language (each text's translations beside it);
    # the feed is in the build's.
    files = exports(loaded.hub, site_url, site_name, feed_hub=hub, records=records)
    files[EXPLORE_JSON] = explore_json(hub)
    files[WORLD_SVG] = world_svg()
    files[CARD_PNG] = card_png(hub)
    if language == languages[0]:
        files[ROBOTS_TXT] = robots_txt(site_url, languages)
    return files
