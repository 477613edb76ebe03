"""Whatever a contributor writes, the validator answers with a result or with
clean ``path:line: error:`` problems, never an exception."""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityhub.content import cities, pledges, practices
from cityhub.content.bodies import check_body
from cityhub.content.frontmatter import read_document
from cityhub.content.problems import Problem, Problems
from cityhub.content.references import Known
from cityhub.content.schema import Checker
from conftest import REPO

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=30), st.sampled_from(["NO", "2024-02-30", "https://x.org", "a#b", "#",
                                           "javascript:x", "ongoing", "1" * 5000]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4)),
    max_leaves=12)
keys = st.sampled_from(sorted({*cities.SCHEMA.fields, *pledges.SCHEMA.fields,
                               *practices.SCHEMA.fields, "location", "lat", "unknown"}))
front_matters = st.dictionaries(keys, values, max_size=10)
KNOWN = Known(cities={"exampleton"}, pledges={"p"}, commitments={"p": {"c"}},
              themes={"housing"}, networks={"eccar"}, target_groups={"youth"})


def check_all_types(raw: bytes) -> Problems:
    problems = Problems()
    doc = read_document("practices/x.md", raw, problems)
    if doc.readable:
        for kind in (cities, pledges, practices):
            checker = Checker(doc, problems)
            checked = kind.SCHEMA.check(doc.data, (), checker)
            if isinstance(checked, dict):
                kind.check_references(checked, KNOWN, checker)
                if not checker.failed:
                    kind.build("x", checked, doc.body, doc.path)
    return problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters)
def test_random_front_matter_gives_a_result_or_clean_errors(data: dict[str, object]) -> None:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody\n"
    for problem in check_all_types(text.encode("utf-8")):
        assert problem.path == "practices/x.md" and problem.line >= 1
        assert str(problem).startswith("practices/x.md:")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_give_clean_errors(raw: bytes) -> None:
    for problem in check_all_types(b"---\n" + raw):
        assert problem.line >= 1


#: every content file of the hub, originals and translations, with its content type
HUB_FILES = [(kind, path) for kind in (cities, pledges, practices)
             for path in sorted((REPO / kind.FOLDER).glob("*.md"))]
HUB_FILE_IDS = [f"{kind.FOLDER}/{path.name}" for kind, path in HUB_FILES]


def schema_of(kind: ModuleType, path: str) -> Any:
    """The front-matter a file of ``kind`` holds: an original's, or a
    translation's (``<slug>.fr.md``)."""
    return kind.TRANSLATION if "." in Path(path).stem else kind.SCHEMA


def check_as_its_type(kind: ModuleType, path: str, raw: bytes) -> tuple[Any, list[Problem]]:
    """What the loader makes of one file of ``kind`` on its own: its values and problems."""
    problems = Problems()
    doc = read_document(path, raw, problems)
    values = None
    if doc.readable:
        check_body(doc, problems)
        values = schema_of(kind, path).check(doc.data, (), Checker(doc, problems))
    return values, list(problems)


@pytest.mark.parametrize("kind, file", HUB_FILES, ids=HUB_FILE_IDS)
def test_the_hubs_own_files_cut_at_any_line_give_their_values_or_clean_errors(
        kind: ModuleType, file: Path) -> None:
    """A file cut short (a partial save, a truncated paste) is never accepted
    while its front-matter is incomplete, never raises, and keeps every value
    once the front-matter is whole."""
    path = file.relative_to(REPO).as_posix()
    lines = file.read_bytes().split(b"\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == b"---")
    whole, problems = check_as_its_type(kind, path, b"\n".join(lines))
    assert problems == [] and isinstance(whole, dict) and whole
    for end in range(len(lines)):
        values, problems = check_as_its_type(kind, path, b"\n".join(lines[:end]))
        if end <= close:  # the closing '---' is cut off
            assert [str(p) for p in problems] == [f"{path}:1: error: " + (
                "the front-matter opened on line 1 is never closed: add a line '---' after "
                "the last field" if end else
                "no front-matter: the file must start with a line '---', then the fields "
                "(key: value), then a closing '---'")], end
        else:
            assert (values, problems) == (whole, []), end


@pytest.mark.parametrize("kind, file", HUB_FILES, ids=HUB_FILE_IDS)
def test_the_hubs_own_files_with_fields_cut_off_report_each_missing_field(
        kind: ModuleType, file: Path) -> None:
    """The front-matter cut after any line, and closed: every problem is on a
    line of what is left, and each required key that was cut off is named."""
    path = file.relative_to(REPO).as_posix()
    lines = file.read_bytes().split(b"\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == b"---")
    top_keys = {line.split(b":")[0].decode(): number for number, line in enumerate(lines)
                if 0 < number < close and re.match(rb"[a-z_]+:", line)}
    required = [field.key for field in schema_of(kind, path).fields.values() if field.required]
    for end in range(2, close):  # from the first field on
        _, problems = check_as_its_type(kind, path, b"\n".join(lines[:end] + lines[close:]))
        assert all(p.path == path and 1 <= p.line <= end + 1 for p in problems), end
        messages = "\n".join(p.message for p in problems)
        for key in required:
            if top_keys[key] >= end:
                assert f"missing required key '{key}'" in messages, (end, key)
