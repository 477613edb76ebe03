"""Open data: the hub's content as files for other sites, researchers and feeds.

:func:`exports` turns a linked :class:`~cityhub.content.hub.Hub` into the files
published with the site: under ``data/`` the practices as JSON and CSV, the
cities as GeoJSON and the pledges as JSON; under ``schemas/`` the JSON Schemas
of the content files and review records (and the submission form's variant), each with its
absolute address as ``$id``; and ``feed.xml``, an Atom feed of the newest
practices. Drafts never appear. Output is deterministic (stable ordering, no
build time anywhere), so two builds of the same content give identical bytes.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from cityhub import messages
from cityhub.content import cities, pledges, practices, reviews
from cityhub.content.hub import Hub
from cityhub.content.places import country_name
from cityhub.content.pledges import Pledge
from cityhub.content.practices import Practice
from cityhub.content.schema import JSON_SCHEMA_DIALECT, schema_path
from cityhub.content.translations import Translation
from cityhub.contribute.submission import FORM_SCHEMA, form_schema
from cityhub.messages import LANGUAGES, SOURCE_LANGUAGE, _
from cityhub.outputs.progress import progress_files
from cityhub.site.kinds import url_for

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FEED_SIZE = 50
#: how lists of ids, codes and numbers are joined in a CSV cell
LIST_SEPARATOR = "; "
#: lists of free text (and addresses, which may hold ';') put one item per
#: line of their cell, since the text itself may hold any separator
TEXT_SEPARATOR = "\n"
TEXT_LISTS = frozenset({"partner_city_names", "theme_labels", "target_group_labels",
                        "commitment_titles", "partners", "results", "source_titles",
                        "source_urls"})
#: a spreadsheet runs a cell starting with one of these as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ATOM = "http://www.w3.org/2005/Atom"
#: the columns of practices.csv: the fields of practices.json, with sources
#: and contact spread over columns of their own
CSV_COLUMNS = (
    "slug", "url", "title", "city", "city_name", "country", "country_name", "partner_cities",
    "partner_city_names", "summary", "themes", "theme_labels", "target_groups",
    "target_group_labels", "commitments", "commitment_titles", "sdgs", "status", "started",
    "ended", "partners", "results", "source_titles", "source_urls", "contact_name",
    "contact_email", "contact_url", "submitted", "reviewed", "lang",
    *(f"{key}_{lang}" for lang in LANGUAGES for key in ("title", "summary", "translation")))
#: a review record is a whole YAML file, not a Markdown file's front-matter
SCHEMA_TITLES = {"review": "A review record, reviews/<practice-slug>.yml"}
SCHEMAS = {"city": cities.SCHEMA, "pledge": pledges.SCHEMA, "practice": practices.SCHEMA,
           "review": reviews.SCHEMA}


class Links:
    """Absolute addresses of the site's pages, from its configured root URL."""

    def __init__(self, site_url: str) -> None:
        self.root = site_url.rstrip("/") + "/" if site_url else "/"

    def __call__(self, path: str) -> str:
        return self.root + path


class Records:
    """Each practice's open-data record (and its line of JSON, its row of CSV)
    as last made, with a digest of what it shows: a preview server makes
    again only the records of practices that changed, or all of them when
    the rest of the hub (cities, pledges, vocabularies) did."""

    def __init__(self) -> None:
        #: by the site's address (each language's links its own pages), then by practice
        self._made: dict[str, dict[str, tuple[str, dict[str, Any], str, dict[str, str]]]] = {}
        #: the progress files, by the site's address, with the key of what they count
        self._progress: dict[str, tuple[str, dict[str, bytes]]] = {}

    def of(self, hub: Hub, practices: list[Practice],
           links: Links) -> list[tuple[dict[str, Any], str, dict[str, str]]]:
        """Each practice's record, JSON line and CSV row; forgets the others."""
        shared = hub.fingerprint_apart_from_practices
        digests = hub.practice_fingerprints
        before = self._made.get(links.root, {})
        made = {}
        for practice in practices:
            key = f"{shared}\n{digests[practice.slug]}"
            previous = before.get(practice.slug)
            made[practice.slug] = previous if previous is not None and previous[0] == key \
                else (key, *_record_made(hub, practice, links))
        self._made[links.root] = made
        return [made[practice.slug][1:] for practice in practices]

    def progress_of(self, hub: Hub, links: Links) -> dict[str, bytes]:
        """The progress files, made again only when what they count changed:
        not when a practice's title or text did."""
        made = self._progress.get(links.root)
        if made is None or made[0] != hub.counts_fingerprint:
            made = hub.counts_fingerprint, progress_files(hub, (LICENCE, LICENCE_URL), links)
            self._progress[links.root] = made
        return dict(made[1])


def exports(hub: Hub, site_url: str, site_name: str,
            feed_hub: Hub | None = None, records: Records | None = None) -> dict[str, bytes]:
    """Every open-data file of the site, by its path from the site root.

    The data is the same in every language of the site (in English, with
    each text's translations beside it) but links the pages of the site at
    ``site_url``; the feed shows ``feed_hub``, the content in the site's
    language. ``records`` keeps what a preview server made before.
    """
    with messages.use(SOURCE_LANGUAGE):
        files = _data_files(hub, Links(site_url), records)
    files["feed.xml"] = feed((feed_hub or hub).published, Links(site_url), site_name)
    return files


def _data_files(hub: Hub, links: Links, records: Records | None = None) -> dict[str, bytes]:
    hub = hub.published
    published = sorted(hub.practices.values(), key=lambda p: p.slug)
    licence = {"licence": LICENCE, "licence_url": LICENCE_URL}
    if records is None:  # a build: each record made once, written as it goes
        made = [practice_record(hub, p, links) for p in published]
        practices = _records_json({**licence, "count": len(made), "practices": made})
        rows: Iterable[dict[str, str]] = (_csv_row(record) for record in made)
    else:
        cached = records.of(hub, published, links)
        practices = _records_json({**licence, "count": len(cached),
                                   "practices": _Written(line for _, line, _ in cached)})
        rows = [row for _, _, row in cached]
    files = {
        "data/practices.json": practices,
        "data/practices.csv": _csv(rows),
        "data/cities.geojson": _records_json(cities_geojson(hub, links)),
        "data/pledges.json": _records_json({"licence": LICENCE, "licence_url": LICENCE_URL,
                                            "pledges": [pledge_record(hub, p, links)
                                                        for p in sorted(hub.pledges.values(),
                                                                        key=lambda p: p.slug)]}),
    }
    for name, schema in SCHEMAS.items():
        files[schema_path(name)] = _json({
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": links(schema_path(name)),
            "title": SCHEMA_TITLES.get(name, f"The front-matter of a {name} file"),
            **schema.json_schema()})
    files.update(records.progress_of(hub, links) if records is not None
                 else progress_files(hub, (LICENCE, LICENCE_URL), links))
    # The submission form's variant: the same schema, with this hub's ids as choices.
    files[FORM_SCHEMA] = _json(form_schema(hub, links(FORM_SCHEMA)))
    return files


def practice_record(hub: Hub, practice: Practice, links: Links) -> dict[str, Any]:
    """A practice's front-matter with its address and every id resolved to a name."""
    city = hub.city_of(practice)
    commitments = hub.commitments_of(practice)
    return {
        "slug": practice.slug,
        "url": links(url_for("practice", practice.slug)),
        "title": practice.title,
        "city": city.slug,
        "city_name": city.name,
        "country": city.country,
        "country_name": country_name(city.country),
        "partner_cities": list(practice.partner_cities),
        "partner_city_names": [c.name for c in hub.partner_cities_of(practice)],
        "summary": practice.summary,
        "themes": list(practice.themes),
        "theme_labels": [hub.themes.label(t) for t in practice.themes],
        "target_groups": list(practice.target_groups),
        "target_group_labels": [hub.target_groups.label(g) for g in practice.target_groups],
        "commitments": list(practice.commitments),
        "commitment_titles": [f"{pledge.title}: {c.title}" for pledge, c in commitments],
        "sdgs": list(practice.sdgs),
        "status": practice.status,
        "started": practice.started,
        "ended": practice.ended,
        "partners": list(practice.partners),
        "results": list(practice.results),
        "sources": [{"title": s.title, "url": s.url} for s in practice.sources],
        "contact": _contact(practice),
        "submitted": practice.submitted.isoformat(),
        "reviewed": practice.reviewed.isoformat() if practice.reviewed else None,
        "lang": practice.lang,
        "translations": {lang: {**translation.texts, **translation.lists,
                                **_translation_status(translation)}
                         for lang, translation in hub.translations_of(practice).items()},
    }


def _translation_status(translation: Translation) -> dict[str, str | None]:
    """Who translated a text, when, and whether it is the issuing network's own."""
    return {"translation": translation.status, "translated_by": translation.translated_by,
            "translated": translation.translated.isoformat(), "source": translation.source}


def _contact(practice: Practice) -> dict[str, str] | None:
    contact = practice.contact
    if contact is None:
        return None
    fields = {"name": contact.name, "email": contact.email, "url": contact.url}
    return {key: value for key, value in fields.items() if value}


def _record_made(hub: Hub, practice: Practice,
                 links: Links) -> tuple[dict[str, Any], str, dict[str, str]]:
    """A practice's record, as a line of JSON and as a row of CSV."""
    record = practice_record(hub, practice, links)
    return record, json.dumps(record, ensure_ascii=False), _csv_row(record)


def _csv(rows: Iterable[dict[str, str]]) -> bytes:
    """One row per practice; lists of ids joined with ``; ``, lists of text one
    item per line of the cell; UTF-8 with a byte-order mark so that
    spreadsheets detect the encoding."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _csv_row(record: dict[str, Any]) -> dict[str, str]:
    row: dict[str, str] = {}
    for key, value in record.items():
        if key == "sources":
            row["source_titles"] = _text_cell([s["title"] for s in value])
            row["source_urls"] = _text_cell([s["url"] for s in value])
        elif key == "contact":
            for part in ("name", "email", "url"):
                row[f"contact_{part}"] = _cell((value or {}).get(part))
        elif key == "translations":
            for lang in LANGUAGES:
                for part in ("title", "summary", "translation"):
                    row[f"{part}_{lang}"] = _cell(value.get(lang, {}).get(part))
        elif key in TEXT_LISTS:
            row[key] = _text_cell(value)
        else:
            row[key] = _cell(value)
    return row


def _text_cell(items: list[str]) -> str:
    return TEXT_SEPARATOR.join(_cell(" ".join(item.split())) for item in items)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    text = str(value)
    # A leading apostrophe keeps a spreadsheet from evaluating contributed text.
    return "'" + text if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cities_geojson(hub: Hub, links: Links) -> dict[str, Any]:
    """Every city as a GeoJSON Point feature (``[lon, lat]``), sorted by slug."""
    features = []
    for city in sorted(hub.cities.values(), key=lambda c: c.slug):
        count = len(hub.practices_in_city.get(city.slug, []))
        features.append({
            "type": "Feature",
            "id": city.slug,
            "geometry": {"type": "Point", "coordinates": [city.lon, city.lat]},
            "properties": {
                "slug": city.slug,
                "name": city.name,
                "country": city.country,
                "country_name": country_name(city.country),
                "networks": list(city.networks),
                "pledges": [s.pledge for s in city.pledges],
                "pledge_roles": {s.pledge: s.role for s in city.pledges},
                "practices": count,
                "url": links(url_for("city", city.slug)),
                "lang": city.lang,
                "translations": {lang: {**translation.texts, **_translation_status(translation)}
                                 for lang, translation in hub.translations_of(city).items()},
            },
        })
    return {"type": "FeatureCollection", "features": features}


def pledge_record(hub: Hub, pledge: Pledge, links: Links) -> dict[str, Any]:
    """A pledge with its commitments, their implementing practices, the cities
    that signed it or took part in another role (each with its ``role``), and
    the people who signed it for a network or an organisation."""
    url = links(url_for("pledge", pledge.slug))
    return {
        "slug": pledge.slug,
        "url": url,
        "title": pledge.title,
        "kind": pledge.kind,
        "networks": list(pledge.networks),
        "adopted": pledge.adopted.isoformat(),
        "place": pledge.place,
        "summary": pledge.summary,
        "source": pledge.source,
        "commitments": [{
            "id": c.id,
            "url": links(url_for("commitment", f"{pledge.slug}#{c.id}")),
            "title": c.title,
            "text": c.text,
            "note": c.note,
            "practices": _slugs(hub.implementing(pledge, c)),
        } for c in pledge.commitments],
        "signatories": [{
            "city": city.slug,
            "city_name": city.name,
            "country": city.country,
            "role": signature.role,
            "signed": signature.signed.isoformat() if signature.signed else None,
            "by": signature.by,
        } for city, signature in hub.cities_in_pledge.get(pledge.slug, [])],
        "other_signatories": [{
            "name": person.name,
            "role": person.role,
            "organisation": person.organisation,
        } for person in pledge.other_signatories],
        "lang": pledge.lang,
        "translations": {lang: _pledge_translation(translation)
                         for lang, translation in hub.translations_of(pledge).items()},
    }


def _pledge_translation(translation: Translation) -> dict[str, Any]:
    """A pledge's translation: its texts, each translated commitment by id
    (a field it does not translate is ``null``), and whether it is official."""
    return {**translation.texts,
            "commitments": [{"id": c.id, "title": c.title, "text": c.text, "note": c.note}
                            for c in translation.commitments.values()],
            **_translation_status(translation)}


def _slugs(practices: Iterable[Practice]) -> list[str]:
    return sorted(p.slug for p in practices)


def feed(hub: Hub, links: Links, site_name: str) -> bytes:
    """An Atom feed of the newest practices, by the date they were added."""
    entries = hub.newest_practices(FEED_SIZE)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": hub.language})
    ET.SubElement(root, "title").text = _("%(site)s: new practices") % {"site": site_name}
    ET.SubElement(root, "id").text = links("")
    ET.SubElement(root, "link", {"rel": "self", "href": links("feed.xml")})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": links(url_for("practices"))})
    ET.SubElement(root, "updated").text = _timestamp(
        max((_updated(p) for p in entries), default="1970-01-01"))
    ET.SubElement(ET.SubElement(root, "author"), "name").text = site_name
    ET.SubElement(root, "rights").text = f"{LICENCE} ({LICENCE_URL})"
    for practice in entries:
        _feed_entry(root, hub, practice, links)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def _feed_entry(root: ET.Element, hub: Hub, practice: Practice, links: Links) -> None:
    city = hub.city_of(practice)
    url = links(url_for("practice", practice.slug))
    entry = ET.SubElement(root, "entry")
    ET.SubElement(entry, "title").text = practice.title
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    ET.SubElement(entry, "published").text = _timestamp(practice.submitted.isoformat())
    ET.SubElement(entry, "updated").text = _timestamp(_updated(practice))
    ET.SubElement(ET.SubElement(entry, "author"), "name").text = (
        f"{city.name}, {country_name(city.country)}")
    ET.SubElement(entry, "summary").text = practice.summary
    for theme in practice.themes:
        ET.SubElement(entry, "category", {"term": theme, "label": hub.themes.label(theme)})


def _updated(practice: Practice) -> str:
    return max(practice.submitted, practice.reviewed or practice.submitted).isoformat()


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Written(list[str]):
    """Records already written as JSON, one per item."""


def _records_json(value: dict[str, Any]) -> bytes:
    """An object whose lists of records (or of records already written,
    :class:`_Written`) are written one record per line.

    As readable and as easy to compare line by line as indented JSON, and
    written by the standard library's C encoder, which indenting turns off:
    at 10,000 practices it is the difference between seconds and a fraction.
    """
    def member(key: str, item: Any) -> str:
        if isinstance(item, _Written) and item:
            records = ",\n".join(f"    {line}" for line in item)
            item_text = f"[\n{records}\n  ]"
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            records = ",\n".join(f"    {json.dumps(i, ensure_ascii=False)}" for i in item)
            item_text = f"[\n{records}\n  ]"
        else:
            item_text = json.dumps(item, ensure_ascii=False)
        return f"  {json.dumps(key)}: {item_text}"
    members = ",\n".join(member(key, item) for key, item in value.items())
    return f"{{\n{members}\n}}\n".encode()
