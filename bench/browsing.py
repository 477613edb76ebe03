"""What the browser benchmarks share: building a scratch site, serving it on a
loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import gzip
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MKDOCS = Path(sys.executable).with_name("mkdocs")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


#: what a web host sends compressed
COMPRESSED = {".html", ".js", ".json", ".css", ".svg", ".xml", ".txt", ".csv"}
_gzipped: dict[Path, bytes] = {}


class _Quiet(SimpleHTTPRequestHandler):
    """Files as a static web host sends them: text compressed (gzip, level 6)
    when the browser accepts it."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = _gzipped.get(path)
        if body is None:
            body = _gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page closed while its requests were answered


def build(root: Path) -> None:
    """``mkdocs build`` of the site under ``root``, quietly."""
    subprocess.run([str(MKDOCS), "build", "-q"], cwd=root, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The folder ``site`` over HTTP on a free loopback port: its root URL."""
    server = _Server(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
