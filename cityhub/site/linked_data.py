"""What search engines and link previews read of a page: schema.org JSON-LD.

:func:`linked_data` describes a page for machines: a practice as an
``Article`` whose ``contentLocation`` is its city (a ``Place`` with its
coordinates and country), a city as a ``Place``, a pledge as a
``CreativeWork``, and the home page as the hub's ``Organization`` and
``WebSite``. Every address in it is absolute (from the site's public address),
as crawlers require. Other pages get none.
"""

from __future__ import annotations

from typing import Any

from cityhub.content.cities import City
from cityhub.content.hub import Hub
from cityhub.content.places import country_name
from cityhub.content.pledges import Pledge
from cityhub.content.practices import Practice
from cityhub.site.card import CARD_PNG
from cityhub.site.kinds import GeneratedPage, url_for

CONTEXT = "https://schema.org"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
#: the picture shared links show, drawn at build time
CARD_IMAGE = CARD_PNG


class LinkedData:
    """The JSON-LD of the pages of one hub published at ``site_url``."""

    def __init__(self, hub: Hub, site_url: str, site_name: str, description: str = "") -> None:
        self.hub = hub
        self.root = site_url.rstrip("/") + "/"
        self.name = site_name
        self.description = description

    def absolute(self, path: str) -> str:
        return self.root + path

    def of(self, src_uri: str, page: GeneratedPage | None) -> dict[str, Any] | None:
        """The JSON-LD of a page (by its source path), or None."""
        if src_uri == "index.md":
            return {"@context": CONTEXT, "@graph": [self.organisation(), self.website()]}
        if page is None or page.key is None:
            return None
        if page.kind.name == "practice":
            return {"@context": CONTEXT, **self.practice(self.hub.practices[page.key])}
        if page.kind.name == "city":
            return {"@context": CONTEXT, **self.place(self.hub.cities[page.key])}
        if page.kind.name == "pledge":
            return {"@context": CONTEXT, **self.pledge(self.hub.pledges[page.key])}
        return None

    def organisation(self) -> dict[str, Any]:
        return {"@type": "Organization", "@id": self.root + "#organisation", "name": self.name,
                "url": self.root, "logo": self.absolute(CARD_IMAGE)}

    def website(self) -> dict[str, Any]:
        return {"@type": "WebSite", "@id": self.root + "#website", "name": self.name,
                "url": self.root, "description": self.description,
                "publisher": {"@id": self.root + "#organisation"}}

    def place(self, city: City) -> dict[str, Any]:
        return {
            "@type": "Place", "name": city.name, "url": self.absolute(url_for("city", city.slug)),
            "address": {"@type": "PostalAddress", "addressLocality": city.name,
                        "addressCountry": city.country},
            "containedInPlace": {"@type": "Country", "name": country_name(city.country)},
            "geo": {"@type": "GeoCoordinates", "latitude": city.lat, "longitude": city.lon},
        }

    def practice(self, practice: Practice) -> dict[str, Any]:
        hub = self.hub
        data: dict[str, Any] = {
            "@type": "Article",
            "headline": practice.title,
            "name": practice.title,
            "description": practice.summary,
            "url": self.absolute(url_for("practice", practice.slug)),
            "image": self.absolute(CARD_IMAGE),
            "datePublished": practice.submitted.isoformat(),
            "contentLocation": self.place(hub.city_of(practice)),
            "keywords": [hub.themes.label(t) for t in practice.themes],
            "license": LICENCE,
            "publisher": self.organisation(),
            "isPartOf": {"@id": self.root + "#website"},
            "citation": [{"@type": "CreativeWork", "name": s.title, "url": s.url}
                         for s in practice.sources],
        }
        if practice.reviewed:
            data["dateModified"] = practice.reviewed.isoformat()
        return data

    def pledge(self, pledge: Pledge) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@type": "CreativeWork",
            "name": pledge.title,
            "description": pledge.summary,
            "url": self.absolute(url_for("pledge", pledge.slug)),
            "dateCreated": pledge.adopted.isoformat(),
            "hasPart": [{"@type": "CreativeWork", "name": c.title,
                         "url": self.absolute(url_for("commitment", f"{pledge.slug}#{c.id}"))}
                        for c in pledge.commitments],
        }
        if pledge.place:
            data["locationCreated"] = {"@type": "Place", "name": pledge.place}
        if pledge.source:
            data["sameAs"] = pledge.source
        return data
