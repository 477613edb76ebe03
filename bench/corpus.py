"""Synthetic content for benchmarks: N valid practices in a scratch copy of the hub.

``write_hub(target, n)`` copies the engine (configuration, hooks, templates,
pages), the real vocabularies and pledges, and writes ``n`` synthetic
practices of ``n // 10`` synthetic cities, with bodies in the usual sections
and references that resolve. Each city takes part in 1 to 3 of 20 synthetic
pledges (of 5 to 12 commitments each), mostly as a signatory, else as a
chair, host or endorser; a practice puts into action commitments of its
city's pledges mostly, and sometimes of another pledge (a city acting on a
pledge it did not sign), so that the pledge progress pages have a realistic
load. ``write_plain(target, hub)`` writes the same
practice pages (their body, title, summary and city name) as ordinary MkDocs
pages of a site without hooks: the baseline a hub build is compared with.
Output is deterministic for a given ``n``.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
ENGINE = ("mkdocs.yml", "hooks", "theme_overrides", "docs")
COUNTRIES = ("FR", "DE", "ES", "IT", "PL", "SE", "NL", "BE", "PT", "AT", "GB", "CA", "US",
             "BR", "MX", "UY", "UG", "MA", "KR", "JP", "KE", "ZA", "AU", "NO", "FI")
WORDS = ("city", "residents", "newcomers", "council", "programme", "service", "community",
         "training", "staff", "schools", "housing", "employment", "discrimination", "rights",
         "language", "network", "partners", "evaluation", "neighbourhood", "volunteers",
         "participation", "dialogue", "support", "office", "reception", "campaign", "report",
         "advice", "equal", "access", "local", "public", "social", "inclusion", "diversity",
         "migrants", "refugees", "youth", "women", "families", "culture", "media", "data",
         "monitoring", "plan", "strategy", "budget", "mentors", "libraries", "health")
SECTIONS = ("Context", "What the city did", "Results", "Lessons learned", "How to replicate")
SYLLABLES = ("ka", "lo", "mer", "vin", "sa", "tor", "bel", "dra", "nu", "pel", "ri", "gan",
             "sto", "lin", "ve", "mar", "zu", "tha", "ko", "ber", "an", "el", "is", "or")
LEXICON_SIZE = 4000


def _lexicon(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words with Zipf-like frequencies, as in real prose: the common words of
    the domain first, then thousands of rarer ones."""
    words = list(WORDS)
    seen = set(words)
    while len(words) < LEXICON_SIZE:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words, [1 / (rank + 1) for rank in range(len(words))]
STATUSES = ("planned", "pilot", "ongoing", "completed")
#: synthetic pledges, and how often a city takes part in one in each role
PLEDGES = 20
ROLE_WEIGHTS = {"signatory": 80, "chair": 6, "host": 4, "endorser": 10}


_LEXICON = _lexicon(random.Random(1))


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_LEXICON[0], weights=_LEXICON[1], k=rng.randint(9, 18))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def _vocabulary(name: str) -> list[str]:
    entries = yaml.safe_load((REPO / "data" / f"{name}.yml").read_text(encoding="utf-8"))
    return [e["id"] for e in entries]


def _commitments() -> list[str]:
    found = []
    for pledge in sorted((REPO / "pledges").glob("*.md")):
        if "." in pledge.stem:
            continue  # a translation (<slug>.fr.md): its commitments are the original's
        front = yaml.safe_load(pledge.read_text(encoding="utf-8").split("---")[1])
        found += [f"{pledge.stem}#{c['id']}" for c in front["commitments"]]
    return found


def write_hub(target: Path, n: int, seed: int = 2026,
              languages: tuple[str, ...] = ("en",)) -> Path:
    """A hub with ``n`` synthetic practices under ``target``, its site in
    ``languages`` (the first at the root, each further one a build of its own)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in ENGINE:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / part)
    # Most benchmarks compare one language's build with plain MkDocs building
    # the same pages once: each further language of the site is one more
    # build of them (cityhub/mkdocs/languages.py), measured by bench/languages.py.
    config = target / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^  languages: .*$", f"  languages: [{', '.join(languages)}]",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    for folder in ("data", "pledges"):
        shutil.copytree(REPO / folder, target / folder)
    (target / "cities").mkdir()
    (target / "practices").mkdir()
    themes, groups = _vocabulary("themes"), _vocabulary("target_groups")
    networks, commitments = _vocabulary("networks"), _commitments()
    pledges = dict(_write_pledge(target, i, rng, networks) for i in range(PLEDGES))
    names = city_names(max(n // 10, 1))
    cities = dict(_write_city(target, i, name, rng, networks, pledges)
                  for i, name in enumerate(names))
    every = commitments + [ref for refs in pledges.values() for ref in refs]
    for i in range(n):
        _write_practice(target, i, rng, cities, themes, groups, every, pledges)
    return target


def _write_pledge(target: Path, i: int, rng: random.Random,
                  networks: list[str]) -> tuple[str, list[str]]:
    """A synthetic pledge; returns its slug and its commitments' references."""
    slug = f"bench-pledge-{i:02d}"
    ids = [f"commitment-{k + 1}" for k in range(rng.randint(5, 12))]
    front = {
        "title": f"Bench {rng.choice(WORDS)} pledge {i}",
        "kind": "declaration",
        "networks": sorted(rng.sample(networks, k=1)),
        "adopted": f"{rng.randint(2004, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "summary": _sentence(rng),
        "commitments": [{"id": c, "title": f"{rng.choice(WORDS).capitalize()} "
                                           f"{rng.choice(WORDS)} {k + 1}",
                         "text": _sentence(rng)} for k, c in enumerate(ids)],
    }
    _write(target / "pledges" / f"{slug}.md", front, _paragraph(rng))
    return slug, [f"{slug}#{c}" for c in ids]


def city_names(count: int) -> list[str]:
    """Distinct made-up city names, the same for the same count."""
    rng, names = random.Random(7), []
    seen: set[str] = set()
    while len(names) < count:
        name = "".join(rng.choices(SYLLABLES, k=3)).capitalize()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _write_city(target: Path, i: int, name: str, rng: random.Random,
                networks: list[str], pledges: dict[str, list[str]]) -> tuple[str, list[str]]:
    slug = f"bench-city-{i:05d}"
    front: dict[str, object] = {
        "name": name,
        "country": rng.choice(COUNTRIES),
        "location": {
            "lat": round(rng.uniform(-50, 65), 3),
            "lon": round(rng.uniform(-120, 150), 3),
        },
        "networks": sorted(rng.sample(networks, k=rng.randint(0, 2))),
    }
    taken = rng.sample(sorted(pledges), k=rng.randint(1, 3))
    front["pledges"] = [_signature(pledge, rng) for pledge in taken]
    _write(target / "cities" / f"{slug}.md", front, _paragraph(rng))
    return slug, taken


def _signature(pledge: str, rng: random.Random) -> dict[str, object]:
    role = rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    if role != "signatory":
        return {"pledge": pledge, "role": role}
    return {"pledge": pledge, "signed": f"{rng.randint(2004, 2024)}-{rng.randint(1, 12):02d}-"
                                        f"{rng.randint(1, 28):02d}"}


def _write_practice(target: Path, i: int, rng: random.Random, cities: dict[str, list[str]],
                    themes: list[str], groups: list[str], commitments: list[str],
                    pledges: dict[str, list[str]]) -> None:
    status = rng.choice(STATUSES)
    started = rng.randint(2000, 2024)
    city = rng.choice(sorted(cities))
    own = sorted({ref for pledge in cities[city] for ref in pledges[pledge]})
    chosen = (rng.sample(own, k=rng.randint(1, 2)) if rng.random() < 0.8
              else rng.sample(commitments, k=rng.randint(0, 2)))
    front: dict[str, object] = {
        "title": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} programme {i}",
        "city": city,
        "summary": _sentence(rng),
        "themes": sorted(rng.sample(themes, k=rng.randint(1, 3))),
        "commitments": sorted(chosen),
        "sdgs": sorted(rng.sample(range(1, 18), k=rng.randint(1, 3))),
        "status": status,
        "started": started,
        "target_groups": sorted(rng.sample(groups, k=rng.randint(1, 3))),
        "results": [_sentence(rng) for _ in range(rng.randint(1, 3))],
        "sources": [{"title": f"Report {i}", "url": f"https://example.org/reports/{i}"}],
        "submitted": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }
    if status == "completed":
        front["ended"] = rng.randint(started, 2025)
    body = "\n\n".join(f"## {title}\n\n{_paragraph(rng)}\n\n{_paragraph(rng)}"
                       for title in SECTIONS)
    _write(target / "practices" / f"bench-practice-{i:05d}.md", front, body)


def _write(path: Path, front: dict[str, object], body: str) -> None:
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{text}---\n{body}\n", encoding="utf-8")


def write_plain(target: Path, hub: Path, copies: int = 1) -> Path:
    """Plain MkDocs + Material with the hub's practices as ordinary pages:
    the same Markdown, no hooks, not in the navigation; ``copies`` times (the
    further copies under ``docs/copy-2/``..., as many pages as a hub in as
    many languages)."""
    if target.exists():
        shutil.rmtree(target)
    folders = [target / "docs" / "practices",
               *(target / "docs" / f"copy-{k}" / "practices" for k in range(2, copies + 1))]
    for folder in folders:
        folder.mkdir(parents=True)
    shutil.copy(REPO / "docs" / "index.md", target / "docs" / "index.md")
    city_names = {city.stem: yaml.safe_load(city.read_text(encoding="utf-8").split("---")[1])
                  ["name"] for city in (hub / "cities").glob("*.md")}
    for practice in sorted((hub / "practices").glob("*.md")):
        front = yaml.safe_load(practice.read_text(encoding="utf-8").split("---")[1])
        body = f"A practice of {city_names[front['city']]}.\n\n" + \
            practice.read_text(encoding="utf-8").split("---", 2)[2]
        meta = yaml.safe_dump({"title": front["title"], "description": front["summary"]},
                              allow_unicode=True, width=1000)
        for folder in folders:
            (folder / practice.name).write_text(f"---\n{meta}---\n{body}", encoding="utf-8")
    config = {
        "site_name": "Plain baseline",
        "theme": {"name": "material", "font": False},
        "nav": [{"Home": "index.md"}],
        "markdown_extensions": ["attr_list", "tables", "admonition", "footnotes",
                                {"toc": {"permalink": True}}],
        "validation": {"nav": {"omitted_files": "ignore"},
                       "links": {"unrecognized_links": "ignore"}},
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target
