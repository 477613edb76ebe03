"""The hub as a MkDocs build: each build event handed to the engine-neutral package.

``hooks/hub.py`` calls one :class:`HubBuild` method per MkDocs event. The
state of one build (its generated pages, the page pool) lives here, so the
hooks hold no logic and the hub can move to another site engine by writing
another adapter beside this one.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cityhub import messages
from cityhub.build import LOCAL_SITE_URL, Loaded, PreviewCache, is_local, prepare_site
from cityhub.content.reviews import FOLDER as REVIEWS_FOLDER
from cityhub.content.workers import WorkersStopped
from cityhub.mkdocs import internals, languages, preview, search_loader
from cityhub.mkdocs.parallel import PagePool
from cityhub.mkdocs.preview import PreviewBuild
from cityhub.site.assets import OWN_ASSETS, hashed_name
from cityhub.site.kinds import TITLE_LIMIT
from cityhub.site.pages import Site
from cityhub.site.render import CompiledTemplates, plain_text
from cityhub.site.search import (
    SEPARATOR,
    STOCK_INDEX,
    compact_index,
    slim_entries,
    with_excluded,
    without_excluded,
)
from cityhub.site.security import with_content_security_policy, with_noopener

log = logging.getLogger("mkdocs.hooks.hub")
#: the theme's templates, compiled once for every build of the process
THEME_TEMPLATES = CompiledTemplates()

LOCAL_BUILD_NOTICE = (
    "notice: SITE_URL is not set, so the canonical links, the sitemap, the feed and the "
    "open data point at %(url)s: right for looking at the site on this computer, wrong "
    "for publishing. To publish, build with the public address: "
    "SITE_URL=https://hub.example.org/ make build")


class HubBuild:
    """One MkDocs build (or one rebuild of the preview server) of the hub."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.site: Site | None = None
        self.pool: PagePool | None = None
        #: whether pages load search through the hub's loader (see search_loader)
        self.search_on_demand = False
        #: the site's name, which the theme adds to every page's title
        self.site_name = ""
        #: the published names of the hub's own assets (see cityhub.site.assets)
        self.assets: dict[str, str] = {}
        #: the site's languages, the root's first, and the one this build makes
        self.languages: tuple[str, ...] = (messages.SOURCE_LANGUAGE,)
        self.language = messages.SOURCE_LANGUAGE
        #: what the first build hands this one when it builds another language
        self.handed: languages.LanguageBuild | None = None
        #: the content as this build read it, for the other languages' builds
        self.loaded: Loaded | None = None
        #: hand-written pages shown in the root's language, having no translation
        self.untranslated_pages: set[str] = set()
        #: the elements the search index skips, taken out of each page while
        #: the index reads it (see cityhub.site.search.without_excluded)
        self.excluded: dict[str, list[str]] = {}
        #: a preview server's build: the pages it keeps from its last build
        self.preview: PreviewBuild | None = None
        #: what a preview server read and made, to redo only what a save changed
        self.cache = PreviewCache()
        #: a digest of all this build's pages may show but their own texts
        self.content_key = ""
        #: whether this build is a preview server's rebuild after a save, into
        #: the folder as the last build left it (see cityhub.mkdocs.preview)
        self.rebuilding = False

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    @property
    def root(self) -> bool:
        """Whether this build makes the site's root (its first language)."""
        return self.handed is None

    def config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.handed = languages.handed()
        self.rebuilding = self.serving and not self.dirty and preview.is_rebuilding()
        if self.rebuilding and PreviewBuild.first_build(config.site_dir):
            # Nothing is known of what is in the folder (the last build failed).
            PreviewBuild.start_afresh(config.site_dir)
        self.languages = languages.site_languages(config)
        self.language = self.handed.language if self.handed else self.languages[0]
        # HUB_LANGUAGE builds the root's interface in another language of the
        # catalogue; x-pseudo shows any text that bypasses it.
        try:
            messages.activate(self.language if self.handed
                              else os.environ.get("HUB_LANGUAGE") or self.language)
        except ValueError as unknown:
            raise Abort(f"HUB_LANGUAGE: {unknown}") from None
        root_url = self.handed.root_url if self.handed else config.site_url or ""
        if self.handed:
            config.site_url = f"{root_url}{self.language}/"
            config.theme["language"] = self.language
            languages.translate_config(config)
        toc = config.mdx_configs.get("toc")
        if isinstance(toc, dict) and toc.get("permalink"):
            toc["permalink_title"] = messages.gettext("Permanent link")
        if len(self.languages) > 1:
            config.extra["alternate"] = languages.alternates(self.languages, self.language,
                                                             root_url)
        # Without a repository there is nothing to edit: MkDocs would otherwise
        # turn edit_uri alone into a relative link that leads nowhere.
        if not config.repo_url:
            config.edit_uri = None
        self.site_name = config.site_name
        if self.root and not self.serving and is_local(config.site_url or ""):
            # Printed, not logged: --strict would turn a logged warning into a
            # failed build of a fresh clone, where a local address is right.
            print(LOCAL_BUILD_NOTICE % {"url": config.site_url or LOCAL_SITE_URL}, file=sys.stderr)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and not search.config.get("separator"):
            search.config["separator"] = SEPARATOR
        if search is not None and self.handed:
            # Words are filtered as the page's language and the root's (in
            # which pages not yet translated are written) filter them. Not
            # stemmed: Material's query ends each term with a wildcard, which
            # lunr leaves unstemmed, so a stemmed index answers nothing.
            search.config["lang"] = [self.language, self.languages[0]]
        # The preview keeps Material's stock search: it is rebuilt on every save.
        self.search_on_demand = search is not None and not self.serving \
            and search_loader.usable(list(config.theme.dirs))
        return config

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).parent
        try:
            prepared = prepare_site(root, serving=self.serving, site_url=config.site_url or "",
                                    site_name=config.site_name, repo_url=config.repo_url or "",
                                    edit_uri=config.edit_uri or "",
                                    contact_email=str(config.extra.get("contact_email") or ""),
                                    site_description=config.site_description or "",
                                    language=self.language, languages=self.languages,
                                    loaded=self.handed.loaded if self.handed else None,
                                    cache=self.cache if self.serving else None)
        except WorkersStopped as stopped:
            raise Abort(str(stopped)) from None
        self.site, self.loaded = prepared.site, prepared.loaded
        self.content_key = prepared.content_key
        # The first build reports the content's problems, for every language.
        if self.root:
            self._report(prepared.loaded.report)
        if self.root and prepared.loaded.problems and not self.serving:
            count = prepared.loaded.problems
            raise Abort(f"{count} content problem{'s' * (count != 1)}: fix "
                        f"{'them' if count != 1 else 'it'} and build again "
                        "(`make check` lists them without building)")
        # "Edit this page" names the repository file: edit_uri is relative to the
        # repository root, so hand-written pages live under the docs folder.
        docs = Path(config.docs_dir).relative_to(root).as_posix()
        sources = self._pages_in_language(files, config)
        for file in files.documentation_pages():
            file.edit_uri = f"{docs}/{sources.get(file.src_uri, file.src_uri)}"
        for page in self.site.pages.values():
            # The page's metadata is handed over in page_markdown(), not
            # written as front-matter for MkDocs to parse back.
            file = File.generated(config, page.src_uri, content=page.markdown)
            file.edit_uri = page.edit_path
            files.append(file)
        for path, content in prepared.files.items():
            files.append(File.generated(config, path, content=content))
        self._name_assets_by_content(files, config)
        return files

    def _pages_in_language(self, files: Files, config: MkDocsConfig) -> dict[str, str]:
        """Each hand-written page in the build's language: its translation
        (``about.fr.md``) where there is one, else the root's page, marked.
        Returns the source file of each translated page, by the page's path."""
        pages = [file.src_uri for file in files.documentation_pages()]
        translations = languages.translated_pages(pages)
        translation_files = {name for by_language in translations.values()
                             for name in by_language.values()}
        for name in translation_files:
            files.remove(files.get_file_from_path(name))  # type: ignore[arg-type]
        self.untranslated_pages = set()
        sources: dict[str, str] = {}
        if self.root:
            return sources
        for name in pages:
            if name in translation_files:
                continue
            translated = translations.get(name, {}).get(self.language)
            if translated is None:
                self.untranslated_pages.add(name)
                continue
            source = Path(config.docs_dir) / translated
            files.remove(files.get_file_from_path(name))  # type: ignore[arg-type]
            files.append(File.generated(config, name, abs_src_path=str(source)))
            sources[name] = translated
        return sources

    def _name_assets_by_content(self, files: Files, config: MkDocsConfig) -> None:
        """Publish the hub's own assets under names made from their content, so
        hosts can let browsers keep them; pages name them through ``asset``."""
        self.assets = {}
        for path in OWN_ASSETS:
            file = files.get_file_from_path(path)
            if file is None:
                continue
            content = file.content_bytes
            self.assets[path] = hashed_name(path, content)
            files.remove(file)
            files.append(File.generated(config, self.assets[path], content=content))
        config.extra_css = [self.assets.get(path, path) for path in config.extra_css]
        config.extra_javascript = [
            self.assets.get(script, script) if isinstance(script, str) else script
            for script in config.extra_javascript]
        for script in config.extra_javascript:
            if not isinstance(script, str):
                script.path = self.assets.get(script.path, script.path)

    def _report(self, lines: list[str]) -> None:
        for line in lines:
            if self.serving:
                # The preview keeps serving: print problems rather than log them,
                # so they are not counted as build warnings that stop the server.
                print(line, file=sys.stderr)
            elif line.startswith("::"):
                print(line)
            else:
                log.error(line)

    def serve(self, server: LiveReloadServer, config: MkDocsConfig,
              builder: Callable[..., None]) -> LiveReloadServer:
        # Review records are content too; mkdocs.yml cannot list the folder under
        # `watch`, which refuses a folder that does not exist yet.
        reviews = Path(config.config_file_path).parent / REVIEWS_FOLDER
        if reviews.is_dir():
            server.watch(str(reviews))
        # A save is seen as the system notifies it, not within half a second.
        internals.watch_notified(server)
        # After a save, only the pages it changed are built again.
        changes = internals.dirty_builder(builder, preview.rebuild)
        if changes is not None:
            server.builder = changes
            preview.collect_garbage_later()
        return server

    def nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        # A dirty build asked for rebuilds only what changed, which the pool cannot know.
        if self.site is None or self.dirty:
            self.pool = self.preview = None
            return nav
        generated = set(self.site.pages)
        if self.serving:
            self.preview = PreviewBuild(config, files, self.site.page_fingerprints(),
                                        self.content_key, self.assets, self.languages,
                                        incremental=self.rebuilding)
            generated -= self.preview.unchanged
        self.pool = PagePool.plan(config, files, nav, generated)
        return nav

    def pre_page(self, page: Page, config: MkDocsConfig) -> Page:
        return self.pool.placeholder(page, config) if self.pool and self.pool.defers(page) \
            else page

    def page_markdown(self, markdown: str, page: Page) -> str:
        generated = self.site.pages.get(page.file.src_uri) if self.site else None
        if generated is not None:
            # What MkDocs read from the page itself (a placeholder's template) wins.
            room = TITLE_LIMIT - len(f" - {self.site_name}")
            page.meta = {**generated.meta(title_room=room), **page.meta}
        linked = self.site.linked_data_of(page.file.src_uri) if self.site else None
        if linked is not None:
            page.meta["hub_linked_data"] = linked
        return markdown

    def env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # The theme's own overrides (the 404 page, the feed's link) speak
        # through the hub's catalogue too; Material's words come from its own.
        env.bytecode_cache = THEME_TEMPLATES
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=messages.gettext, ngettext=messages.ngettext, newstyle=True)
        env.filters["text"] = plain_text
        env.globals["hub_search_loader"] = search_loader.LOADER if self.search_on_demand else None
        env.filters["asset"] = lambda path: self.assets.get(path, path)
        if self.pool:
            self.pool.start(config, files, env)
        return env

    def page_content(self, html: str, page: Page) -> str:
        src_uri = page.file.src_uri
        if self.site is not None:
            # The search plugin reads the page next; the late blocks come after it.
            html = self.site.fill(src_uri, html, late=False)
            if src_uri in self.untranslated_pages:
                html = self.site.untranslated_page(src_uri, html, self.languages[0])
        html, self.excluded[src_uri] = without_excluded(html)
        return html

    def page_context(self, context: dict[str, Any], page: Page) -> dict[str, Any]:
        # Hooks run after the plugins, so the search index has read the page; the
        # page is complete once the elements it skipped and the late blocks are
        # back in, and its links are marked.
        excluded = self.excluded.pop(page.file.src_uri, [])
        if page.content:
            filled = with_excluded(page.content, excluded)
            if self.site:
                filled = self.site.fill(page.file.src_uri, filled, late=True)
            page.content = with_noopener(filled)
        return context

    def post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.pool and self.pool.defers(page):
            output = self.pool.publish(page, config)
        elif not self.serving:
            # The preview server injects its live-reload script after this
            # event, so only published builds carry the policy.
            output = with_content_security_policy(output)
        if self.preview:
            self.preview.built(page.file.src_uri, internals.search_entries(config))
        return output

    def pre_index(self, config: MkDocsConfig) -> None:
        """Before the search plugin writes its index: the kept pages' entries
        back in it, each page's tags on its first entry only."""
        entries = internals.search_entries(config)
        if self.preview:
            self.preview.restore(entries)
        if entries is not None:
            slim_entries(entries)

    def post_template(self, output: str, template_name: str) -> str:
        if self.serving or not template_name.endswith(".html"):
            return output
        return with_content_security_policy(output)

    def post_build(self, config: MkDocsConfig) -> None:
        if self.pool:
            self.pool.close()
        if self.preview:
            self.preview.finish()
        self.site, self.pool, self.preview = None, None, None
        site_dir = Path(config.site_dir)
        index = site_dir / STOCK_INDEX
        # Published compactly; the preview keeps the index as the search plugin writes it.
        if index.is_file() and not self.serving:
            data = compact_index(index, internals.search_entries(config))
            if self.search_on_demand:
                search_loader.publish_search(site_dir, data)
        loaded, self.loaded = self.loaded, None
        if self.root and loaded is not None and len(self.languages) > 1:
            languages.build_other_languages(config, self.languages, loaded, self.serving,
                                            dirty=self.rebuilding)

    def build_error(self) -> None:
        if self.pool:
            self.pool.close(failed=True)
        self.pool = self.preview = None
