"""The package's folders are its layers, and imports run one way.

``messages`` (the interface's words) is below everything; ``content`` (the
files, the model, the graph) knows nothing above it;
``contribute`` (contributors' tools) builds on the content; ``site`` (page
kinds, rendering, search) and then ``outputs`` (open data, feed) build on
both; the top-level modules (``build``, ``cli``) put them together; and
``mkdocs`` alone knows the site engine. The hooks call the adapter only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cityhub"
HOOKS = PACKAGE.parent / "hooks"
#: each layer may import the layers listed before it, and itself
LAYERS = ("messages", "content", "contribute", "site", "outputs", "", "mkdocs")


def layer_of(module: str) -> str:
    """'cityhub.site.pages' is in 'site'; 'cityhub.cli' is in the top level ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ""


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("cityhub.") and _is_module(name)}


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__")


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_from_the_engine_adapter_down_to_the_content(path: Path) -> None:
    own = LAYERS.index(layer_of(module_name(path)))
    for imported in imports_of(path):
        other = LAYERS.index(layer_of(imported))
        assert other <= own, f"{module_name(path)} imports {imported}, a layer above it"


def test_every_module_is_in_a_layer() -> None:
    for path in MODULES:
        assert layer_of(module_name(path)) in LAYERS, path


def test_the_hooks_call_the_mkdocs_adapter_only() -> None:
    for path in HOOKS.glob("*.py"):
        for imported in imports_of(path):
            assert layer_of(imported) == "mkdocs", f"{path.name} imports {imported}"


def test_the_layer_rule_sees_an_import_upwards(tmp_path: Path) -> None:
    upward = tmp_path / "x.py"
    upward.write_text("from cityhub.site.pages import Site\n", encoding="utf-8")
    assert imports_of(upward) == {"cityhub.site.pages"}
    assert LAYERS.index(layer_of("cityhub.site.pages")) > LAYERS.index("content")


def test_copies_of_materials_templates_name_the_installed_release() -> None:
    """A copied partial follows one Material release: upgrading Material makes
    this fail until each copy is compared with the new original."""
    from importlib.metadata import version

    installed = version("mkdocs-material")
    copies = sorted((PACKAGE.parent / "theme_overrides" / "partials").glob("*.html"))
    assert copies
    for copy in copies:
        first = copy.read_text(encoding="utf-8").splitlines()[0]
        assert f"(mkdocs-material {installed})" in first, copy.name
