"""Reading content files: front-matter with the line of every key, and the body.

MkDocs' own reader swallows YAML errors and lets YAML 1.1 turn ``NO`` into
``false``. The hub reads front-matter itself from libyaml's event stream, so
that it knows the line of every key and list item, refuses duplicate keys,
aliases and tags, and resolves plain scalars with the small YAML 1.2 core
schema: only ``true``/``false``, ``null``, integers and decimals are not text.
Dates stay text and are checked by the content types.

Whatever the bytes, :func:`read_document` returns a :class:`Document` and
reports into :class:`~cityhub.content.problems.Problems`; it never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from cityhub.content.problems import Problems
from cityhub.messages import _

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20

Path = tuple[str | int, ...]

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_MAX_NUMBER_LENGTH = 100

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A content file as read: its data, where each value stands, its body."""

    path: str
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    readable: bool = False

    def line(self, path: Path) -> int:
        """The line of the value at ``path``, or of its nearest known parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Invalid(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_document(path: str, raw: bytes, problems: Problems) -> Document:
    """Split ``raw`` into front-matter and body and parse the front-matter."""
    doc = Document(path)
    text = _decode(path, raw, problems)
    if text is None:
        return doc
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        problems.add(path, 1, "no front-matter: the file must start with a line '---', "
                              "then the fields (key: value), then a closing '---'")
        return doc
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        problems.add(path, 1, "the front-matter opened on line 1 is never closed: "
                              "add a line '---' after the last field")
        return doc
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    yaml_text = "\n".join(lines[1:end])
    try:
        doc.data = _parse(yaml_text, doc.lines, first_line=2, report=_reporter(path, problems))
    except _Invalid as error:
        problems.add(path, error.line, error.message)
        return doc
    if doc.data is None:
        problems.add(path, 1, "the front-matter is empty: add the required fields "
                              "between the two '---' lines")
        return doc
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        problems.add(path, 2, f"the front-matter is {kind}; expected fields, one 'key: value' "
                              "per line")
        doc.data = None
        return doc
    doc.readable = True
    return doc


def read_yaml(path: str, raw: bytes, problems: Problems) -> Document:
    """Parse a whole YAML file (a vocabulary in ``data/``) the same strict way."""
    doc = Document(path)
    text = _decode(path, raw, problems)
    if text is None:
        return doc
    try:
        doc.data = _parse(text, doc.lines, first_line=1, report=_reporter(path, problems))
    except _Invalid as error:
        problems.add(path, error.line, error.message)
        return doc
    doc.readable = True
    return doc


def _decode(path: str, raw: bytes, problems: Problems) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        problems.add(path, 1, f"the file is {len(raw):,} bytes; content files may be at most "
                              f"{MAX_FILE_BYTES:,} bytes (link large documents as sources)")
        return None
    if b"\x00" in raw:
        problems.add(path, raw[: raw.index(b"\x00")].count(b"\n") + 1,
                     "the file contains a NUL byte: it is binary, not a Markdown text file")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(path, line, f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}): "
                                 "save it with the UTF-8 encoding")
        return None
    # A byte-order mark and Windows line endings are what common editors write.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _reporter(path: str, problems: Problems) -> Callable[[int, str], None]:
    def report(line: int, message: str) -> None:
        problems.add(path, line, message)
    return report


def _parse(text: str, lines: dict[Path, int], first_line: int,
           report: Callable[[int, str], None]) -> Any:
    """Build plain values from the YAML event stream, recording lines."""
    try:
        events = list(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        offset = mark.line if mark else 0
        lines_of_text = text.split("\n")
        has_tab = offset < len(lines_of_text) and "\t" in lines_of_text[offset]
        nearby = lines_of_text[max(offset - 1, 0):offset + 1]
        quote = next((hint for line in reversed(nearby) if (hint := quote_hint(line))), "")
        raise _Invalid(first_line + offset, _yaml_message(error, has_tab, quote)) from None
    except yaml.YAMLError as error:
        raise _Invalid(first_line, f"the front-matter is not valid YAML: {error}") from None
    builder = _Builder(events, lines, first_line, report)
    return builder.document()


def _yaml_message(error: yaml.MarkedYAMLError, has_tab: bool, quote_hint: str = "") -> str:
    problem = (error.problem or "syntax error").strip()
    context = (error.context or "").strip()
    text = f"{context}, {problem}" if context else problem
    if has_tab:
        return f"invalid YAML ({text}): the line contains a tab; indent with spaces only"
    if quote_hint:
        return quote_hint
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = ": put text containing ': ' in quotes"
    return (f"invalid YAML in the front-matter (the 'key: value' lines between the two "
            f"'---'): {text}{hint}")


_QUOTED_VALUE = re.compile(r"""^[ ]*(?:-[ ]+)?[^\s:#'"][^:]*:[ ]+(["'])(.*)$""")


def quote_hint(line: str) -> str:
    """What probably happened when a quoted value holds its own quote mark,
    which ends the value early (``summary: "The "Open Doors" plan"``), and how
    to write it; empty if the line is not like that."""
    found = _QUOTED_VALUE.match(line)
    if not found:
        return ""
    quote, rest = found.groups()
    if quote == '"':
        closing = re.search(r'(?<!\\)"', rest)
    else:  # '' is how a single-quoted value writes an apostrophe
        closing = re.search("'", rest.replace("''", "\0\0"))
    after = rest[closing.end():].strip() if closing else ""
    if not after or after.startswith("#"):
        return ""
    if quote == '"':
        return _("invalid YAML: the value on this line starts with a double quote (\"), so the "
                 "next \" inside it ends the value too early. Write each \" inside the text as "
                 "\\\" (for example: \"The \\\"Open Doors\\\" plan\"), or put the whole value in "
                 "single quotes instead")
    return _("invalid YAML: the value on this line starts with a single quote ('), so the next "
             "' inside it (an apostrophe?) ends the value too early. Write each ' inside the "
             "text as '' (two single quotes: 'The city''s plan'), or put the whole value in "
             "double quotes instead")


class _Builder:
    def __init__(self, events: list[Any], lines: dict[Path, int], first_line: int,
                 report: Callable[[int, str], None]) -> None:
        self.report = report
        self.events = events
        self.pos = 0
        self.lines = lines
        self.first_line = first_line

    def _line(self, event: Any) -> int:
        return self.first_line + int(event.start_mark.line)

    def _next(self) -> Any:
        event = self.events[self.pos]
        self.pos += 1
        return event

    def document(self) -> Any:
        self._next()  # StreamStart
        if isinstance(self.events[self.pos], yaml.StreamEndEvent):
            return None
        self._next()  # DocumentStart
        value = self.node((), 0)
        self._next()  # DocumentEnd
        if not isinstance(self.events[self.pos], yaml.StreamEndEvent):
            raise _Invalid(self._line(self.events[self.pos]),
                           "the front-matter holds more than one YAML document")
        return value

    def node(self, path: Path, depth: int) -> Any:
        event = self._next()
        self.lines.setdefault(path, self._line(event))
        if depth > MAX_DEPTH:
            raise _Invalid(self._line(event), "the front-matter is nested too deeply")
        if isinstance(event, yaml.AliasEvent):
            raise _Invalid(self._line(event), f"YAML aliases (*{event.anchor}) are not allowed "
                                              "in front-matter: write the value out")
        if getattr(event, "anchor", None):
            raise _Invalid(self._line(event), f"YAML anchors (&{event.anchor}) are not allowed "
                                              "in front-matter: write the value out")
        if event.tag not in (None, "!") and not (
            isinstance(event, yaml.ScalarEvent) and event.implicit[0]
        ):
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            raise _Invalid(self._line(event), f"YAML tags ({tag}) are not allowed in "
                                              "front-matter: write the plain value")
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event.value, event.style)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(path, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path, depth)
        raise _Invalid(self._line(event), "unexpected YAML structure")

    def sequence(self, path: Path, depth: int) -> list[Any]:
        items: list[Any] = []
        while not isinstance(self.events[self.pos], yaml.SequenceEndEvent):
            items.append(self.node((*path, len(items)), depth + 1))
        self._next()
        return items

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(self.events[self.pos], yaml.MappingEndEvent):
            key_event = self._next()
            line = self._line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _Invalid(line, "a key must be a plain word, not a list or mapping")
            key = key_event.value
            if key in result:
                self.report(line, f"duplicate key '{key}' (first given on line "
                                  f"{self.lines[(*path, key)]}): keep only one")
                self.node((*path, key, "<duplicate>"), depth + 1)
                continue
            self.lines[(*path, key)] = line
            result[key] = self.node((*path, key), depth + 1)
            # A key's own line wins over the line where its value starts.
            self.lines[(*path, key)] = line
        self._next()
        return result


def _scalar(value: str, style: str | None) -> Any:
    if style:  # quoted or block scalars are always text (libyaml gives '' for plain)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if len(value) > _MAX_NUMBER_LENGTH:  # Python refuses to parse huge integers
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
