"""The content graph: indexes from construction, and the published view without drafts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cityhub.content.hub import newest
from cityhub.content.loader import load_hub
from conftest import SITE_FIXTURE


def test_the_preview_holds_drafts_and_its_published_view_never_does() -> None:
    preview, _ = load_hub(SITE_FIXTURE, include_drafts=True)
    published, _ = load_hub(SITE_FIXTURE, include_drafts=False)
    assert "unfinished" in preview.practices
    assert preview.practices["unfinished"].draft
    assert "unfinished" not in preview.published.practices
    assert set(preview.published.practices) == set(published.practices)
    for index in ("practices_by_theme", "practices_in_city", "practices_by_country"):
        drafts = [p.slug for group in getattr(preview.published, index).values()
                  for p in group if p.draft]
        assert drafts == [], index


def test_a_hub_without_drafts_is_its_own_published_view() -> None:
    published, _ = load_hub(SITE_FIXTURE, include_drafts=False)
    assert published.published is published


def test_indexes_exist_from_construction_in_content_order() -> None:
    hub, _ = load_hub(SITE_FIXTURE)
    housing = [p.slug for p in hub.practices_by_theme["housing"]]
    assert housing == [slug for slug, p in hub.practices.items() if "housing" in p.themes]
    assert list(hub.practices_by_sdg) == sorted(hub.practices_by_sdg)
    for practice in hub.practices.values():
        assert practice in hub.practices_in_city[practice.city]
        assert practice in hub.practices_by_country[hub.city_of(practice).country]


def test_newest_practices_are_those_added_last_then_the_latest_started() -> None:
    hub, _ = load_hub(SITE_FIXTURE)
    same_day = [dataclasses.replace(p, submitted=dt.date(2026, 1, 1))
                for p in hub.practices.values()]
    # Added the same day (a batch): the one started last comes first, not the title's.
    assert [p.slug for p in newest(same_day, 3)] == \
        ["housing-advice", "school-mentors", "fair-letting"]
    assert [p.slug for p in newest(hub.practices.values(), 3)] == \
        ["school-mentors", "housing-advice", "fair-letting"]


def test_names_sort_by_their_letters_not_their_quotes_or_accents() -> None:
    from cityhub.content.hub import _by_name
    titles = ["Zürich first", "«Wir sind Hamburg»", "\"Kenne deine Rechte\"", "Équité",
              "Welcoming", "Arab coalition"]
    assert sorted(titles, key=_by_name) == [
        "Arab coalition", "Équité", "\"Kenne deine Rechte\"", "Welcoming",
        "«Wir sind Hamburg»", "Zürich first"]
