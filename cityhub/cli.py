"""The ``hub`` command: what contributors and editors run in a terminal.

``hub check`` validates every content file and prints each problem as
``path:line: error: message`` (plus GitHub annotations under GitHub Actions),
exiting with status 1 if there is any. It is the same validator the site build
runs, so a clean ``hub check`` means the build will accept the content.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cityhub.loader import load_hub


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub", description="The Inclusive Cities Hub's tools.")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository root (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every city, pledge, practice and vocabulary")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
