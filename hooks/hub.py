"""MkDocs hooks of the Inclusive Cities Hub: a thin adapter to ``cityhub``.

All content logic lives in the ``cityhub`` package; these functions only hand
MkDocs' build events to it, so the hub can move to another site engine by
writing another adapter.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cityhub.build import prepare_site
from cityhub.pages import Site
from cityhub.parallel import PagePool
from cityhub.reviews import FOLDER as REVIEWS_FOLDER
from cityhub.search import slim_index
from cityhub.security import with_content_security_policy, with_noopener
from cityhub.workers import WorkersStopped

log = logging.getLogger("mkdocs.hooks.hub")

_command = "build"
_dirty = False
_site: Site | None = None
_pool: PagePool | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command, _dirty
    _command, _dirty = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Without a repository there is nothing to edit: MkDocs would otherwise
    # turn edit_uri alone into a relative link that leads nowhere.
    if not config.repo_url:
        config.edit_uri = None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _site
    serving = _command == "serve"
    root = Path(config.config_file_path).parent
    try:
        prepared = prepare_site(root, serving=serving, site_url=config.site_url or "",
                                site_name=config.site_name, repo_url=config.repo_url or "",
                                edit_uri=config.edit_uri or "")
    except WorkersStopped as stopped:
        raise Abort(str(stopped)) from None
    problems, _site = prepared.problems, prepared.site
    if serving:
        # The preview keeps serving: print problems rather than log them, so
        # they are not counted as build warnings that stop the server.
        for line in prepared.report:
            print(line, file=sys.stderr)
    else:
        for line in prepared.report:
            log.error(line) if not line.startswith("::") else print(line)
    if problems and not serving:
        raise Abort(f"{problems} content problem{'s' * (problems != 1)}: fix "
                    f"{'them' if problems != 1 else 'it'} and build again "
                    "(`make check` lists them without building)")
    # "Edit this page" names the repository file: edit_uri is relative to the
    # repository root, so hand-written pages live under the docs folder.
    docs = Path(config.docs_dir).relative_to(root).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs}/{file.src_uri}"
    for page in _site.pages.values():
        file = File.generated(config, page.src_uri, content=page.source())
        file.edit_uri = page.edit_path
        files.append(file)
    for path, content in prepared.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    # Review records are content too; mkdocs.yml cannot list the folder under
    # `watch`, which refuses a folder that does not exist yet.
    reviews = Path(config.config_file_path).parent / REVIEWS_FOLDER
    if reviews.is_dir():
        server.watch(str(reviews))
    return server


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _pool
    # A dirty build rebuilds only what changed, which the pool cannot know.
    if _site is None or _dirty:
        _pool = None
        return nav
    # The preview keeps the pages whose content did not change between saves.
    shared = _site.shared_fingerprint() if _command == "serve" else None
    _pool = PagePool.plan(config, files, nav, set(_site.pages), preview_of=shared)
    return nav


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    return _pool.placeholder(page, config) if _pool and _pool.defers(page) else page


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if _pool:
        _pool.start(config, files, env)
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The search plugin reads the page next; the late blocks come after it.
    return _site.fill(page.file.src_uri, html, late=False) if _site else html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    # Hooks run after the plugins, so the search index has read the page; the
    # page is complete once the late blocks are in, and its links are marked.
    if page.content:
        filled = _site.fill(page.file.src_uri, page.content, late=True) if _site else page.content
        page.content = with_noopener(filled)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _pool and _pool.defers(page):
        return _pool.publish(page, config)
    # The preview server injects its live-reload script after this event, so
    # only published builds carry the policy.
    return output if _command == "serve" else with_content_security_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _command == "serve" or not template_name.endswith(".html"):
        return output_content
    return with_content_security_policy(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    global _site, _pool
    if _pool:
        _pool.close()
    _site, _pool = None, None
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        slim_index(index)


def on_build_error(error: Exception) -> None:
    global _pool
    if _pool:
        _pool.close(failed=True)
    _pool = None
