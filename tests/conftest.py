"""Shared fixtures: tiny sites written into tmp_path and built with MkDocs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FIXTURE = FIXTURES / "site"
#: what a site needs besides its content: configuration, templates, hooks, pages
ENGINE_PARTS = ("mkdocs.yml", "hooks", "theme_overrides", "docs")
CONTENT_FOLDERS = ("cities", "pledges", "practices", "data")


def make_site(target: Path, content: Path = SITE_FIXTURE) -> Path:
    """A copy of the hub's engine with the content of ``content``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in ENGINE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    for folder in CONTENT_FOLDERS:
        if (content / folder).is_dir():
            shutil.copytree(content / folder, target / folder)
    return target


def build_site(root: Path, command: str = "build") -> Path:
    """Build ``root`` as ``mkdocs build`` (or, with command='serve', as the preview
    server does) and return the output folder."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"),
                         strict=command == "build")
    config.plugins.on_startup(command=command, dirty=False)
    build(config)
    return root / "site"


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    return make_site(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for all tests that only read it."""
    root = make_site(tmp_path_factory.mktemp("built") / "repo")
    return build_site(root)


@pytest.fixture
def read_page(built_site: Path) -> Callable[[str], str]:
    def read(url: str) -> str:
        return (built_site / url / "index.html").read_text(encoding="utf-8")
    return read
