"""Search fetched only when asked: everything the hub assumes about Material's search.

Material's bundle requests the whole search index and starts its search
worker on every page view. The hub publishes the index under a content-hashed
address (:func:`cityhub.site.search.publish_index`) and puts a small script
before the bundle (``search_loader.js``, written to :data:`LOADER`) that holds
the request and the worker back until the visitor uses the search box; the
box, the results, highlighting and suggestions stay Material's own.

The script relies on how the bundle loads search. :func:`check` reads the
installed theme at the start of every build and, when a Material release no
longer matches, logs one warning naming what changed and the build keeps
Material's stock search (the index fetched on every page view): slower for
visitors, never broken. The preview server always uses stock search.
"""

from __future__ import annotations

import json
import re
import sys
from importlib.resources import files
from pathlib import Path

#: where the built site holds the loader
LOADER = "assets/javascripts/hub-search.js"

#: what the loader expects of Material's templates and bundle, and why
EXPECTED = (
    ("base.html", 'id="__config"', "the theme's configuration element"),
    ("base.html", '"search": "assets/javascripts/workers/search.',
     "the search worker's address in the configuration"),
    ("base.html", "{% block scripts %}", "the template block the loader is put before"),
    ("bundle", 'new URL("search/search_index.json",', "the index requested under the base URL"),
    ("bundle", "new XMLHttpRequest", "the index requested by XMLHttpRequest"),
    ("bundle", "new Worker(", "the search worker started with new Worker(url)"),
)

_BUNDLE = re.compile(r"assets/javascripts/(bundle\.[0-9a-f]+\.min\.js)")
_warned: set[str] = set()


def check(theme_dirs: list[str]) -> list[str]:
    """What the installed Material lacks of :data:`EXPECTED`; empty when all is there."""
    base = _find(theme_dirs, "base.html")
    if base is None:
        return ["Material's base.html"]
    template = base.read_text(encoding="utf-8")
    name = _BUNDLE.search(template)
    bundle = _find(theme_dirs, f"assets/javascripts/{name.group(1)}") if name else None
    if bundle is None:
        return ["Material's bundle named in base.html"]
    texts = {"base.html": template, "bundle": bundle.read_text(encoding="utf-8")}
    return [f"{why} ({where}: {text!r})" for where, text, why in EXPECTED
            if text not in texts[where]]


def usable(theme_dirs: list[str]) -> bool:
    """Whether the loader fits this Material; warns once, naming what changed, if not."""
    missing = check(theme_dirs)
    if missing and "; ".join(missing) not in _warned:
        _warned.add("; ".join(missing))
        # Printed in MkDocs' format, not logged: a strict build would stop on a
        # warning, and stock search publishes a working site.
        print("WARNING -  This Material release changed how its search loads: "
              f"{'; '.join(missing)}. The hub keeps Material's stock search "
              "(the index is fetched on every page view).", file=sys.stderr)
    return not missing


def loader_script(index_address: str) -> str:
    """The loader, holding back requests for the index at ``index_address``."""
    source = files("cityhub.mkdocs").joinpath("search_loader.js").read_text(encoding="utf-8")
    return source.replace('"__HUB_SEARCH_INDEX__"', json.dumps(index_address))


def write_loader(site_dir: Path, index_address: str) -> None:
    path = site_dir / LOADER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(loader_script(index_address), encoding="utf-8")


def _find(theme_dirs: list[str], name: str) -> Path | None:
    for folder in theme_dirs:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None
