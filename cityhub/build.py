"""Preparing one build of the site: load, validate and generate the pages.

Engine adapters (the MkDocs hooks) call :func:`prepare_site` once per build,
so a preview server that rebuilds after each save starts from fresh state.
"""

from __future__ import annotations

from pathlib import Path

from cityhub.loader import load_hub
from cityhub.pages import Site
from cityhub.render import Renderer


def prepare_site(root: Path, *, serving: bool) -> tuple[Site, int, list[str]]:
    """The generated site, the number of problems and the lines reporting them.

    A preview (``serving``) includes drafts and shows broken files as pages
    listing their problems; a build excludes drafts.
    """
    hub, problems = load_hub(root, include_drafts=serving)
    site = Site(hub, Renderer(root), show_broken=serving)
    return site, len(problems), problems.report_lines()
