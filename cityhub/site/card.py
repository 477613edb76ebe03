"""The picture a shared link shows: the hub's cities on the world, as a PNG.

Link previews (Open Graph, Twitter cards) want a raster image of about
1200 x 630 pixels; SVG is not accepted. :func:`card_png` draws one at build
time with the standard library only: the hub's indigo, the countries in a
lighter shade and a marker per city, in the maps' projection
(:func:`cityhub.site.maps.project`), the accent colour for cities with
practices. No image library, no other host.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

from cityhub.content.hub import Hub
from cityhub.content.places import outlines
from cityhub.site import maps

CARD_PNG = "assets/hub-card.png"
WIDTH, HEIGHT = 1200, 630
BACKGROUND = (0x3F, 0x51, 0xB5)   # Material's indigo, the hub's primary colour
MARKER = (0xFF, 0x70, 0x43)       # deep orange, the accent
EMPTY = (0xE8, 0xEA, 0xF6)        # a city without practices yet
LAND = (0x57, 0x68, 0xC2)


def card_png(hub: Hub) -> bytes:
    """The card of ``hub``: each city's marker sized by its number of practices."""
    return _card(tuple((city.lat, city.lon, len(hub.practices_in_city.get(city.slug, [])))
                       for city in hub.cities.values()))


@lru_cache(maxsize=8)
def _card(cities: tuple[tuple[float, float, int], ...]) -> bytes:
    """The card for cities at (latitude, longitude) with so many practices:
    drawn once per process for the same cities and counts (a preview's rebuilds)."""
    pixels = [bytearray(BACKGROUND * WIDTH) for _ in range(HEIGHT)]
    scale = min(WIDTH / maps.WORLD.width, HEIGHT / maps.WORLD.height) * 0.92
    left = (WIDTH - maps.WORLD.width * scale) / 2
    top = (HEIGHT - maps.WORLD.height * scale) / 2
    for code, rings in outlines().items():
        if code == "AQ":
            continue  # south of the map's edge, as on the site's maps
        _fill(pixels, [[(left + x * scale, top + y * scale) for x, y in
                        (maps.project(max(min(lat, maps.NORTH), maps.SOUTH - 10), lon)
                         for lon, lat, *_ in ring)] for ring in rings], LAND)
    for lat, lon, count in cities:
        x, y = maps.project(lat, lon)
        radius = 6 + 3 * min(count, 6)
        _disc(pixels, left + x * scale, top + y * scale, radius, MARKER if count else EMPTY)
    return _png(pixels)


def _fill(pixels: list[bytearray], rings: list[list[tuple[float, float]]],
          colour: tuple[int, int, int]) -> None:
    """One country: the rows' spans inside its rings (even-odd), by scanlines."""
    crossings: dict[int, list[float]] = {}
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if y1 == y2:
                continue
            low, high = (y1, y2) if y1 < y2 else (y2, y1)
            for row in range(max(0, math.ceil(low - 0.5)), min(HEIGHT, math.ceil(high - 0.5))):
                y = row + 0.5
                crossings.setdefault(row, []).append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    paint = bytes(colour)
    for row, xs in crossings.items():
        xs.sort()
        for start, end in zip(xs[::2], xs[1::2], strict=False):
            a, b = max(0, round(start)), min(WIDTH, round(end))
            if a < b:
                pixels[row][a * 3:b * 3] = paint * (b - a)


def _disc(pixels: list[bytearray], cx: float, cy: float, radius: float,
          colour: tuple[int, int, int]) -> None:
    for y in range(max(0, int(cy - radius)), min(HEIGHT, int(cy + radius) + 1)):
        half = (radius * radius - (y - cy) ** 2) ** 0.5 if abs(y - cy) <= radius else -1
        if half < 0:
            continue
        start, end = max(0, int(cx - half)), min(WIDTH, int(cx + half) + 1)
        if start < end:
            pixels[y][start * 3:end * 3] = bytes(colour) * (end - start)


def _png(pixels: list[bytearray]) -> bytes:
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
