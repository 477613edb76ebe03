"""The figures of bench/build.py and their Markdown report: machine, tables, targets.

Ratios to the plain MkDocs + Material build of the same practice pages, made
in the same run, are the headline; absolute times depend on the machine.
Each target of issues 8 and 20 is reported as met or not met with its figure.
"""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from measure import Run
from preview import PreviewFigures
from profile_build import Breakdown, ProfileFigures

REPO = Path(__file__).resolve().parent.parent
KIB, MIB, GIB = 2**10, 2**20, 2**30


@dataclass(frozen=True)
class SiteFigures:
    build: Run
    #: HTML files in the site
    pages: int
    site_bytes: int
    index_bytes: int
    #: the largest and the median practice page's HTML, bytes
    page_max: int
    page_median: int


@dataclass(frozen=True)
class Row:
    n: int
    hub: SiteFigures
    plain: SiteFigures
    check: Run
    #: builds behind each median
    runs: int
    #: hub build over plain build, median over the pairs of builds made one after the other
    ratio: float
    cpu_ratio: float


def machine() -> str:
    """CPU, Python, MkDocs and Material versions, and the engine's revision."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    revision = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                              capture_output=True, text=True).stdout.strip() or "unknown"
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model}), "
            f"Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
            f"mkdocs-material {version('mkdocs-material')}, engine at commit {revision}")


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB"


def headline_table(rows: list[Row]) -> str:
    lines = ["| practices | hub build | plain build | **ratio** | CPU ratio | `hub check` "
             "| hub peak memory | plain peak memory |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(
            f"| {row.n:,} | {row.hub.build.wall:.1f} s | {row.plain.build.wall:.1f} s "
            f"| **{row.ratio:.2f}x** | {row.cpu_ratio:.2f}x | {row.check.wall:.2f} s "
            f"| {_mib(row.hub.build.peak)} | {_mib(row.plain.build.peak)} |")
    return "\n".join(lines)


def sizes_table(rows: list[Row]) -> str:
    lines = ["| practices | site | HTML pages | practice page, max | median | whole site "
             "| search index |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        for name, site in (("hub", row.hub), ("plain", row.plain)):
            lines.append(f"| {row.n:,} | {name} | {site.pages:,} | {site.page_max / KIB:.1f} KiB "
                         f"| {site.page_median / KIB:.1f} KiB | {_mib(site.site_bytes)} "
                         f"| {_mib(site.index_bytes)} |")
    return "\n".join(lines)


def _at(rows: list[Row], n: int) -> Row | None:
    return next((row for row in rows if row.n == n), None)


def _verdict(met: bool, figure: str) -> str:
    return f"{'met' if met else '**not met**'}: {figure}"


def _unmeasured(n: int) -> str:
    return f"not measured (run with {n:,} among the sizes)"


def ratio_target(rows: list[Row]) -> list[str]:
    found = []
    for n in (2000, 10000):
        row = _at(rows, n)
        found.append(f"- Hub build at most 1.3x plain at {n:,}: " + (_verdict(
            row.ratio <= 1.3, f"{row.ratio:.2f}x ({row.hub.build.wall:.1f} s against "
            f"{row.plain.build.wall:.1f} s; CPU {row.cpu_ratio:.2f}x)") if row else _unmeasured(n)))
    best = [row for row in rows if row.n >= 2000]
    found.append("- Stretch, hub build at or below plain (parallel rendering, caching): " + (
        _verdict(all(r.ratio <= 1 for r in best), ", ".join(
            f"{r.ratio:.2f}x at {r.n:,}" for r in best)) if best else _unmeasured(2000)))
    return found


def linearity_target(rows: list[Row]) -> str:
    small, large = _at(rows, 1000), _at(rows, 10000)
    if not (small and large):
        return "- Linear cost, 10,000 at most 11x 1,000: " + _unmeasured(1000 if large else 10000)
    wall = large.hub.build.wall / small.hub.build.wall
    cpu = large.hub.build.cpu / small.hub.build.cpu
    plain = large.plain.build.wall / small.plain.build.wall
    return ("- Linear cost, 10,000 at most 11x 1,000: " + _verdict(
        wall <= 11, f"hub {wall:.1f}x (CPU {cpu:.1f}x; plain {plain:.1f}x)"))


#: the preview's measurements (bench/build.py), each from a save to the page showing it
PREVIEW_BODY = "hub, a practice's body edited"
PREVIEW_TITLE = "hub, a practice's title edited (its listings change too)"
PREVIEW_PLAIN = "plain MkDocs + Material, `mkdocs serve` (the floor)"
PREVIEW_PLAIN_DIRTY = "plain, `mkdocs serve --dirty` (only the saved page rebuilt)"


def other_targets(rows: list[Row]) -> list[str]:
    largest = max((row.hub.page_max for row in rows), default=0)
    found = ["- Practice page under 40 KiB of HTML whatever N: " + (_verdict(
        largest < 40 * KIB, f"largest {largest / KIB:.1f} KiB over "
        f"{', '.join(f'{r.n:,}' for r in rows)}") if rows else _unmeasured(200))]
    big = _at(rows, 10000)
    found.append("- `hub check` of 10,000 under 5 s: " + (_verdict(
        big.check.wall < 5, f"{big.check.wall:.2f} s") if big else _unmeasured(10000)))
    found.append("- Peak memory under 1 GiB at 10,000: " + (_verdict(
        big.hub.build.peak < GIB, f"hub build {_mib(big.hub.build.peak)}, `hub check` "
        f"{_mib(big.check.peak)}") if big else _unmeasured(10000)))
    return found


def issue20_targets(rows: list[Row], previews: dict[str, PreviewFigures]) -> list[str]:
    """The preview, the work per page, `hub check` and memory, as issue 20 asks."""
    found = []
    body, title = previews.get(PREVIEW_BODY), previews.get(PREVIEW_TITLE)
    floor = previews.get(PREVIEW_PLAIN)
    if body:
        found.append(f"- Preview at {body.n:,}, a body edited, at most 1 s and never above "
                     "plain MkDocs' own preview + 0.5 s: " + _verdict(
                         body.median <= 1 and (floor is None or body.median <= floor.median + .5),
                         f"{body.median:.2f} s" + (f" (plain: {floor.median:.2f} s)"
                                                   if floor else "")))
    if title:
        found.append(f"- Preview at {title.n:,}, a title edited, at most 2 s: " + _verdict(
            title.median <= 2, f"{title.median:.2f} s"))
    for n in (2000, 10000):
        row = _at(rows, n)
        found.append(f"- Build CPU (all processes) at most 1.3x plain's at {n:,}: " + (_verdict(
            row.cpu_ratio <= 1.3, f"{row.cpu_ratio:.2f}x") if row else _unmeasured(n)))
        found.append(f"- Build wall time at most plain's at {n:,}: " + (_verdict(
            row.ratio <= 1.0, f"{row.ratio:.2f}x") if row else _unmeasured(n)))
    big = _at(rows, 10000)
    found.append("- `hub check` of 10,000 at most 2 s: " + (_verdict(
        big.check.wall <= 2, f"{big.check.wall:.2f} s") if big else _unmeasured(10000)))
    found.append("- Peak memory of a 10,000 build at most 600 MiB: " + (_verdict(
        big.hub.build.peak <= 600 * MIB, _mib(big.hub.build.peak)) if big
        else _unmeasured(10000)))
    return found


def preview_section(previews: dict[str, PreviewFigures], rows: list[Row]) -> str:
    first = next(iter(previews.values()))
    row = _at(rows, first.n)
    build = f" A full `mkdocs build` of the hub takes {row.hub.build.wall:.1f} s." if row else ""
    lines = [f"## Editor's preview at {first.n:,} practices\n",
             "`mkdocs serve --livereload`; one practice saved, then its page asked for until "
             "it shows the change (the server answers once the rebuild is done, which is "
             f"also when the browser's live reload fires).{build}\n",
             "| what | first page served | save → page shown, median | runs |",
             "| --- | ---: | ---: | --- |"]
    for what, figures in previews.items():
        lines.append(f"| {what} | {figures.startup:.1f} s | **{figures.median:.2f} s** | "
                     f"{', '.join(f'{s:.2f}' for s in figures.reloads)} s |")
    return "\n".join(lines) + "\n"


def _share(figures: Breakdown, key: tuple[str, str]) -> float:
    return figures.pages.get(key, 0.0)


def _page_seconds(figures: Breakdown, kinds: set[str]) -> float:
    return sum(seconds for (_, kind), seconds in figures.pages.items() if kind in kinds)


def profile_summary(profile: ProfileFigures) -> str:
    """The hub's extra CPU time split into its main causes (they overlap: the hooks'
    page work and search indexing are part of the pages' time)."""
    hub, plain = profile.hub, profile.plain
    hooks = sum(s for event, s in hub.events.items() if event.startswith("hooks/"))
    search = [f.events.get("material/search page_context", 0.0) for f in (hub, plain)]
    generated = set(hub.counts) - {"practices", "other"}
    return (f"The hub takes {hub.total - plain.total:.1f} s more CPU than plain. The hub's "
            f"hooks take {hooks:.1f} s; Material's search indexing (`on_page_context`) "
            f"{search[0]:.1f} s against {search[1]:.1f} s; the practice pages "
            f"{_page_seconds(hub, {'practices'}):.1f} s against "
            f"{_page_seconds(plain, {'practices'}):.1f} s; the "
            f"{sum(hub.counts[k] for k in generated):,} generated pages (cities, countries, "
            f"themes, listings...) {_page_seconds(hub, generated):.1f} s.\n")


def profile_section(profile: ProfileFigures) -> str:
    """Hub and plain build time by step and kind of page, and by plugin event."""
    hub, plain = profile.hub, profile.plain
    lines = ["## Where the hub's build time goes (one in-process build at 2,000)\n",
             profile_summary(profile),
             "CPU seconds by step (Markdown includes the `on_page_content` hooks; template "
             "includes search indexing and writing) and kind of page:\n",
             "| pages | count | hub Markdown | hub template | plain Markdown | plain template |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for kind in sorted(hub.counts, key=lambda k: -_share(hub, ("markdown", k))
                       - _share(hub, ("template", k))):
        lines.append(f"| {kind} | {hub.counts[kind]:,} | {_share(hub, ('markdown', kind)):.2f} "
                     f"| {_share(hub, ('template', kind)):.2f} "
                     f"| {_share(plain, ('markdown', kind)):.2f} "
                     f"| {_share(plain, ('template', kind)):.2f} |")
    lines += ["", "Plugin events taking 0.05 s or more (hub | plain):", ""]
    for event in sorted(set(hub.events) | set(plain.events),
                        key=lambda e: -hub.events.get(e, 0)):
        seconds = hub.events.get(event, 0), plain.events.get(event, 0)
        if max(seconds) >= 0.05:
            lines.append(f"- `{event}`: {seconds[0]:.2f} s | {seconds[1]:.2f} s")
    lines += ["", "Top functions by cumulative time (cProfile): "
              "`bench/out/build/profile-2000.txt`; whole profile: `profile-2000.prof`."]
    return "\n".join(lines) + "\n"


def render_results(rows: list[Row], previews: dict[str, PreviewFigures],
                   profile: ProfileFigures | None, date: str, load: tuple[float, float]) -> str:
    runs = sorted({row.runs for row in rows})
    parts = [
        "# Build, check and preview: results\n",
        f"Measured on {date} with `make bench` (bench/build.py): {machine()}. Load average "
        f"{load[0]:.1f} at the start and {load[1]:.1f} at the end: the machine is shared, so "
        "absolute times are noisy; the ratio between builds of the same run is the figure "
        f"that counts. Times are medians of {' or '.join(map(str, runs))} interleaved builds "
        "(hub, plain, check) of fresh processes; the ratio is the median of the ratios of "
        "the hub and plain builds made one after the other. The hub builds on every core "
        "(`HUB_JOBS`, here the default: all of them) and plain MkDocs on one, so the ratio "
        "is the time an editor or CI waits, and the CPU ratio (user + system time of all "
        "processes) the work done; when other programs keep the cores busy, the hub's "
        "workers wait for them and the ratio rises toward the CPU ratio. Peak memory is "
        "that of the whole build: the highest total of its processes, pages they share "
        "counted once (see `bench/measure.py`).\n",
        headline_table(rows), "",
        "Sizes of the built sites:\n", sizes_table(rows), "",
        "## Targets of issue 8\n",
        *ratio_target(rows), linearity_target(rows), *other_targets(rows), "",
        "## Targets of issue 20\n",
        *issue20_targets(rows, previews), "",
    ]
    if previews:
        parts.append(preview_section(previews, rows))
    if profile:
        parts.append(profile_section(profile))
    return "\n".join(parts)
