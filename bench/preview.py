"""The editor's preview: from saving one practice to its reloaded page in ``mkdocs serve``.

Starts ``mkdocs serve --livereload`` on a scratch hub (or on the plain
baseline, whose practices are in ``docs/practices/``: the floor any MkDocs
site of as many pages has, with ``--dirty`` or without), waits until it serves,
then saves one practice with a new sentence appended to its body (or, with
``--title``, with a new last word in its title, which every listing of the
practice shows too) and asks the server for that practice's page until
the change is in it. MkDocs' server holds a request while a rebuild is under
way and answers once the whole site is rebuilt, which is also when the
browser's live-reload fires, so the time measured is the time the editor
waits to see their change.

    .venv/bin/python bench/preview.py bench/out/build/hub-2000
    .venv/bin/python bench/preview.py bench/out/build/hub-2000 --title
    .venv/bin/python bench/preview.py bench/out/build/plain-2000 --dirty
    HUB_LANGUAGES=en .venv/bin/python bench/preview.py bench/out/build/hub-2000
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import MKDOCS

#: a first build of a large hub takes minutes
STARTUP_TIMEOUT = 900.0
#: a save whose page does not show within this time made the file invalid, say
RELOAD_TIMEOUT = 120.0
POLL_INTERVAL = 0.05
#: seconds between one save's page showing and the next save, as an editor
#: reads the page before editing again
READING = 3.0


@dataclass(frozen=True)
class PreviewFigures:
    #: practices in the hub
    n: int
    #: seconds from starting the server to the first page served
    startup: float
    #: seconds from each save to the page showing the change
    reloads: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.reloads)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def page_text(url: str) -> str:
    """The page at ``url``, or '' while the server is not answering yet."""
    try:
        with urllib.request.urlopen(url, timeout=STARTUP_TIMEOUT) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at ``url`` contains ``text``."""
    started = time.perf_counter()
    while text not in page_text(url):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")
        time.sleep(POLL_INTERVAL)
    return time.perf_counter() - started


def start_server(root: Path, port: int, log: Path, dirty: bool = False
                 ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as output:
        return subprocess.Popen(
            [str(MKDOCS), "serve", "--livereload", "-a", f"127.0.0.1:{port}",
             *(["--dirty"] if dirty else [])],
            cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT)


def reload_seconds(practice: Path, url: str, marker: str, title: bool = False) -> float:
    """Save ``practice`` with ``marker`` appended to its body (or its title);
    seconds until its page shows it."""
    text = practice.read_text(encoding="utf-8")
    if title:
        line = next(line for line in text.splitlines() if line.startswith("title:"))
        # The title's last word is replaced, inside its quotes if it has them,
        # so that the title stays within its length limit.
        key, _, value = line.partition(":")
        value = value.strip()
        quote = value[-1] if value[-1] in "\"'" else ""
        words = value.removesuffix(quote).rsplit(" ", 1)
        kept = words[0] if len(words) > 1 else value.removesuffix(quote)
        edited = f"{key}: {kept} {marker}{quote}"
        saved = text.replace(line, edited, 1)
    else:
        saved = f"{text}\n{marker}\n"
    started = time.perf_counter()
    practice.write_text(saved, encoding="utf-8")
    wait_for(url, marker, RELOAD_TIMEOUT)
    return time.perf_counter() - started


def measure_preview(root: Path, log: Path, runs: int = 3, dirty: bool = False,
                    title: bool = False) -> PreviewFigures:
    """Median of ``runs`` saves of one practice in a served hub or plain site
    (``mkdocs serve --dirty`` if ``dirty``), its body edited (or its title);
    the file is restored."""
    folder = root / "practices" if (root / "practices").is_dir() else root / "docs" / "practices"
    practices = sorted(folder.glob("*.md"))
    practice = practices[len(practices) // 2]
    original = practice.read_bytes()
    port = free_port()
    url = f"http://127.0.0.1:{port}/practices/{practice.stem}/"
    server = start_server(root, port, log, dirty)
    try:
        startup = wait_for(url, "</html>", STARTUP_TIMEOUT)
        reloads = []
        for i in range(runs):
            time.sleep(READING)
            reloads.append(reload_seconds(practice, url, f"Previewmarker{i}", title))
    finally:
        server.terminate()
        server.wait(timeout=60)
        practice.write_bytes(original)
    return PreviewFigures(len(practices), startup, reloads)


if __name__ == "__main__":
    log = Path(__file__).resolve().parent / "out" / "serve.log"
    log.parent.mkdir(exist_ok=True)
    figures = measure_preview(Path(sys.argv[1]), log, dirty="--dirty" in sys.argv,
                              title="--title" in sys.argv)
    print(f"{figures.n:,} practices: first page after {figures.startup:.1f} s; "
          f"save to reloaded page {', '.join(f'{s:.1f}' for s in figures.reloads)} s, "
          f"median {figures.median:.1f} s")
