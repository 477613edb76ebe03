"""Whatever a contributor writes, the validator answers with a result or with
clean ``path:line: error:`` problems, never an exception."""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityhub.content import cities, pledges, practices
from cityhub.content.frontmatter import read_document
from cityhub.content.problems import Problems
from cityhub.content.references import Known
from cityhub.content.schema import Checker

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


def test_the_hubs_own_files_survive_truncation_at_every_line() -> None:
    source = (Path(__file__).resolve().parent / "fixtures" / "site" / "practices"
              / "fair-letting.md").read_bytes()
    lines = source.split(b"\n")
    for end in range(len(lines)):
        check_all_types(b"\n".join(lines[:end]))
