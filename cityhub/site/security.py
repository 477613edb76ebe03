"""The Content-Security-Policy of the published pages.

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` that lets
scripts run only from the site itself, plus the inline scripts the theme
writes into that very page, allowed by their SHA-256 hashes. Anything else
that found its way into a page, such as a contributor's ``<script>`` or an
``onerror=`` attribute, is refused by the browser even if it escaped every
other check. Styles may be inline (the theme sets some), images may be
``data:`` URIs (the theme's icons), and nothing may load from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>",
                            re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SCRIPT_TYPES = {"text/javascript", "module", "application/javascript"}
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expressions (``'sha256-…'``) of a page's inline scripts."""
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attributes = match.group("attributes")
        if re.search(r"\bsrc\s*=", attributes, re.I):
            continue
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() not in _SCRIPT_TYPES:
            continue  # data such as the theme's JSON configuration: never run
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def content_security_policy(html: str) -> str:
    hashes = "".join(f" {h}" for h in inline_script_hashes(html))
    return "; ".join(POLICY).replace("{hashes}", hashes)


def with_content_security_policy(html: str) -> str:
    """The page with its policy as the first thing after its character set."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    charset = _CHARSET.search(html)
    if charset:
        return html[:charset.end()] + "\n    " + meta + html[charset.end():]
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        return html
    return html[:head.end()] + meta + html[head.end():]


_EXTERNAL_LINK = re.compile(r"<a\b(?P<attributes>[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*)>", re.I)


def with_noopener(html: str) -> str:
    """Links to other sites carry ``rel="noopener"``, so a page they open can
    never reach back into the hub's page (Markdown bodies write plain links)."""
    def add(match: re.Match[str]) -> str:
        attributes = match.group("attributes")
        rel = re.search(r"\brel=\"([^\"]*)\"", attributes, re.I)
        if rel is None:
            return f'<a{attributes} rel="noopener">'
        if "noopener" in rel.group(1).split():
            return match.group(0)
        values = f'{rel.group(1)} noopener'.strip()
        return f"<a{attributes[:rel.start()]}rel=\"{values}\"{attributes[rel.end():]}>"
    return _EXTERNAL_LINK.sub(add, html)
