"""HTML from Jinja templates in ``theme_overrides/hub/``, autoescaped.

A page template defines one block per marker of its page
(``{% block header %}``); :meth:`Renderer.blocks` renders them on demand, with
the macros of ``_macros.html`` as ``m``.
Templates build links with ``base`` (the way from the current page back to the
site root), so the published folder works under any path of any host.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from cityhub import maps
from cityhub.cities import ROLE_NOUNS
from cityhub.hub import newest
from cityhub.places import country_name, sdg_title
from cityhub.search import folded_terms

TEMPLATE_DIR = Path("theme_overrides") / "hub"
#: macros every block can call as ``m.name(...)``
MACROS = "_macros.html"
#: how many practices a theme, network, SDG or country page shows as cards;
#: the explore page, filtered to that term, lists them all
TERM_PAGE_LIMIT = 24


class Renderer:
    def __init__(self, root: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(root / TEMPLATE_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(country_name=country_name, sdg_title=sdg_title,
                                folded_terms=folded_terms, maps=maps, newest=newest,
                                term_page_limit=TERM_PAGE_LIMIT, role_nouns=ROLE_NOUNS)
        self.env.filters["date"] = _date
        self._macro_modules: dict[tuple[str, int], Any] = {}

    def blocks(self, template_name: str,
               context: dict[str, Any]) -> dict[str, Callable[[str | None], str]]:
        """Each block of the template as a function of the marker's argument."""
        template = self.env.get_template(template_name)
        macros = self._macros(context["base"], context["hub"])

        def renderer(name: str) -> Callable[[str | None], str]:
            def render(argument: str | None) -> str:
                block_context = template.new_context({**context, "m": macros, "arg": argument})
                return "".join(template.blocks[name](block_context))
            return render

        return {name: renderer(name) for name in template.blocks}

    def _macros(self, base: str, hub: Any) -> Any:
        """The macros module for pages at one depth. The macros read only
        ``base`` and ``hub`` (and globals), so pages at the same depth share it
        instead of evaluating the module once per page."""
        key = (base, id(hub))
        if key not in self._macro_modules:
            self._macro_modules[key] = self.env.get_template(MACROS).make_module(
                {"base": base, "hub": hub})
        return self._macro_modules[key]


def _date(value: Any) -> str:
    """A date as readers write it: 10 December 2018."""
    return f"{value.day} {value:%B %Y}"
