"""The raw-HTML policy for Markdown bodies.

Bodies come from people outside the editorial team and end up on a public
site, so the validator refuses anything that could run code in a reader's
browser: script-like elements, ``on…=`` event attributes and links whose
address is ``javascript:``, ``vbscript:`` or ``data:``. Each finding names the
line of the body where it stands. Level-1 headings are refused too: the
page title comes from the front-matter.

The submission form's script checks the sections of an entry by the same
steps with the same patterns, which :func:`browser_policy` hands it; the
patterns are written to mean the same in Python and JavaScript (ASCII
classes spelled out, no ``\\s``), and HTML's own tag and attribute names are
ASCII, so they compare ASCII letters only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cityhub.content.frontmatter import Document
from cityhub.content.problems import Problems
from cityhub.content.rules import browser_pattern
from cityhub.messages import N_, _

FORBIDDEN_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet",
                      "base", "meta", "link", "style", "form")
BAD_SCHEMES = ("javascript", "vbscript", "data")
#: the HTML attributes that take an address
ADDRESS_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background")
#: how many characters after the start of an address are read for its scheme
ADDRESS_WINDOW = 40
_SPACE = r"[\t\n\v\f\r ]"
_HTML = re.ASCII | re.IGNORECASE
_ELEMENT = re.compile(rf"<{_SPACE}*/?{_SPACE}*({'|'.join(FORBIDDEN_ELEMENTS)})\b", _HTML)
_TAG = re.compile(r"<[a-zA-Z][^>]*>?")
_EVENT_ATTRIBUTE = re.compile(rf"""[\t\n\v\f\r "'/]on[a-z]+{_SPACE}*=""", _HTML)
_FENCE = re.compile(rf"^{_SPACE}{{0,3}}(`{{3,}}|~{{3,}})")
_H1 = re.compile(rf"^{_SPACE}{{0,3}}#(?:{_SPACE}|$)")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# A line without any of these characters can hold no tag, no link address and
# no character reference, so it cannot break the policy: most prose lines.
_SUSPECT = re.compile(r"[<\]=&]")
_BAD_SCHEME = re.compile(rf"(?:{'|'.join(BAD_SCHEMES)}):", _HTML)
# Where a link's address starts: a Markdown link or image, a reference
# definition, an autolink, or an HTML attribute that takes an address.
_ADDRESS = re.compile(
    rf"\]\({_SPACE}*<?|^{_SPACE}{{0,3}}\[[^\]]+\]:{_SPACE}*<?|<(?=[a-z]+:)|"
    rf"""\b(?:{'|'.join(ADDRESS_ATTRIBUTES)}){_SPACE}*={_SPACE}*["']?""", _HTML)


@dataclass(frozen=True)
class Finding:
    """A kind of finding: what ``hub check`` says, and what the form advises;
    ``{name}`` and ``{scheme}`` stand for the element and the scheme found."""

    message: str
    advice: str


FINDINGS = {
    "element": Finding("the body contains a <{name}> element, which is not allowed: remove it "
                       "(bodies are Markdown; link to external content instead)",
                       N_("Remove the <{name}> element: descriptions are plain text or "
                          "Markdown; link to other content instead.")),
    "event_attribute": Finding("the body contains an HTML event attribute (on...=), which is "
                               "not allowed: remove it",
                               N_("Remove the HTML event attribute (on...=).")),
    "bad_link": Finding("the body links to a '{scheme}' address, which is not allowed: link to "
                        "an https:// page instead",
                        N_("Link only to https:// addresses: this one starts with "
                           "'{scheme}'.")),
    "level_1_heading": Finding("the body has a level-1 heading ('# ...'); the page title comes "
                               "from the 'title' field at the top: start sections with '## ' "
                               "instead",
                               N_("Do not start a line with a single '# ': the page title "
                                  "comes from the title field; start a sub-heading with "
                                  "'### ' instead.")),
}


def check_body(doc: Document, problems: Problems) -> None:
    """Report every line of the body that breaks the raw-HTML policy, and
    level-1 headings, which would replace the page title."""
    for offset, kind, context in findings(doc.body):
        problems.add(doc.path, doc.body_line + offset,
                     FINDINGS[kind].message.format(**context))


def findings(body: str) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(line offset, kind of finding, what its texts name) for each finding of ``body``."""
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        if _SUSPECT.search(line):
            for kind, context in _line_findings(line):
                yield offset, kind, context
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)[:3]
        elif fence is None and _H1.match(line):
            yield offset, "level_1_heading", {}


def _line_findings(line: str) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    element = _ELEMENT.search(line)
    if element:
        found.append(("element", {"name": element.group(1).lower()}))
    if any(_EVENT_ATTRIBUTE.search(tag.group(0)) for tag in _TAG.finditer(line)):
        found.append(("event_attribute", {}))
    decoded = html.unescape(line)
    for start in _ADDRESS.finditer(decoded):
        address = _INVISIBLE.sub("", decoded[start.end():start.end() + ADDRESS_WINDOW])
        scheme = _BAD_SCHEME.match(address)
        if scheme:
            found.append(("bad_link", {"scheme": scheme.group(0).lower()}))
            break
    return found


_HEADING = re.compile(rf"^{_SPACE}{{0,3}}(#{{1,6}})(?:{_SPACE}+(.*?))?{_SPACE}*#*{_SPACE}*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def empty_sections(body: str) -> Iterator[tuple[int, str]]:
    """(line offset, heading) of each heading with nothing under it but blank
    lines and HTML comments, up to the next heading of its level or above."""
    headings: list[tuple[int, int, str]] = []  # (offset, level, text)
    lines = body.split("\n")
    fence: str | None = None
    for offset, line in enumerate(lines):
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)[:3]
            continue
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            headings.append((offset, len(heading.group(1)), (heading.group(2) or "").strip()))
    for i, (offset, level, text) in enumerate(headings):
        end = next((later for later, deeper, _ in headings[i + 1:] if deeper <= level),
                   len(lines))
        section = "\n".join(lines[offset + 1:end])
        if not _COMMENT.sub("", section).strip():
            yield offset, text


def browser_policy() -> dict[str, Any]:
    """The policy as the submission form's script applies it: each pattern
    with its JavaScript flags, and the advice for each kind of finding."""
    patterns = {"suspect": _SUSPECT, "element": _ELEMENT, "tag": _TAG,
                "event_attribute": _EVENT_ATTRIBUTE, "address": _ADDRESS,
                "invisible": _INVISIBLE, "bad_scheme": _BAD_SCHEME, "fence": _FENCE,
                "level_1_heading": _H1}
    return {"patterns": {name: browser_pattern(pattern) for name, pattern in patterns.items()},
            "address_window": ADDRESS_WINDOW,
            "advice": {kind: _(finding.advice) for kind, finding in FINDINGS.items()}}

