"""The ``hub`` command: what contributors and editors run in a terminal.

``hub check`` validates every content file and prints each problem as
``path:line: error: message`` (plus GitHub annotations under GitHub Actions),
exiting with status 1 if there is any. It is the same validator the site build
runs, so a clean ``hub check`` means the build will accept the content.
``hub search`` answers a query from the built site's search index the way the
site's search box does. ``hub export`` writes the open-data files without
building the site.
``hub new practice`` and ``hub new city`` start a content file from the schema;
``hub issue-form`` prints the GitHub issue form for proposing a practice and
``hub from-issue`` turns a filled one into a practice file.
``hub report`` lists what editors should review next: practices due for review
or never reviewed, practices without results, cities without practices and
commitments no practice puts into action yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from cityhub.content.loader import load_hub
from cityhub.content.workers import WorkersStopped
from cityhub.contribute.issueform import issue_form, practice_from_issue
from cityhub.contribute.report import format_report, review_report
from cityhub.contribute.scaffold import NewFile, Refused, new_city, new_practice
from cityhub.contribute.translation_report import git_history, translation_report
from cityhub.messages import LANGUAGES, SOURCE_LANGUAGE, _, catalogue, ngettext
from cityhub.outputs.opendata import exports
from cityhub.site.search import STOCK_INDEX, SiteSearch
from cityhub.site.search_engine import published_index


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever happens, the user reads a sentence, never a traceback."""
    args = _parser().parse_args(argv)
    try:
        status = _run(args)
        sys.stdout.flush()
        return status
    except WorkersStopped as stopped:
        print(f"hub: error: {stopped}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader stopped reading (`hub search ... | head`): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(_("hub: stopped (Ctrl-C)."), file=sys.stderr)
        return 130
    except OSError as error:  # a file or folder it cannot read or write
        print(_("hub: error: %(error)s") % {"error": error}, file=sys.stderr)
        return 1
    except Exception as error:  # the last resort: a sentence, not a traceback
        print(_("hub: error: %(error)s. This is a fault of the hub, not of your content: "
                "please report it to the hub's maintainers with the command you ran.")
              % {"error": f"{type(error).__name__}: {error}"}, file=sys.stderr)
        return 70


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return check(args.root)
    if args.command == "search":
        site = args.site or args.root / "site"
        return search_site(site if args.lang == SOURCE_LANGUAGE else site / args.lang,
                           args.query, args.limit)
    if args.command == "export":
        return export_data(args.root, args.out, args.site_url)
    if args.command == "issue-form":
        print(issue_form(args.root), end="")
        return 0
    if args.command == "report":
        return report(args.root, dt.date.today())
    if args.command == "messages":
        return update_messages(args.root, check_only=args.check)
    try:
        return create(args.root, _new_file(args))
    except Refused as refusal:
        for message in refusal.messages:
            print(f"error: {message}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hub", description="The Inclusive Cities Hub's tools.")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the repository root (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every city, pledge, practice and vocabulary")
    messages = commands.add_parser(
        "messages", help="update the interface's gettext catalogues from the source")
    messages.add_argument("--check", action="store_true",
                          help="only say what the catalogues lack or hold in excess")
    search = commands.add_parser(
        "search", help="search the built site as its search box does (run `make build` first)")
    search.add_argument("query", help="what a visitor would type, e.g. 'housing Barcelona'")
    search.add_argument("--site", type=Path, default=None,
                        help="the built site folder (default: ROOT/site)")
    search.add_argument("--limit", type=int, default=10, help="how many results to show")
    search.add_argument("--lang", choices=LANGUAGES, default=SOURCE_LANGUAGE,
                        help="search the site in this language: English at the site's root, "
                             "French and Spanish under /fr/ and /es/ (default: en)")
    export = commands.add_parser(
        "export", help="write the open-data files (practices.json, feed.xml...) to a folder")
    export.add_argument("--out", type=Path, required=True, help="the folder to write into")
    export.add_argument("--site-url", default="",
                        help="the published site's address, e.g. https://hub.example.org/")
    _add_contribution_commands(commands)
    return parser


def _add_contribution_commands(commands: Any) -> None:
    new = commands.add_parser("new", help="start a new practice or city file, ready to fill in")
    kinds = new.add_subparsers(dest="kind", required=True)
    practice = kinds.add_parser("practice", help="write practices/<slug>.md as a draft")
    practice.add_argument("--city", required=True, help="the city's slug, e.g. barcelona")
    practice.add_argument("--title", required=True, help="the practice's name")
    city = kinds.add_parser("city", help="write cities/<slug>.md")
    city.add_argument("--name", required=True, help="the city's name, e.g. 'São Paulo'")
    city.add_argument("--country", required=True, help="ISO country code, e.g. BR")
    city.add_argument("--lat", default="", help="latitude in decimal degrees, e.g. -23.55")
    city.add_argument("--lon", default="", help="longitude in decimal degrees, e.g. -46.63")
    commands.add_parser("issue-form", help="print the GitHub issue form for proposing a practice")
    commands.add_parser("report", help="list what editors should review: practices due for "
                        "review, without results, cities without practices...")
    from_issue = commands.add_parser(
        "from-issue", help="turn the body of a filled practice issue into practices/<slug>.md")
    from_issue.add_argument("file", type=Path, help="a file holding the issue's body")


def _new_file(args: argparse.Namespace) -> NewFile:
    today = dt.date.today()
    if args.command == "from-issue":
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise Refused(f"cannot read {args.file}: {error}") from None
        return practice_from_issue(args.root, text, today)
    if args.kind == "city":
        return new_city(args.root, args.name, args.country, args.lat, args.lon)
    return new_practice(args.root, args.city, args.title, today)


def create(root: Path, new: NewFile) -> int:
    """Write ``new``, then validate it as ``hub check`` would: a new draft
    lists the fields still to fill in."""
    new.write(root)
    problems = load_hub(root, include_drafts=True)[1]
    found = problems.for_path(new.path)
    for problem in found:
        print(problem)
    if new.to_fill:
        print(_("Wrote %(path)s as a draft. The lines above name the fields still to fill in; "
                "the comment above each field in the file explains it. Then run `make check`.")
              % {"path": new.path}, file=sys.stderr)
        return 0
    if found:
        print(f"Wrote {new.path}; fix the {len(found)} problem{'s' * (len(found) != 1)} "
              "above, then run `hub check`.", file=sys.stderr)
        return 1
    draft = " as a draft" if new.path.startswith("practices/") else ""
    print(f"Wrote {new.path}{draft}: fill it in, then run `make check`. The comments in "
          "the file explain each field.", file=sys.stderr)
    return 0


def update_messages(root: Path, *, check_only: bool) -> int:
    """Bring the catalogues in step with the interface, or (``--check``) say where they are not."""
    if not check_only:
        for path in catalogue.update(root):
            print(f"Wrote {path.relative_to(Path(catalogue.__file__).parents[2])}")
    lines = [line for code in LANGUAGES for line in catalogue.problems(root, code).lines()]
    for line in lines:
        print(line, file=sys.stderr)
    return 1 if lines else 0


def check(root: Path) -> int:
    hub, problems = load_hub(root, include_drafts=True)
    for line in problems.report_lines():
        print(line)
    if problems:
        files = len(problems.paths())
        print(f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
              f"file{'s' * (files != 1)}.", file=sys.stderr)
        if "HUB_MAKE_VARIABLES" in os.environ:  # make adds a line of its own after ours
            print(ngettext("Fix it, then run `make check` again. (The line make adds below, "
                           "ending in 'Error 1', only repeats that a problem was found.)",
                           "Fix them, then run `make check` again. (The line make adds below, "
                           "ending in 'Error 1', only repeats that problems were found.)",
                           len(problems)), file=sys.stderr)
        return 1
    print(f"All content is valid: {len(hub.cities)} cities, {len(hub.pledges)} pledges, "
          f"{len(hub.practices)} practices.", file=sys.stderr)
    return 0


def report(root: Path, today: dt.date) -> int:
    """Print the editors' review report; it informs, so it never fails."""
    hub, problems = load_hub(root, include_drafts=False)
    groups = review_report(hub, today) + translation_report(hub, git_history(root))
    print(format_report(groups, hub, today), end="")
    if problems:
        print(f"note: {len(problems.paths())} file{'s' * (len(problems.paths()) != 1)} with "
              "problems left out of this report; `hub check` lists them.", file=sys.stderr)
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
    index = site / STOCK_INDEX
    if published_index(site) is None and not index.is_file():
        print(f"error: {index} does not exist: build the site first with `make build` "
              "(each language of extra.languages in mkdocs.yml has its own index)",
              file=sys.stderr)
        return 2
    results = SiteSearch(site).search(query)
    for rank, result in enumerate(results[:limit], start=1):
        print(f"{rank:>2}. {result.title}  /{result.location}")
        if result.text:
            print(f"    {textwrap.shorten(result.text, 110)}")
    print(f"{len(results)} page{'s' * (len(results) != 1)} found.", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
