"""Maps drawn at build time: a world outline and city markers, as SVG.

The world is drawn once, in the Equal Earth projection (equal-area, so no
region looks bigger than it is), from the country outlines of
:func:`cityhub.content.places.outlines`, into ``assets/world.svg``. Pages place city
markers over it with :func:`project`; no tile server or map library is
involved, so a map makes no request to another host.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from cityhub.content.cities import City
from cityhub.content.places import outlines

WORLD_SVG = "assets/world.svg"
WIDTH = 1000.0
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = 2.7066297319215575  # the projected x of longitude 180 on the equator
_SCALE = WIDTH / (2 * _X_MAX)
NORTH, SOUTH = 84.0, -58.0  # the map leaves out Antarctica and the high Arctic


def _equal_earth(lat: float, lon: float) -> tuple[float, float]:
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * math.radians(lon) * math.cos(theta)
         / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)))
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return x, y


_TOP = _equal_earth(NORTH, 0)[1] * _SCALE


def project(lat: float, lon: float) -> tuple[float, float]:
    """The point of the map (in its SVG units) for a latitude and longitude."""
    x, y = _equal_earth(lat, lon)
    return round(WIDTH / 2 + x * _SCALE, 1), round(_TOP - y * _SCALE, 1)


@dataclass(frozen=True)
class View:
    """The part of the world a map shows, as an SVG viewBox."""

    x: float
    y: float
    width: float
    height: float

    @property
    def viewbox(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"


WORLD = View(0, 0, WIDTH, round(project(SOUTH, 0)[1], 1))


def around(lat: float, lon: float, width: float = 260.0) -> View:
    """A view of ``width`` units (half as high) centred on a place, kept on the map."""
    height = width / 2
    cx, cy = project(lat, lon)
    x = min(max(cx - width / 2, 0.0), WORLD.width - width)
    y = min(max(cy - height / 2, 0.0), WORLD.height - height)
    return View(round(x, 1), round(y, 1), width, height)


def marker_radius(practices: int, *, small: bool = False) -> float:
    """A marker's radius: its area grows with the city's number of practices."""
    base, step = (3.0, 1.5) if small else (4.5, 2.5)
    return round(base + step * math.sqrt(practices), 1)


@dataclass(frozen=True)
class Marker:
    """A city's marker: where the city is, where its marker is drawn, how big."""

    city: City
    practices: int
    place: tuple[float, float]
    drawn: tuple[float, float]
    radius: float


def markers(cities: Iterable[City], practices_in_city: Mapping[str, Sequence[object]], *,
            small: bool = False) -> list[Marker]:
    """The markers of ``cities``, none covering another (see :func:`spread`)."""
    listed = list(cities)
    counts = [len(practices_in_city.get(city.slug, ())) for city in listed]
    places = [project(city.lat, city.lon) for city in listed]
    radii = [marker_radius(n, small=small) for n in counts]
    drawn = spread([(x, y, r) for (x, y), r in zip(places, radii, strict=True)])
    return [Marker(*fields) for fields in zip(listed, counts, places, drawn, radii, strict=True)]


def spread(markers: list[tuple[float, float, float]], gap: float = 1.0,
           rounds: int = 60) -> list[tuple[float, float]]:
    """Where to draw markers (x, y, radius) so that none covers another: each
    pair that overlaps is pushed apart along the line between them, a little
    at a time, until every marker is clear (or ``rounds`` have passed). Markers
    far apart stay where they are; nearby ones (Europe's cities) end up side by
    side around their places. Quadratic in the markers, so the same markers
    are spread once per process (a preview's rebuilds, each language's build)."""
    return list(_spread(tuple(markers), gap, rounds))


@lru_cache(maxsize=64)
def _spread(markers: tuple[tuple[float, float, float], ...], gap: float,
            rounds: int) -> tuple[tuple[float, float], ...]:
    placed = [[x, y] for x, y, _ in markers]
    for _ in range(rounds):
        moved = False
        for i, (_, _, ri) in enumerate(markers):
            for j in range(i + 1, len(markers)):
                rj = markers[j][2]
                dx = placed[j][0] - placed[i][0]
                dy = placed[j][1] - placed[i][1]
                distance = math.hypot(dx, dy)
                overlap = ri + rj + gap - distance
                if overlap <= 0:
                    continue
                if distance == 0:  # the same place: side by side
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = overlap / 2 / distance
                placed[i][0] -= dx * push
                placed[i][1] -= dy * push
                placed[j][0] += dx * push
                placed[j][1] += dy * push
                moved = True
        if not moved:
            break
    return tuple((round(x, 1), round(y, 1)) for x, y in placed)


#: points of an outline closer than this (in map units: about half a pixel on
#: the largest map, a city page's regional one) to the last one drawn are left out
DETAIL = 0.5


@cache
def world_svg() -> bytes:
    """The world's country outlines as one SVG image (the same for every
    build, so a preview server draws it once, and every page shares it from the
    browser's cache). Outlines are thinned to what the maps can show and
    written in whole steps of 0.1 unit, relative to the point before."""
    paths = []
    for code, rings in outlines().items():
        if code == "AQ":
            continue  # south of the map's edge
        data = "".join(_ring_path(ring) for ring in rings)
        if data:
            paths.append(f'<path d="{data}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{WORLD.viewbox}">'
            '<g fill="#9aa5b8" fill-opacity="0.45" stroke="#ffffff" stroke-opacity="0.6" '
            'stroke-width="0.5" stroke-linejoin="round">'
            + "".join(paths) + "</g></svg>\n").encode("utf-8")


def _ring_path(ring: list[list[float]]) -> str:
    """One outline as path data: tenths of a unit as integers, each point
    relative to the one before (``m`` then implicit ``l``), so most numbers
    are one or two digits long."""
    points: list[tuple[int, int]] = []
    for lon, lat, *_ in ring:
        x, y = project(max(min(lat, NORTH), SOUTH - 10), lon)
        point = (round(x * 10), round(y * 10))
        if points and max(abs(point[0] - points[-1][0]),
                          abs(point[1] - points[-1][1])) < DETAIL * 10:
            continue
        points.append(point)
    if len(points) < 3:
        return ""
    (x0, y0), parts = points[0], []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        parts.append(f"{_tenths(bx - ax)}{_tenths(by - ay, joined=True)}")
    return f"M{_tenths(x0)}{_tenths(y0, joined=True)}l" + "".join(
        part if part.startswith("-") or i == 0 else " " + part
        for i, part in enumerate(parts)) + "z"


def _tenths(value: int, *, joined: bool = False) -> str:
    """``value`` tenths as the shortest SVG number: 15 -> "1.5", -3 -> "-.3";
    ``joined`` numbers follow another and need a space unless they start with "-"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    text = sign + (str(whole) if whole else ("" if tenth else "0")) + (f".{tenth}" if tenth else "")
    return text if not joined or text.startswith("-") else " " + text
