"""MkDocs hooks of the Inclusive Cities Hub: each event handed to ``cityhub.mkdocs``.

All logic lives in the ``cityhub`` package; these functions only pass MkDocs'
build events on, so the hub can move to another site engine by writing
another adapter.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cityhub.mkdocs.adapter import HubBuild

hub = HubBuild()


def on_startup(command: str, dirty: bool) -> None:
    hub.startup(command, dirty)


@event_priority(100)  # before the search plugin reads its settings
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return hub.config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return hub.files(files, config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    return hub.serve(server, config, builder)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return hub.nav(nav, config, files)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    return hub.pre_page(page, config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return hub.page_markdown(markdown, page)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return hub.env(env, config, files)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return hub.page_content(html, page)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    return hub.page_context(context, page)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return hub.post_page(output, page, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return hub.post_template(output_content, template_name)


@event_priority(100)  # before the search plugin writes its index
def _before_search_index(config: MkDocsConfig) -> None:
    hub.pre_index(config)


def _post_build(config: MkDocsConfig) -> None:
    hub.post_build(config)


on_post_build = CombinedEvent(_before_search_index, _post_build)


def on_build_error(error: Exception) -> None:
    hub.build_error()
