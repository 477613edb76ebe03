"""Maps drawn at build time: a world outline and city markers, as SVG.

The world is drawn once, in the Equal Earth projection (equal-area, so no
region looks bigger than it is), from the country outlines of
:func:`cityhub.content.places.outlines`, into ``assets/world.svg``. Pages place city
markers over it with :func:`project`; no tile server or map library is
involved, so a map makes no request to another host.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

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


@cache
def world_svg() -> bytes:
    """The world's country outlines as one SVG image (the same for every
    build, so a preview server draws it once)."""
    paths = []
    for code, rings in outlines().items():
        if code == "AQ":
            continue  # south of the map's edge
        data = "".join(_ring_path(ring) for ring in rings)
        if data:
            paths.append(f'<path data-country="{code}" d="{data}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{WORLD.viewbox}">'
            '<g fill="#9aa5b8" fill-opacity="0.45" stroke="#ffffff" stroke-opacity="0.6" '
            'stroke-width="0.5" stroke-linejoin="round">'
            + "".join(paths) + "</g></svg>\n").encode("utf-8")


def _ring_path(ring: list[list[float]]) -> str:
    points: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        point = project(max(min(lat, NORTH), SOUTH - 10), lon)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) < 3:
        return ""
    head, *tail = points
    return f"M{head[0]:g} {head[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in tail) + "Z"
