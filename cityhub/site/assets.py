"""The hub's own assets under names that change with their content.

A host may keep ``assets/hub.3f2a9c01d4.css`` in browsers' caches for a year:
when the file changes, so does its name, and every page names the new one.
:func:`hashed_name` gives that name; the engine adapter renames the files of
:data:`OWN_ASSETS` and hands templates the mapping (the ``asset`` filter).
The shared image keeps its name: other sites link to it.
"""

from __future__ import annotations

import hashlib
from posixpath import splitext

#: the hub's own files in docs/, renamed by their content in every build
OWN_ASSETS = ("assets/hub.css", "assets/messages.js", "assets/explore.js",
              "assets/submit.js", "assets/submit.css")


def hashed_name(path: str, content: bytes) -> str:
    """``assets/hub.css`` with ten hex digits of its content's SHA-256 before the extension."""
    stem, extension = splitext(path)
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:10]}{extension}"
