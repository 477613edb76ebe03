"""Search fetched only when asked: everything the hub assumes about Material's search.

Material's bundle requests the whole search index and starts its search
worker on every page view, and the worker indexes every section of every page
before it can answer. The hub builds that index once, at build time
(:mod:`cityhub.site.search_engine`), and answers Material's search box from it
with a worker of its own (``search_worker.js``, written after lunr.js to
:func:`worker_address`), which speaks Material's worker's protocol and fetches
only the pieces of the index a query needs. A small script before the bundle
(``search_loader.js``, written to :data:`LOADER`) points the bundle's index
request at the prebuilt index and starts the hub's worker, both only when the
visitor uses the search box; the box, the results, highlighting and
suggestions stay Material's own.

Both scripts rely on Material's bundle and follow its worker.
:func:`check` reads the installed theme at the start of every build and, when
a Material release no longer matches, logs one warning naming what changed and
the build keeps Material's stock search (the index fetched on every page
view): slower for visitors, never broken. The preview server always uses stock
search.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from cityhub.site.search_engine import BuiltIndex, write_index

#: the lunr.js release Material's worker bundles
LUNR_RELEASE = "2.3.9"
#: where the built site holds the loader
LOADER = "assets/javascripts/hub-search.js"

#: Material's search worker whose protocol, query rewriting, ranking,
#: grouping and highlighting ``search_worker.js`` reproduces (Material 9.8.1)
FOLLOWED_WORKER = "search.a7633da7.min.js"

#: what the loader expects of Material's templates and bundle, and why
EXPECTED = (
    ("base.html", 'id="__config"', "the theme's configuration element"),
    ("base.html", '"search": "assets/javascripts/workers/search.',
     "the search worker's address in the configuration"),
    ("base.html", f'"search": "assets/javascripts/workers/{FOLLOWED_WORKER}"',
     "the release of Material's search worker the hub's worker follows"),
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


def loader_script(index_address: str, worker: str) -> str:
    """The loader, for the prebuilt index whose set-up file is at ``index_address``
    and the hub's worker at ``worker``."""
    source = files("cityhub.mkdocs").joinpath("search_loader.js").read_text(encoding="utf-8")
    return source.replace('"__HUB_SEARCH_INDEX__"', json.dumps(index_address)) \
        .replace('"__HUB_SEARCH_WORKER__"', json.dumps(worker))


def worker_script() -> bytes:
    """The hub's search worker: lunr.js (the copy MkDocs ships, the release
    Material bundles) followed by ``search_worker.js``."""
    lunr = files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_text(
        encoding="utf-8")
    if LUNR_RELEASE not in lunr[:200]:
        raise RuntimeError(f"the installed MkDocs ships another lunr.js than {LUNR_RELEASE}")
    own = files("cityhub.mkdocs").joinpath("search_worker.js").read_text(encoding="utf-8")
    return (lunr + "\n" + own).encode("utf-8")


def write_search(site_dir: Path, index: BuiltIndex) -> None:
    """Publish the prebuilt index, the hub's worker and the loader that starts them."""
    index.write(site_dir)
    _write_scripts(site_dir, index.address)


def publish_search(site_dir: Path, data: dict[str, Any]) -> None:
    """Publish the index of Material's search data (``config`` and ``docs``),
    each file written as it is made, the hub's worker and its loader."""
    _write_scripts(site_dir, write_index(data, site_dir))


def _write_scripts(site_dir: Path, address: str) -> None:
    script = worker_script()
    name = f"hub-search.{hashlib.sha256(script).hexdigest()[:8]}.js"
    folder = site_dir / "assets/javascripts/workers"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("hub-search.*.js"):
        old.unlink()
    (folder / name).write_bytes(script)
    path = site_dir / LOADER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(loader_script(address + "index.json",
                                  f"assets/javascripts/workers/{name}"), encoding="utf-8")


def _find(theme_dirs: list[str], name: str) -> Path | None:
    for folder in theme_dirs:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None
