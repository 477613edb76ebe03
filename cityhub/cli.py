"""The ``hub`` command: what contributors and editors run in a terminal.

``hub check`` validates every content file and prints each problem as
``path:line: error: message`` (plus GitHub annotations under GitHub Actions),
exiting with status 1 if there is any. It is the same validator the site build
runs, so a clean ``hub check`` means the build will accept the content.
``hub search`` answers a query from the built site's search index the way the
site's search box does. ``hub export`` writes the open-data files without
building the site.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from cityhub.loader import load_hub
from cityhub.opendata import exports
from cityhub.search import SiteSearch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub", description="The Inclusive Cities Hub's tools.")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository root (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every city, pledge, practice and vocabulary")
    search = commands.add_parser(
        "search", help="search the built site as its search box does (run `make build` first)")
    search.add_argument("query", help="what a visitor would type, e.g. 'housing Barcelona'")
    search.add_argument("--site", type=Path, default=None,
                        help="the built site folder (default: ROOT/site)")
    search.add_argument("--limit", type=int, default=10, help="how many results to show")
    export = commands.add_parser(
        "export", help="write the open-data files (practices.json, feed.xml...) to a folder")
    export.add_argument("--out", type=Path, required=True, help="the folder to write into")
    export.add_argument("--site-url", default="",
                        help="the published site's address, e.g. https://hub.example.org/")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root)
    if args.command == "search":
        return search_site(args.site or args.root / "site", args.query, args.limit)
    if args.command == "export":
        return export_data(args.root, args.out, args.site_url)
    return 2  # pragma: no cover - argparse refuses unknown commands


def check(root: Path) -> int:
    hub, problems = load_hub(root, include_drafts=True)
    for line in problems.report_lines():
        print(line)
    if problems:
        files = len(problems.paths())
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
              f"file{'s' * (files != 1)}.", file=sys.stderr)
        return 1
    print(f"All content is valid: {len(hub.cities)} cities, {len(hub.pledges)} pledges, "
          f"{len(hub.practices)} practices.", file=sys.stderr)
    return 0


def export_data(root: Path, out: Path, site_url: str) -> int:
    hub, problems = load_hub(root, include_drafts=False)
    if problems:
        for line in problems.report_lines():
            print(line)
        print("error: the content has problems; fix them before exporting", file=sys.stderr)
        return 1
    for path, content in exports(hub, site_url, "Inclusive Cities Hub").items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    print(f"Wrote {len(hub.practices)} practices, {len(hub.cities)} cities and "
          f"{len(hub.pledges)} pledges to {out}.", file=sys.stderr)
    return 0


def search_site(site: Path, query: str, limit: int) -> int:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        print(f"error: {index} does not exist: build the site first with `make build`",
              file=sys.stderr)
        return 2
    results = SiteSearch(index).search(query)
    for rank, result in enumerate(results[:limit], start=1):
        print(f"{rank:>2}. {result.title}  /{result.location}")
        if result.text:
            print(f"    {textwrap.shorten(result.text, 110)}")
    print(f"{len(results)} page{'s' * (len(results) != 1)} found.", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
