"""HTML from Jinja templates in ``theme_overrides/hub/``, autoescaped.

A page template defines one block per marker of its page
(``{% block header %}``); :meth:`Renderer.blocks` renders them on demand, with
the macros of ``_macros.html`` as ``m``.
Templates link to generated pages with ``url(kind, id)`` (see
:func:`cityhub.site.kinds.url_for`), relative to the page being rendered
(``base`` is the way from it back to the site root), so the published folder
works under any path of any host.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from cityhub import messages
from cityhub.content.cities import (
    ROLE_NOUNS,
    language_name,
    role_count,
    role_heading,
    took_part,
)
from cityhub.content.hub import newest
from cityhub.content.places import country_name, sdg_title
from cityhub.content.pledges import kind_label
from cityhub.content.practices import status_label
from cityhub.content.progress import predates, share, themes_over_time
from cityhub.messages.catalogue import script_messages
from cityhub.site import maps
from cityhub.site.assets import hashed_name
from cityhub.site.kinds import language_root, url_for

TEMPLATE_DIR = Path("theme_overrides") / "hub"
#: macros every block can call as ``m.name(...)``
MACROS = "_macros.html"
#: how many practices a theme, network, SDG or country page shows as cards;
#: the explore page, filtered to that term, lists them all
TERM_PAGE_LIMIT = 24
#: a pledge page shows its progress table while it has at most this many
#: cities; beyond, its summary, and the whole table on /progress/<pledge>/
TABLE_LIMIT = 30


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once for all the builds of a process (each language
    of a build, each rebuild of a preview server): Jinja compiles a template
    again whenever its source differs from the one compiled. One per kind of
    environment: what a template compiles to depends on the environment's settings."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


#: the hub's templates, compiled (see :class:`CompiledTemplates`)
COMPILED_TEMPLATES = CompiledTemplates()


class Renderer:
    def __init__(self, root: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(root / TEMPLATE_DIR),
            bytecode_cache=COMPILED_TEMPLATES,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            # one renderer serves one build: its templates are read once
            auto_reload=False,
        )
        # Template text goes through the catalogue of the build's language.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=messages.gettext, ngettext=messages.ngettext, newstyle=True)
        self.env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
        self.env.globals.update(country_name=country_name, sdg_title=sdg_title,
                                maps=maps, newest=newest,
                                term_page_limit=TERM_PAGE_LIMIT, url=_url, number=_number,
                                decimal=_decimal,
                                role_heading=role_heading, role_count=role_count,
                                role_nouns=ROLE_NOUNS, took_part=took_part,
                                kind_label=kind_label, status_label=status_label,
                                url_in=_url_in, site_languages=(messages.SOURCE_LANGUAGE,),
                                predates=predates, share=share, language_name=language_name,
                                themes_over_time=themes_over_time, table_limit=TABLE_LIMIT)
        self.env.globals["script_messages"] = partial(script_messages, root)
        self.env.filters["date"] = _date
        self.env.filters["text"] = plain_text
        #: the published names of assets named by their content (see name_asset)
        self.assets: dict[str, str] = {}
        self.env.globals["asset"] = lambda path: self.assets.get(path, path)
        self._macro_modules: dict[tuple[str, int, str | None], Any] = {}

    def name_asset(self, path: str, content: bytes) -> str:
        """Publish ``path`` under a name made from its content, and link it so."""
        self.assets[path] = hashed_name(path, content)
        return self.assets[path]

    def blocks(self, template_name: str,
               context: dict[str, Any]) -> dict[str, Callable[[str | None], str]]:
        """Each block of the template as a function of the marker's argument."""
        template = self.env.get_template(template_name)
        macros = self._macros(context["base"], context["hub"], context.get("repository"))
        # One context for the page; each block reads it through its own layer.
        page_context = template.new_context({**context, "m": macros})

        def renderer(name: str) -> Callable[[str | None], str]:
            def render(argument: str | None) -> str:
                return "".join(template.blocks[name](page_context.derived({"arg": argument})))
            return render

        return {name: renderer(name) for name in template.blocks}

    def _macros(self, base: str, hub: Any, repository: str | None) -> Any:
        """The macros module for pages at one depth. The macros read only
        ``base``, ``hub`` and ``repository`` (and globals), so pages at the
        same depth share it instead of evaluating the module once per page."""
        key = (base, id(hub), repository)
        if key not in self._macro_modules:
            self._macro_modules[key] = self.env.get_template(MACROS).make_module(
                {"base": base, "hub": hub, "repository": repository})
        return self._macro_modules[key]


def _gettext(message: str, **variables: Any) -> markupsafe.Markup:
    """``_('…')`` in a template, as Jinja's "newstyle" gettext makes it under
    autoescaping (the translation is markup, each variable escaped into it),
    without the lookups in the template's context Jinja's makes on each call."""
    return markupsafe.Markup(messages.gettext(message)) % variables


def _ngettext(singular: str, plural: str, num: int, **variables: Any) -> markupsafe.Markup:
    """``ngettext('…', '…', n)`` in a template (see :func:`_gettext`)."""
    variables.setdefault("num", num)
    return markupsafe.Markup(messages.ngettext(singular, plural, num)) % variables


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, kind: str, key: str | int | None = None) -> str:
    """``url('theme', 'housing')``: the page's address from the page being rendered."""
    return str(context["base"]) + url_for(kind, key)


@jinja2.pass_context
def _url_in(context: jinja2.runtime.Context, lang: str, kind: str,
            key: str | int | None = None) -> str | None:
    """``url_in('es', 'practice', 'x')``: that page on the site in ``lang``, from
    the page being rendered; None if the site is not built in ``lang``."""
    languages: tuple[str, ...] = context["site_languages"]
    if lang not in languages:
        return None
    return (str(context["base"]) + language_root(languages, context["hub"].language, lang)
            + url_for(kind, key))


def plain_text(value: Any) -> str:
    """A message as plain text, for an attribute: autoescaping then escapes it
    once, whatever the catalogue's translation holds (``title="{{ _('…') | text }}"``)."""
    return markupsafe.Markup(value).unescape() if isinstance(value, markupsafe.Markup) \
        else str(value)


def _number(value: int) -> str:
    """A count as readers of the build's language write it: 12,345."""
    return messages.active().number(value)


def _decimal(value: float, places: int) -> str:
    """A number with ``places`` decimals as readers of the build's language write it."""
    return messages.active().decimal(value, places)


def _date(value: Any) -> str:
    """A date as readers of the build's language write it: 10 December 2018."""
    return messages.active().date(value)
