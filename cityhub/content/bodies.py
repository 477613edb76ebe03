"""The raw-HTML policy for Markdown bodies.

Bodies come from people outside the editorial team and end up on a public
site, so the validator refuses anything that could run code in a reader's
browser: script-like elements, ``on…=`` event attributes and links whose
address is ``javascript:``, ``vbscript:`` or ``data:``. Each finding names the
line of the body where it stands. Level-1 headings are refused too: the
page title comes from the front-matter.
"""

from __future__ import annotations

import html
import re

from cityhub.content.frontmatter import Document
from cityhub.content.problems import Problems

FORBIDDEN_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet",
                      "base", "meta", "link", "style", "form")
_ELEMENT = re.compile(r"<\s*/?\s*(" + "|".join(FORBIDDEN_ELEMENTS) + r")\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^>]*>?")
_EVENT_ATTRIBUTE = re.compile(r"[\s\"'/]on[a-z]+\s*=", re.IGNORECASE)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_H1 = re.compile(r"^\s{0,3}#(?:\s|$)")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# A line without any of these characters can hold no tag, no link address and
# no character reference, so it cannot break the policy: most prose lines.
_SUSPECT = re.compile(r"[<\]=&]")
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data):", re.IGNORECASE)
# Where a link's address starts: a Markdown link or image, a reference
# definition, an autolink, or an HTML attribute that takes an address.
_ADDRESS_START = re.compile(
    r"\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|<(?=[a-z]+:)|"
    r"\b(?:href|src|action|formaction|xlink:href|poster|background)\s*=\s*[\"']?",
    re.IGNORECASE,
)


def check_body(doc: Document, problems: Problems) -> None:
    """Report every line of the body that breaks the raw-HTML policy, and
    level-1 headings, which would replace the page title."""
    fence: str | None = None
    for offset, line in enumerate(doc.body.split("\n")):
        line_number = doc.body_line + offset
        if _SUSPECT.search(line):
            for message in _line_findings(line):
                problems.add(doc.path, line_number, message)
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = None if fence else opening.group(1)[:3]
        elif fence is None and _H1.match(line):
            problems.add(doc.path, line_number, "the body has a level-1 heading ('# ...'); the "
                                                "page title comes from the front-matter: start "
                                                "sections with '## ' instead")


def _line_findings(line: str) -> list[str]:
    findings: list[str] = []
    element = _ELEMENT.search(line)
    if element:
        name = element.group(1).lower()
        findings.append(f"the body contains a <{name}> element, which is not allowed: "
                        "remove it (bodies are Markdown; link to external content instead)")
    for tag in _TAG.finditer(line):
        if _EVENT_ATTRIBUTE.search(tag.group(0)):
            findings.append("the body contains an HTML event attribute (on...=), which is not "
                            "allowed: remove it")
            break
    decoded = html.unescape(line)
    for start in _ADDRESS_START.finditer(decoded):
        address = _INVISIBLE.sub("", decoded[start.end():start.end() + 40])
        scheme = _BAD_SCHEME.match(address)
        if scheme:
            findings.append(f"the body links to a '{scheme.group(0).lower()}' address, which is "
                            "not allowed: link to an https:// page instead")
            break
    return findings
