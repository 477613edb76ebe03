"""Reading a built site as a crawler would: its links, anchors and requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src",
                    "iframe": "src"}
#: <link> relations that only name another address, like <a>: nothing is loaded
_HYPERLINK_RELS = {"canonical", "alternate", "prev", "next", "author", "license"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, address)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name) and (name == "id" or tag == "a"):
                self.page.ids.add(str(values[name]))
        attribute = _LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            rels = set(str(values.get("rel") or "").split())
            kind = "a" if tag == "link" and rels and rels <= _HYPERLINK_RELS else tag
            self.page.links.append((kind, str(values[attribute])))


def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def pages_of(site: Path) -> dict[str, Page]:
    """Every HTML page of the site by URL path ('', 'cities/', '404.html')."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        url = relative.removesuffix("index.html")
        pages[url] = parse(file)
    return pages


def broken_links(site: Path, pages: dict[str, Page] | None = None) -> list[str]:
    """Internal links whose file or anchor does not exist, as 'page -> address'
    (``pages``: the site's pages, if they have been read already)."""
    pages = pages_of(site) if pages is None else pages
    broken = []
    for url, page in pages.items():
        if url == "404.html":
            continue  # served at any depth; its links are relative to the site root
        for _, address in page.links:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc:
                continue
            target = urlsplit(urljoin("http://site/" + url, address))
            path = unquote(target.path).lstrip("/")
            file = site / path
            if path == "" or path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{url} -> {address}")
                continue
            if target.fragment and file.suffix == ".html":
                key = file.relative_to(site).as_posix().removesuffix("index.html")
                if unquote(target.fragment) not in pages[key].ids:
                    broken.append(f"{url} -> {address} (no such anchor)")
    return broken


def external_requests(site: Path, pages: dict[str, Page] | None = None) -> list[str]:
    """Addresses on other hosts that a page would load (not mere links)."""
    found = []
    for url, page in (pages_of(site) if pages is None else pages).items():
        for tag, address in page.links:
            if tag != "a" and (urlsplit(address).scheme or address.startswith("//")):
                found.append(f"{url}: <{tag}> {address}")
    return found
