"""Open data of pledge progress: ``data/progress.json``, ``data/progress.csv``
and one ``data/progress/<pledge>.csv`` per pledge, with the JSON Schema of
the JSON file (``schemas/progress.schema.json``).

One row per pledge, commitment and city: each city that took part in the
pledge (with its role), then each city that did not but has a practice for
the commitment (role empty). The rows come from
:attr:`cityhub.content.hub.Hub.progress`, so the files say what the pages
show. Ordered by pledge slug, then the pledge's own order; no build date.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cityhub.content.hub import Hub
from cityhub.content.progress import PledgeProgress
from cityhub.content.schema import JSON_SCHEMA_DIALECT, schema_path

#: the columns of progress.csv, the fields of each of progress.json's rows
COLUMNS = ("pledge", "commitment", "city", "city_name", "role", "signed", "practices")
SUMMARY_FIELDS = ("pledge", "title", "commitments", "commitments_in_action", "participants",
                  "participants_with_practice", "not_yet")


def progress_files(hub: Hub, licence: tuple[str, str],
                   links: Any) -> dict[str, bytes]:
    """The progress files, by path from the site root (``links`` makes addresses)."""
    ordered = [hub.progress[slug] for slug in sorted(hub.pledges)]
    rows = {p.pledge.slug: pledge_rows(hub, p) for p in ordered}
    everything = [row for pledge_rows_ in rows.values() for row in pledge_rows_]
    changed = hub.last_change
    document = {
        "licence": licence[0], "licence_url": licence[1],
        "last_change": changed.isoformat() if changed else None,
        "pledges": [summary_record(p) for p in ordered],
        "rows": everything,
    }
    files = {"data/progress.json": _json(document), "data/progress.csv": _csv(everything),
             schema_path("progress"): _json(progress_schema(links(schema_path("progress"))))}
    for slug, pledge_rows_ in rows.items():
        files[f"data/progress/{slug}.csv"] = _csv(pledge_rows_)
    return files


def summary_record(progress: PledgeProgress) -> dict[str, Any]:
    return {
        "pledge": progress.pledge.slug,
        "title": progress.pledge.title,
        "commitments": len(progress.commitments),
        "commitments_in_action": progress.covered,
        "participants": len(progress.participants),
        "participants_with_practice": progress.acting,
        "not_yet": [c.id for c in progress.not_yet],
    }


def pledge_rows(hub: Hub, progress: PledgeProgress) -> list[dict[str, Any]]:
    """A row per commitment and city: the participants, then the other cities."""
    rows = []
    for index, column in enumerate(progress.commitments):
        for row in progress.participants:
            signed = row.signature.signed
            rows.append(_row(progress, column.commitment.id, row.city.slug, row.city.name,
                             row.signature.role, signed.isoformat() if signed else None,
                             [p.slug for p in row.cells[index]]))
        others: dict[str, list[str]] = {}
        for practice in column.outside:
            others.setdefault(practice.city, []).append(practice.slug)
        for city, slugs in sorted(others.items()):
            rows.append(_row(progress, column.commitment.id, city, hub.cities[city].name,
                             None, None, slugs))
    return rows


def _row(progress: PledgeProgress, commitment: str, city: str, city_name: str,
         role: str | None, signed: str | None, practices: list[str]) -> dict[str, Any]:
    return {"pledge": progress.pledge.slug, "commitment": commitment, "city": city,
            "city_name": city_name, "role": role, "signed": signed,
            "practices": sorted(practices)}


def progress_schema(schema_id: str) -> dict[str, Any]:
    text = {"type": "string"}
    count = {"type": "integer", "minimum": 0}
    return {
        "$schema": JSON_SCHEMA_DIALECT, "$id": schema_id,
        "title": "Pledge progress: data/progress.json",
        "type": "object",
        "required": ["licence", "licence_url", "last_change", "pledges", "rows"],
        "additionalProperties": False,
        "properties": {
            "licence": text, "licence_url": text,
            "last_change": {"type": ["string", "null"], "format": "date"},
            "pledges": {"type": "array", "items": {
                "type": "object", "required": list(SUMMARY_FIELDS),
                "additionalProperties": False,
                "properties": {"pledge": text, "title": text, "commitments": count,
                               "commitments_in_action": count, "participants": count,
                               "participants_with_practice": count,
                               "not_yet": {"type": "array", "items": text}}}},
            "rows": {"type": "array", "items": {
                "type": "object", "required": list(COLUMNS), "additionalProperties": False,
                "properties": {
                    "pledge": text, "commitment": text, "city": text, "city_name": text,
                    "role": {"enum": ["signatory", "chair", "host", "endorser", None]},
                    "signed": {"type": ["string", "null"], "format": "date"},
                    "practices": {"type": "array", "items": text}}}},
        },
    }


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["; ".join(row[c]) if c == "practices" else _cell(row[c] or "")
                         for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    """A cell a spreadsheet shows instead of running as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
