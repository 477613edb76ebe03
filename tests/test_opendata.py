"""Open data: the JSON, CSV, GeoJSON and feed published with the site."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from cityhub.cli import main as hub
from cityhub.content.hub import Hub
from cityhub.content.loader import load_hub
from cityhub.outputs.opendata import (
    CSV_COLUMNS,
    LIST_SEPARATOR,
    TEXT_LISTS,
    TEXT_SEPARATOR,
    Records,
    exports,
)
from conftest import REPO, SITE_FIXTURE, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "http://127.0.0.1:8000/"
SCHEMA_FILES = ("schemas/practice.schema.json", "schemas/city.schema.json",
                "schemas/pledge.schema.json", "schemas/review.schema.json",
                "schemas/practice-form.schema.json", "schemas/progress.schema.json")
DATA_FILES = ("data/practices.json", "data/practices.csv", "data/cities.geojson",
              "data/pledges.json", "data/progress.json", "data/progress.csv",
              "data/progress/test-charter.csv", "feed.xml", *SCHEMA_FILES)


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])  # type: ignore[no-any-return]


def originals(folder: Path) -> list[Path]:
    """The content files of a folder, without translations (``<slug>.fr.md``)."""
    return [p for p in folder.glob("*.md") if "." not in p.stem]


def published_practices(content: Path = SITE_FIXTURE) -> dict[str, dict[str, Any]]:
    found = {p.stem: front_matter(p) for p in originals(content / "practices")}
    return {slug: meta for slug, meta in sorted(found.items()) if not meta.get("draft")}


def load_json(site: Path, path: str) -> Any:
    return json.loads((site / path).read_text(encoding="utf-8"))


def test_every_data_file_is_published(built_site: Path) -> None:
    for path in DATA_FILES:
        assert (built_site / path).is_file(), path


def test_the_schemas_are_published_once_per_language_under_schemas_with_their_own_address(
        built_site: Path) -> None:
    """Each language's site (/, /fr/, /es/) publishes the open data and its
    schemas once, at its own addresses: the same data, linking its own pages."""
    published = sorted(p.relative_to(built_site).as_posix()
                       for p in built_site.rglob("*.schema.json"))
    languages = ("", "fr/", "es/")
    assert published == sorted(f"{lang}{path}" for lang in languages for path in SCHEMA_FILES)
    for path in (f"{lang}{path}" for lang in languages for path in SCHEMA_FILES):
        schema = load_json(built_site, path)
        assert schema["$id"] == SITE_URL + path
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object" and schema["properties"], path


def test_the_schemas_follow_the_content_model(built_site: Path) -> None:
    signature = load_json(built_site, "schemas/city.schema.json")[
        "properties"]["pledges"]["items"]
    assert signature["properties"]["role"]["enum"] == ["signatory", "chair", "host", "endorser"]
    assert signature["required"] == ["pledge"]
    pledge = load_json(built_site, "schemas/pledge.schema.json")["properties"]
    assert set(pledge["commitments"]["items"]["properties"]) == {"id", "title", "text", "note"}
    other = pledge["other_signatories"]["items"]
    assert set(other["properties"]) == {"name", "role", "organisation"}
    assert other["required"] == ["name"] and other["additionalProperties"] is False
    review = load_json(built_site, "schemas/review.schema.json")
    assert review["title"] == "A review record, reviews/<practice-slug>.yml"
    assert review["required"] == ["reviewed", "facts"]
    fact = review["properties"]["facts"]["items"]
    assert fact["required"] == ["fact", "source", "quote"]
    assert set(fact["properties"]) == {"fact", "source", "quote", "commitment"}
    assert review["properties"]["facts"]["minItems"] == 1


def test_the_data_page_links_every_schema(read_page: Any) -> None:
    links = set(re.findall(r'href="\.\./(schemas/[^"]+)"', read_page("data")))
    assert links == set(SCHEMA_FILES)


def test_practices_json_holds_every_published_practice_and_its_fields(built_site: Path) -> None:
    data = load_json(built_site, "data/practices.json")
    expected = published_practices()
    assert data["count"] == len(expected) == 3
    assert [p["slug"] for p in data["practices"]] == list(expected)
    for record in data["practices"]:
        meta = expected[record["slug"]]
        for key, value in meta.items():
            exported = record[key]
            assert exported == (value.isoformat() if hasattr(value, "isoformat") else value), key
        assert record["url"] == f"{SITE_URL}practices/{record['slug']}/"
    fair = next(p for p in data["practices"] if p["slug"] == "fair-letting")
    assert fair["city_name"] == "Exampleton" and fair["country_name"] == "United Kingdom"
    assert fair["theme_labels"][0] == "Housing"
    charter = "Test Charter of Inclusive Towns"
    assert fair["commitment_titles"] == [f"{charter}: Fair access to housing",
                                         f"{charter}: Greater vigilance"]


def test_drafts_never_reach_the_data(built_site: Path) -> None:
    for path in DATA_FILES:
        assert "unfinished" not in (built_site / path).read_text(encoding="utf-8"), path


def test_a_preview_shows_drafts_but_publishes_the_data_of_a_build(
        built_site: Path, previewed_site: Path) -> None:
    assert (previewed_site / "practices" / "unfinished" / "index.html").is_file()
    for path in DATA_FILES:
        data = (previewed_site / path).read_bytes()
        assert b"unfinished" not in data, path
        assert data == (built_site / path).read_bytes(), path
    norby = next(feature for feature in load_json(previewed_site, "data/cities.geojson")["features"]
                 if feature["id"] == "norby")
    assert norby["properties"]["practices"] == 0  # its only practice is the draft


def test_practices_csv_round_trips_to_the_json(built_site: Path) -> None:
    raw = (built_site / "data" / "practices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark lets spreadsheets detect UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = load_json(built_site, "data/practices.json")["practices"]
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["slug"] for r in rows] == [r["slug"] for r in records] == list(published_practices())
    for row, record in zip(rows, records, strict=True):
        assert row["title"] == record["title"]
        assert row["themes"].split(LIST_SEPARATOR) == record["themes"]
        assert row["source_urls"].split(TEXT_SEPARATOR) == [s["url"] for s in record["sources"]]
        assert row["started"] == str(record["started"])
        assert row["ended"] == ("" if record["ended"] is None else str(record["ended"]))


def test_every_csv_list_splits_back_into_its_items(site_root: Path) -> None:
    practice = site_root / "practices" / "fair-letting.md"
    practice.write_text(practice.read_text(encoding="utf-8").replace(
        "  - Letting agents trained.\n",
        "  - \"Letting agents trained; 40 of them, in 2 sessions.\"\n"
        "  - \"A second line\\nwithin one result.\"\n"), encoding="utf-8")
    # Its French translation keeps to the original's results, one for one.
    translation = site_root / "practices" / "fair-letting.fr.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace(
        "  - Agences de location formées.\n",
        "  - Agences de location formées.\n  - Une deuxième ligne.\n"), encoding="utf-8")
    site = build_site(site_root)
    text = (site / "data" / "practices.csv").read_bytes().decode("utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    records = {r["slug"]: r for r in load_json(site, "data/practices.json")["practices"]}
    first = records["fair-letting"]["results"][0]
    assert first == "Letting agents trained; 40 of them, in 2 sessions."
    for slug, record in records.items():
        for column in TEXT_LISTS - {"source_titles", "source_urls"}:
            cell = rows[slug][column]
            items = cell.split(TEXT_SEPARATOR) if cell else []
            assert items == [" ".join(str(v).split()) for v in record[column]], (slug, column)
        for column in ("themes", "target_groups", "commitments", "partner_cities", "sdgs"):
            cell = rows[slug][column]
            assert (cell.split(LIST_SEPARATOR) if cell else []) == [str(v) for v in record[column]]


def test_cities_geojson_is_a_valid_feature_collection(built_site: Path) -> None:
    data = load_json(built_site, "data/cities.geojson")
    assert data["type"] == "FeatureCollection"
    cities = {p.stem: front_matter(p) for p in originals(SITE_FIXTURE / "cities")}
    assert [f["id"] for f in data["features"]] == sorted(cities)
    counts = {}
    for meta in published_practices().values():
        counts[meta["city"]] = counts.get(meta["city"], 0) + 1
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        city = cities[feature["id"]]
        assert (lat, lon) == (city["location"]["lat"], city["location"]["lon"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["practices"] == counts.get(feature["id"], 0)
        assert feature["properties"]["url"] == f"{SITE_URL}cities/{feature['id']}/"


def test_pledges_json_lists_commitments_practices_and_signatories(built_site: Path) -> None:
    pledges = {p["slug"]: p for p in load_json(built_site, "data/pledges.json")["pledges"]}
    assert sorted(pledges) == ["test-charter", "test-declaration"]
    charter = pledges["test-charter"]
    housing = next(c for c in charter["commitments"] if c["id"] == "fair-housing")
    assert housing["practices"] == ["fair-letting"]
    assert housing["url"] == f"{SITE_URL}pledges/test-charter/#fair-housing"
    assert {s["city"] for s in charter["signatories"]} >= {"exampleton"}
    implemented = {(pledge["slug"], c["id"], slug) for pledge in pledges.values()
                   for c in pledge["commitments"] for slug in c["practices"]}
    expected = {(*reference.split("#"), slug) for slug, meta in published_practices().items()
                for reference in meta.get("commitments", [])}
    assert implemented == expected


def test_the_open_data_says_what_part_each_city_took(built_site: Path) -> None:
    pledges = {p["slug"]: p for p in load_json(built_site, "data/pledges.json")["pledges"]}
    declaration = {s["city"]: s for s in pledges["test-declaration"]["signatories"]}
    assert declaration["norby"] == {"city": "norby", "city_name": "Norby", "country": "NO",
                                    "role": "chair", "signed": None, "by": "Mayor C. Norby"}
    assert declaration["sao-exemplo"]["role"] == "signatory"
    assert declaration["sao-exemplo"]["signed"] == "2018-12-10"
    charter = pledges["test-charter"]
    assert charter["other_signatories"] == [{"name": "D. Network", "role": "President",
                                             "organisation": "Example Coalition of Towns"}]
    notes = {c["id"]: c["note"] for c in charter["commitments"]}
    assert notes == {"vigilance": None, "fair-housing": None,
                     "education": "The charter's second edition shortens this point."}
    cities = {f["id"]: f["properties"] for f in
              load_json(built_site, "data/cities.geojson")["features"]}
    assert cities["norby"]["pledge_roles"] == {"test-declaration": "chair"}
    assert cities["exampleton"]["pledge_roles"] == {"test-charter": "signatory",
                                                    "test-declaration": "signatory"}


def test_the_feed_is_atom_newest_first_and_announced_on_every_page(built_site: Path) -> None:
    root = ET.fromstring((built_site / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    published = published_practices()
    assert len(entries) == len(published)
    dates = [e.findtext(f"{ATOM}published") for e in entries]
    assert dates == sorted(dates, reverse=True)
    ids = {e.findtext(f"{ATOM}id") for e in entries}
    assert ids == {f"{SITE_URL}practices/{slug}/" for slug in published}
    for page in ("index.html", "practices/fair-letting/index.html", "data/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*'
                         r'href="(\.\./)*feed\.xml"', html), page


def test_translations_are_published_with_their_status(tmp_path: Path) -> None:
    assert hub(["--root", str(SITE_FIXTURE), "export", "--out", str(tmp_path)]) == 0
    practices = {r["slug"]: r for r in load_json(tmp_path, "data/practices.json")["practices"]}
    assert practices["housing-advice"]["lang"] == "en"
    assert practices["housing-advice"]["translations"] == {}
    assert practices["fair-letting"]["translations"] == {"fr": {
        "title": "Bureau de la location équitable",
        "summary": "Un bureau qui contrôle les agences de location pour détecter les "
                   "discriminations.",
        "results": ["Agences de location formées."], "translation": "unofficial",
        "translated_by": "Inclusive Cities Hub", "translated": "2026-02-02", "source": None}}
    pledge = {p["slug"]: p for p in load_json(tmp_path, "data/pledges.json")["pledges"]}[
        "test-charter"]
    spanish = pledge["translations"]["es"]
    assert spanish["translation"] == "unofficial"
    # Only what is translated: the fair-housing commitment's text stays the document's.
    assert spanish["commitments"][1] == {"id": "fair-housing",
                                         "title": "Acceso justo a la vivienda",
                                         "text": None, "note": None}
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(
        (tmp_path / "data/practices.csv").read_text("utf-8-sig")))}
    assert rows["fair-letting"]["title_fr"] == "Bureau de la location équitable"
    assert rows["fair-letting"]["translation_fr"] == "unofficial"
    assert rows["fair-letting"]["title_es"] == rows["fair-letting"]["translation_es"] == ""


def test_hostile_text_stays_text_in_every_export(site_root: Path) -> None:
    practice = site_root / "practices" / "housing-advice.md"
    hostile = "=HYPERLINK(\"http://evil.example\") </title><script>alert(1)</script>"
    text = re.sub(r"(?m)^title: .*$", f"title: {json.dumps(hostile)}", practice.read_text())
    practice.write_text(text)
    site = build_site(site_root)
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert hostile in titles
    assert "<script>" not in (site / "feed.xml").read_text()
    rows = csv.DictReader(io.StringIO((site / "data/practices.csv").read_text("utf-8-sig")))
    assert {r["slug"]: r["title"] for r in rows}["housing-advice"] == "'" + hostile
    records = load_json(site, "data/practices.json")["practices"]
    assert {r["slug"]: r["title"] for r in records}["housing-advice"] == hostile


def test_every_run_gives_identical_data(tmp_path: Path) -> None:
    """No build date, no order of sets or hashes that changes between runs: two
    processes with other hash seeds and build dates write the same bytes (and a
    build publishes what ``hub export`` writes, see below)."""
    for seed, epoch in (("1", "0"), ("2", "1767225600")):
        subprocess.run([str(Path(sys.executable).with_name("hub")), "--root", str(SITE_FIXTURE),
                        "export", "--out", str(tmp_path / seed), "--site-url", SITE_URL],
                       env={**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": epoch},
                       check=True, capture_output=True)
    for path in DATA_FILES:
        assert (tmp_path / "1" / path).read_bytes() == (tmp_path / "2" / path).read_bytes(), path


def test_hub_export_writes_what_the_build_publishes(built_site: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert hub(["--root", str(SITE_FIXTURE), "export", "--out", str(tmp_path),
                "--site-url", SITE_URL]) == 0
    for path in DATA_FILES:
        assert (tmp_path / path).read_bytes() == (built_site / path).read_bytes(), path


def test_the_data_page_documents_every_field(built_site: Path) -> None:
    page = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", page))
    record = load_json(built_site, "data/practices.json")["practices"][0]
    properties = load_json(built_site, "data/cities.geojson")["features"][0]["properties"]
    pledge = load_json(built_site, "data/pledges.json")["pledges"][0]
    progress = load_json(built_site, "data/progress.json")
    fields = (set(record) | set(CSV_COLUMNS) | set(properties) | set(pledge)
              | set(pledge["commitments"][0]) | set(pledge["signatories"][0])
              | set(pledge["other_signatories"][0]) | set(progress)
              | set(progress["pledges"][0]) | set(progress["rows"][0]))
    assert fields - documented == set()


def schema_problems(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """The JSON Schema keywords progress.schema.json uses, checked by hand
    (type, enum, required, properties, additionalProperties, items)."""
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "null": type(None)}
    found = []
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        if not any(isinstance(value, kinds[t]) and not isinstance(value, bool) for t in allowed):
            return [f"{where}: {value!r} is not {allowed}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        found += [f"{where}: missing {key}" for key in schema.get("required", [])
                  if key not in value]
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            found += [f"{where}: unexpected {key}" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                found += schema_problems(item, properties[key], f"{where}/{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += schema_problems(item, schema["items"], f"{where}/{index}")
    return found


def test_progress_json_follows_its_schema_and_says_who_did_what(built_site: Path) -> None:
    progress = load_json(built_site, "data/progress.json")
    schema = load_json(built_site, "schemas/progress.schema.json")
    assert schema_problems(progress, schema) == []
    assert schema_problems({**progress, "rows": [{"pledge": 1}]}, schema) != []
    rows = {(r["pledge"], r["commitment"], r["city"]): r for r in progress["rows"]}
    assert rows["test-charter", "fair-housing", "exampleton"]["practices"] == ["fair-letting"]
    assert rows["test-charter", "fair-housing", "exampleton"]["role"] == "signatory"
    # A chair who did not sign has its row and its role, and no date.
    assert rows["test-declaration", "share", "norby"]["role"] == "chair"
    assert rows["test-declaration", "share", "norby"]["signed"] is None
    # A city that did not take part but acted: a row without a role.
    assert rows["test-charter", "education", "sao-exemplo"]["role"] is None
    assert all("unfinished" not in r["practices"] for r in progress["rows"])
    summary = {p["pledge"]: p for p in progress["pledges"]}
    assert summary["test-charter"]["not_yet"] == []
    assert summary["test-charter"]["participants_with_practice"] == 1


def test_progress_csv_holds_the_rows_of_the_json(built_site: Path) -> None:
    rows = load_json(built_site, "data/progress.json")["rows"]
    text = (built_site / "data/progress.csv").read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows)
    for row, record in zip(table, rows, strict=True):
        assert (row["practices"].split("; ") if row["practices"] else []) == record["practices"]
        assert row["city"] == record["city"] and row["role"] == (record["role"] or "")
    charter = (built_site / "data/progress/test-charter.csv").read_text(encoding="utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(charter)))) == sum(
        1 for r in rows if r["pledge"] == "test-charter")


def test_records_a_preview_keeps_write_the_data_a_build_writes() -> None:
    """The preview makes again only the records of changed practices: the
    files are the very bytes a build makes, before and after a change."""
    hub, _ = load_hub(SITE_FIXTURE)
    records = Records()
    assert exports(hub, "https://hub.example.org/", "Hub", records=records) \
        == exports(hub, "https://hub.example.org/", "Hub")
    practice = hub.practices["fair-letting"]
    renamed = Hub(hub.themes, hub.networks, hub.target_groups, dict(hub.cities),
                  dict(hub.pledges), {**hub.practices, practice.slug: replace(
                      practice, title="Renamed Letting Office")}, list(hub.broken),
                  dict(hub.reviews), dict(hub.translations))
    again = exports(renamed, "https://hub.example.org/", "Hub", records=records)
    assert again == exports(renamed, "https://hub.example.org/", "Hub")
    assert "Renamed Letting Office" in again["data/practices.json"].decode()
    # what progress counts: the commitments a practice puts into action
    moved = Hub(hub.themes, hub.networks, hub.target_groups, dict(hub.cities),
                dict(hub.pledges), {**hub.practices, practice.slug: replace(
                    practice, commitments=())}, list(hub.broken),
                dict(hub.reviews), dict(hub.translations))
    counted = exports(moved, "https://hub.example.org/", "Hub", records=records)
    assert counted == exports(moved, "https://hub.example.org/", "Hub")
    assert counted["data/progress.json"] != again["data/progress.json"]
    assert exports(moved, "https://hub.example.org/en-gb/", "Hub", records=records) \
        == exports(moved, "https://hub.example.org/en-gb/", "Hub")
