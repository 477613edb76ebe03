"""Every file of the built fixture site, by path and SHA-256.

The golden articles (``test_golden.py``) are the readable diff of the pages;
this manifest sees everything else too: heads, the Content-Security-Policy,
the search index, the open data, the feed, the sitemap, the assets. A change
to any published byte fails here until the manifest is regenerated with
``make golden``, and the commit that does so says which change made the
difference.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "golden" / "site-manifest.txt"


def manifest(site: Path) -> str:
    """One line per published file: its SHA-256 and its path, sorted by path."""
    lines = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(site).as_posix()}")
    return "\n".join(lines) + "\n"


def test_every_file_of_the_built_site_matches_the_manifest(built_site: Path) -> None:
    produced = manifest(built_site)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        MANIFEST.write_text(produced, encoding="utf-8")
    expected = MANIFEST.read_text(encoding="utf-8")
    changed = sorted(set(produced.splitlines()) ^ set(expected.splitlines()))
    assert produced == expected, "files that differ from the manifest:\n" + "\n".join(
        {line.split("  ", 1)[1] for line in changed})
