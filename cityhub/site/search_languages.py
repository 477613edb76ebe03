"""Provisional: English stop words only (replaced by the per-language pipelines)."""

from __future__ import annotations

from collections.abc import Callable

from lunr.stop_word_filter import WORDS

Pipeline = Callable[[str], list[str]]


def pipelines(langs: tuple[str, ...], functions: tuple[str, ...]) -> tuple[Pipeline, Pipeline]:
    def index(token: str) -> list[str]:
        if "stopWordFilter" in functions and token in WORDS:
            return []
        return [token] if token else []

    return index, index
