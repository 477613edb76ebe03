"""What the browser benchmarks share: building a scratch site, serving it on a
loopback port as a web host serves it (Debian's nginx when installed:
``apt-get install nginx-light``), and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import gzip
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MKDOCS = Path(sys.executable).with_name("mkdocs")
CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


#: what a web host sends compressed
COMPRESSED = {".html", ".js", ".json", ".css", ".svg", ".xml", ".txt", ".csv"}
_gzipped: dict[Path, bytes] = {}


class _Quiet(SimpleHTTPRequestHandler):
    """Files as a static web host sends them: over HTTP/1.1 connections kept
    open, text compressed (gzip, level 6) when the browser accepts it."""

    protocol_version = "HTTP/1.1"

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
    request_queue_size = 64  # ten files asked at once are not refused

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page closed while its requests were answered


def build(root: Path) -> None:
    """``mkdocs build`` of the site under ``root``, quietly."""
    subprocess.run([str(MKDOCS), "build", "-q"], cwd=root, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def python_speed() -> float:
    """Seconds a loop of 20 million additions takes in Python now: how fast
    this machine runs at the moment (a shared machine's speed varies by up to
    twice from hour to hour), so that figures of different runs can be
    compared."""
    started = time.perf_counter()
    total = 0
    for number in range(20_000_000):
        total += number
    return time.perf_counter() - started


def server_name() -> str:
    """What :func:`served` serves with."""
    return "nginx" if Path(NGINX).is_file() else "Python's http.server, in a process of its own"


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The folder ``site`` over HTTP on a free loopback port: its root URL.

    Served as a static web host serves it, by a server in a process of its
    own: nginx where Debian's is installed, else Python's server (slower: it
    answers ten files asked at once in about twice nginx's time here). In the
    driver's own process a server would wait on the driver (Playwright's
    events hold the same interpreter), and add that wait to every file."""
    with tempfile.TemporaryDirectory() as scratch:
        if Path(NGINX).is_file():
            port = _free_port()
            types = " ".join(sorted(_MIME[suffix] for suffix in COMPRESSED - {".html"}))
            (Path(scratch) / "nginx.conf").write_text(NGINX_CONF.format(
                scratch=scratch, port=port, root=site.resolve(), types=types), encoding="utf-8")
            server = subprocess.Popen([NGINX, "-p", scratch, "-c", f"{scratch}/nginx.conf"],
                                      stderr=subprocess.DEVNULL)
        else:
            server = subprocess.Popen([sys.executable, __file__, str(site)],
                                      stdout=subprocess.PIPE, text=True)
            assert server.stdout is not None
            port = int(server.stdout.readline() or 0)
        try:
            _wait_for(port, server)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait()


#: a static host's settings: files as they are, text gzipped (level 6),
#: connections kept open
NGINX_CONF = """daemon off;
worker_processes 1;
pid {scratch}/nginx.pid;
error_log {scratch}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {scratch};
  proxy_temp_path {scratch};
  fastcgi_temp_path {scratch};
  uwsgi_temp_path {scratch};
  scgi_temp_path {scratch};
  include /etc/nginx/mime.types;
  gzip on;
  gzip_comp_level 6;
  gzip_min_length 0;
  gzip_types {types};  # and text/html, always
  sendfile on;
  keepalive_timeout 65;
  server {{ listen 127.0.0.1:{port}; root {root}; index index.html; }}
}}
"""
_MIME = {".html": "text/html", ".js": "application/javascript", ".json": "application/json",
         ".css": "text/css", ".svg": "image/svg+xml", ".xml": "text/xml",
         ".txt": "text/plain", ".csv": "text/csv"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int, server: subprocess.Popen[Any]) -> None:
    for _ in range(200):
        if server.poll() is not None or not port:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"the web server did not start on port {port}")


def serve(site: Path) -> None:
    """Serve ``site`` on a free loopback port until stopped; the port is
    printed first."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    print(server.server_address[1], flush=True)
    server.serve_forever()


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


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
