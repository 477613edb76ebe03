"""Reading front-matter: lines of keys, no coercion, nothing that can blow up."""

from __future__ import annotations

import time

from cityhub.content.frontmatter import read_document
from cityhub.content.problems import Problems


def read(text: str | bytes) -> tuple[object, list[str], dict]:  # type: ignore[type-arg]
    problems = Problems()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc = read_document("practices/x.md", raw, problems)
    return doc.data, [str(p) for p in problems], doc.lines


def test_strings_are_never_coerced() -> None:
    data, problems, _ = read("---\ncountry: NO\ntitle: 2030 Agenda\nflag: yes\nok: on\n---\n")
    assert problems == []
    assert data == {"country": "NO", "title": "2030 Agenda", "flag": "yes", "ok": "on"}


def test_yaml_12_core_scalars_only() -> None:
    data, _, _ = read("---\na: 12\nb: -1.5\nc: true\nd: null\ne: '12'\nf: 0x1A\ng: 1_000\n---\n")
    assert data == {"a": 12, "b": -1.5, "c": True, "d": None, "e": "12", "f": "0x1A",
                    "g": "1_000"}


def test_dates_stay_text_for_the_content_types_to_check() -> None:
    data, _, _ = read("---\nsubmitted: 2026-01-15\n---\n")
    assert data == {"submitted": "2026-01-15"}


def test_every_key_and_item_knows_its_line() -> None:
    _, _, lines = read("---\ntitle: T\nsources:\n  - title: S\n    url: https://x.org\n---\n")
    assert lines[("title",)] == 2
    assert lines[("sources",)] == 3
    assert lines[("sources", 0)] == 4
    assert lines[("sources", 0, "url")] == 5


def test_body_and_its_first_line() -> None:
    problems = Problems()
    doc = read_document("p.md", b"---\ntitle: T\n---\n## Context\n", problems)
    assert doc.body == "## Context\n"
    assert doc.body_line == 4


def test_byte_order_mark_and_windows_line_endings_are_read() -> None:
    data, problems, lines = read(b"\xef\xbb\xbf---\r\ntitle: T\r\ncity: c\r\n---\r\nBody\r\n")
    assert problems == []
    assert data == {"title": "T", "city": "c"}
    assert lines[("city",)] == 3


def test_duplicate_keys_are_all_reported_and_the_first_is_kept() -> None:
    data, problems, _ = read("---\na: 1\nb: 2\na: 3\nb: 4\n---\n")
    assert data == {"a": 1, "b": 2}
    assert problems == [
        "practices/x.md:4: error: duplicate key 'a' (first given on line 2): keep only one",
        "practices/x.md:5: error: duplicate key 'b' (first given on line 3): keep only one",
    ]


def test_a_billion_laughs_is_refused_at_once() -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f",*{chr(97 + i)}" * 8 + "]"
              for i in range(8)]
    started = time.perf_counter()
    _, problems, _ = read("\n".join([*lines, "---", ""]))
    assert time.perf_counter() - started < 1
    assert problems == ["practices/x.md:2: error: YAML anchors (&a) are not allowed in "
                        "front-matter: write the value out"]


def test_deep_nesting_is_refused() -> None:
    _, problems, _ = read("---\na: " + "[" * 50 + "]" * 50 + "\n---\n")
    assert problems == ["practices/x.md:2: error: the front-matter is nested too deeply"]


def test_a_huge_number_is_read_as_text_not_a_crash() -> None:
    data, problems, _ = read("---\npopulation: " + "9" * 5000 + "\n---\n")
    assert problems == []
    assert data == {"population": "9" * 5000}
