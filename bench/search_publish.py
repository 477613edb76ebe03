"""Publishing the prebuilt search index: its build time, and its files, against another revision.

Times what the prebuilt index adds to a build (reading Material's search data,
``build_index`` and ``write_search``, as ``bench/search.py``'s
``_publish_seconds`` does) with this working tree's engine and with another
revision's (``main`` unless told), alternately in fresh processes on the same
search data, and checks that both write the same index: every file under
``search/``, byte for byte. It also reports each process's peak resident
memory. Give built sites (or their ``search/search_index.json``):

    .venv/bin/python bench/search_publish.py bench/out/hub-2000/site
    .venv/bin/python bench/search_publish.py --against HEAD~3 --runs 5 site other/site

Exits 1 if an index differs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"

#: one timed publication, in a fresh process whose ``cityhub`` is the engine to time
PUBLISH = """
import json, resource, shutil, sys, time
from pathlib import Path
import cityhub
from cityhub.mkdocs import search_loader
from cityhub.site.search_engine import build_index
source, scratch = Path(sys.argv[1]), Path(sys.argv[2])
shutil.rmtree(scratch, ignore_errors=True)
(scratch / "search").mkdir(parents=True)
data = json.loads(source.read_bytes())  # the build hands over what it has read
started = time.perf_counter()
search_loader.write_search(scratch, build_index(data))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "engine": cityhub.__file__,
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def exported(revision: str, into: Path) -> Path:
    """The ``cityhub`` package of ``revision``, unpacked under ``into``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "cityhub"],
                             cwd=REPO, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def publish(engine: Path, source: Path, scratch: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PUBLISH, str(source), str(scratch)],
                          cwd=engine, env={**os.environ, "PYTHONPATH": str(engine)},
                          check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stdout)
    if not str(result["engine"]).startswith(str(engine)):
        raise RuntimeError(f"timed {result['engine']}, not the engine under {engine}")
    return result


def index_files(scratch: Path) -> dict[str, bytes]:
    """The index's files by name in its folder, and the folder's (content-hashed) name."""
    [folder] = [index.parent for index in (scratch / "search").glob("*/index.json")]
    files = {path.relative_to(folder).as_posix(): path.read_bytes()
             for path in sorted(folder.rglob("*")) if path.is_file()}
    return {"(folder name)": folder.name.encode(), **files}


def compare(source: Path, engines: dict[str, Path], runs: int) -> bool:
    times: dict[str, list[float]] = {label: [] for label in engines}
    peaks: dict[str, list[int]] = {label: [] for label in engines}
    for _ in range(runs):
        for number, (label, engine) in enumerate(engines.items()):
            result = publish(engine, source, OUT / f"publish-{number}")
            times[label].append(float(str(result["seconds"])))
            peaks[label].append(int(str(result["peak"])))
    written = {label: index_files(OUT / f"publish-{number}")
               for number, label in enumerate(engines)}
    first, *others = written.values()
    same = all(files == first for files in others)
    print(f"{source}:")
    for label in engines:
        print(f"  {label:>12}: {statistics.median(times[label]):.2f} s median of {runs} "
              f"({', '.join(f'{t:.2f}' for t in times[label])}), "
              f"peak memory {max(peaks[label]) / 2**20:.0f} MiB, {len(written[label]) - 1} files")
    if same:
        print(f"  the same {len(first) - 1} files under search/, and its name, byte for byte")
    else:
        for label, files in written.items():
            differing = sorted(set(files.items()) ^ set(first.items()))
            if differing:
                names = sorted({name for name, _ in differing})
                print(f"  {label} differs in {len(names)} files, e.g. {names[:5]}")
    return same


def search_data(path: Path) -> Path:
    return path / "search" / "search_index.json" if path.is_dir() else path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path,
                        help="built sites, or their search/search_index.json")
    parser.add_argument("--against", default="main", help="the revision to compare with")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as other:
        engines = {options.against: exported(options.against, Path(other)),
                   "working tree": REPO}
        results = [compare(search_data(site).resolve(), engines, options.runs)
                   for site in options.sites]
    for number in range(len(engines)):
        shutil.rmtree(OUT / f"publish-{number}", ignore_errors=True)
    sys.exit(0 if all(results) else 1)
