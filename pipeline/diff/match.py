"""Match: which pillar and which project of one revision is which in the other.

Projects are paired one-to-one in the order the issue sets:

1. ``exact``: same pillar, same folded title (case, whitespace, markup,
   quote and dash style folded by ``pipeline.text.fold``);
2. ``rename``: within the same pillar, the most similar unmatched pair by
   title and description, above ``DiffSettings.rename_threshold``;
3. ``move``: across pillars, the same folded title, then the most similar
   pair above ``DiffSettings.move_threshold`` (a move that is also a rename).

Exact keys are dict look-ups, so the cost is linear in the number of
projects; similarity (rapidfuzz's Indel ratio, ~650x faster than difflib)
is only scored over what the exact passes left over, and when that is
large (two unrelated plans) only over pairs that share an uncommon word.
A title that stands in several pillars is matched in its own pillar first,
and a project whose exact title waits in another pillar is kept out of the
rename pass, so a fuzzy rename never takes a project an exact key names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.text import fold

_WORD = re.compile(r"\w+")

#: (pillar index, project index) in its plan's ``pillars[...]["projects"]``.
Place = tuple[int, int]


@dataclass(frozen=True)
class DiffSettings:
    """How alike two projects must be to count as one renamed or moved project."""

    #: Least similarity (0-1) for a rename inside one pillar.
    rename_threshold: float = 0.6
    #: Least similarity (0-1) for a move to another pillar under a new title.
    move_threshold: float = 0.6
    #: Share of the title in the similarity; the description has the rest.
    title_weight: float = 0.5
    #: Least similarity (0-1) of two pillar titles for a renamed pillar that also got a new number.
    pillar_threshold: float = 0.6
    #: Above this many leftover pairs in one pass, only pairs that share an uncommon word are scored.
    max_exhaustive_pairs: int = 20_000

    def __post_init__(self) -> None:
        for name in ("rename_threshold", "move_threshold", "title_weight", "pillar_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        if self.max_exhaustive_pairs < 0:
            raise ValueError(f"max_exhaustive_pairs must be 0 or more, not {self.max_exhaustive_pairs}")


DEFAULT_DIFF = DiffSettings()


@dataclass(frozen=True)
class PillarMatch:
    """One pillar in either revision: its indexes (None on the side that lacks it)."""

    old: int | None
    new: int | None


@dataclass(frozen=True)
class ProjectMatch:
    """A pair of projects (or one side alone), how it was found and how alike the two are."""

    old: Place | None
    new: Place | None
    how: str  # "exact", "rename", "move", "added", "removed"
    similarity: float | None


def ratio(a: str, b: str) -> float:
    """Return the similarity of two strings, 0-1 (rapidfuzz's normalised Indel, as difflib's ratio)."""
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


@dataclass(frozen=True)
class _Key:
    title: str
    description: str


def _keys(plan: dict) -> dict[Place, _Key]:
    # Descriptions are already clean (normalise collapsed markup and spaces); casefolding them is
    # enough for a similarity score, and fold's character tables cost more than all the rest.
    return {
        (i, j): _Key(fold(project["title"]), project["description"].casefold())
        for i, pillar in enumerate(plan["pillars"])
        for j, project in enumerate(pillar["projects"])
    }


def similarity(a: _Key, b: _Key, settings: DiffSettings = DEFAULT_DIFF) -> float:
    """Return how alike two projects are by folded title and description, 0-1."""
    title = ratio(a.title, b.title)
    if not a.description and not b.description:
        return title
    return settings.title_weight * title + (1 - settings.title_weight) * ratio(a.description, b.description)


def match_pillars(old: list[dict], new: list[dict], settings: DiffSettings = DEFAULT_DIFF) -> list[PillarMatch]:
    """Given two revisions' pillars, return them paired: same folded title, then same number, then similar title.

    Two pillars with the same number but new wording are one renamed pillar
    only when the titles are somewhat alike or they share a project title;
    otherwise one pillar was dropped and another added in its place.
    """
    pairs: dict[int, int] = {}
    by_title: dict[str, list[int]] = defaultdict(list)
    for j, pillar in enumerate(new):
        by_title[fold(pillar["title"])].append(j)
    for i, pillar in enumerate(old):
        candidates = by_title.get(fold(pillar["title"]))
        if candidates:
            pairs[i] = candidates.pop(0)
    taken = set(pairs.values())
    by_number = {p["number"]: j for j, p in enumerate(new) if j not in taken}
    for i, pillar in enumerate(old):
        if i in pairs:
            continue
        j = by_number.get(pillar["number"])
        if j is not None and _same_pillar_renamed(pillar, new[j], settings):
            del by_number[pillar["number"]]
            pairs[i] = j
            taken.add(j)
    left_old = [i for i in range(len(old)) if i not in pairs]
    left_new = [j for j in range(len(new)) if j not in taken]
    scored = [(ratio(fold(old[i]["title"]), fold(new[j]["title"])), i, j) for i in left_old for j in left_new]
    for score, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if score >= settings.pillar_threshold and i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    matches = [PillarMatch(i, pairs.get(i)) for i in range(len(old))]
    matches += [PillarMatch(None, j) for j in range(len(new)) if j not in taken]
    return matches


def _same_pillar_renamed(old: dict, new: dict, settings: DiffSettings) -> bool:
    if ratio(fold(old["title"]), fold(new["title"])) >= settings.pillar_threshold / 2:
        return True
    titles = {fold(p["title"]) for p in old["projects"]}
    return any(fold(p["title"]) in titles for p in new["projects"])


def match_projects(
    old: dict, new: dict, pillars: list[PillarMatch] | None = None, settings: DiffSettings = DEFAULT_DIFF
) -> list[ProjectMatch]:
    """Given two plan dicts, return every project paired one-to-one, or alone as added or removed."""
    if pillars is None:
        pillars = match_pillars(old["pillars"], new["pillars"], settings)
    old_keys, new_keys = _keys(old), _keys(new)
    pillar_of = {m.old: m.new for m in pillars if m.old is not None}
    found: dict[Place, ProjectMatch] = {}
    taken: set[Place] = set()

    def pair(a: Place, b: Place, how: str) -> None:
        found[a] = ProjectMatch(a, b, how, round(similarity(old_keys[a], new_keys[b], settings), 4))
        taken.add(b)

    # 1. Same pillar, same folded title: one dict per new pillar, duplicates paired in order.
    new_by_pillar: dict[int, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    for place, key in new_keys.items():
        new_by_pillar[place[0]][key.title].append(place)
    for place, key in old_keys.items():
        target = pillar_of.get(place[0])
        if target is None:
            continue
        candidates = new_by_pillar[target].get(key.title)
        if candidates:
            pair(place, candidates.pop(0), "exact")

    # Titles that an exact cross-pillar look-up will pair: kept out of the fuzzy rename pass.
    old_left = {p for p in old_keys if p not in found}
    new_left = {p for p in new_keys if p not in taken}
    old_titles = _by_title(old_keys, old_left)
    new_titles = _by_title(new_keys, new_left)
    elsewhere_old = {p for p in old_left if any(q[0] != pillar_of.get(p[0]) for q in new_titles[old_keys[p].title])}
    elsewhere_new = {p for p in new_left if any(pillar_of.get(q[0]) != p[0] for q in old_titles[new_keys[p].title])}

    # 2. Within one pillar: the most similar leftover pairs above the rename threshold.
    old_in: dict[int, list[Place]] = defaultdict(list)
    new_in: dict[int, list[Place]] = defaultdict(list)
    for p in sorted(old_left - elsewhere_old):
        old_in[p[0]].append(p)
    for p in sorted(new_left - elsewhere_new):
        new_in[p[0]].append(p)
    for i, target in pillar_of.items():
        if target is None:
            continue
        olds, news = old_in.get(i, []), new_in.get(target, [])
        for a, b in _best_pairs(olds, news, old_keys, new_keys, settings.rename_threshold, settings):
            pair(a, b, "rename")

    # 3. Across pillars: the same folded title first, then the most similar above the move threshold.
    old_left = sorted(p for p in old_keys if p not in found)
    new_left_set = {p for p in new_keys if p not in taken}
    new_titles = _by_title(new_keys, new_left_set)
    for a in old_left:
        for b in new_titles.get(old_keys[a].title, []):
            if b not in taken and b[0] != pillar_of.get(a[0]):
                pair(a, b, "move")
                break
    old_left = [p for p in old_left if p not in found]
    new_left = sorted(p for p in new_keys if p not in taken)

    def elsewhere(a: Place, b: Place) -> bool:
        return b[0] != pillar_of.get(a[0])

    for a, b in _best_pairs(old_left, new_left, old_keys, new_keys, settings.move_threshold, settings, elsewhere):
        pair(a, b, "move")

    matches = [found.get(p) or ProjectMatch(p, None, "removed", None) for p in sorted(old_keys)]
    matches += [ProjectMatch(None, p, "added", None) for p in sorted(new_keys) if p not in taken]
    return matches


def _by_title(keys: dict[Place, _Key], places: Iterable[Place]) -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = defaultdict(list)
    for p in sorted(places):
        out[keys[p].title].append(p)
    return out


def _best_pairs(
    olds: list[Place],
    news: list[Place],
    old_keys: dict[Place, _Key],
    new_keys: dict[Place, _Key],
    threshold: float,
    settings: DiffSettings,
    allowed: Callable[[Place, Place], bool] | None = None,
) -> list[tuple[Place, Place]]:
    """Return one-to-one pairs, most similar first, of those at or above ``threshold``.

    Every pair is scored while there are at most ``settings.max_exhaustive_pairs``;
    beyond that (two unrelated plans, say) only pairs that share an uncommon
    word, so the cost stays bounded instead of growing with the square.
    """
    if len(olds) * len(news) <= settings.max_exhaustive_pairs:
        candidates: Iterable[tuple[Place, Place]] = ((a, b) for a in olds for b in news)
    else:
        candidates = _sharing_pairs(olds, news, old_keys, new_keys)
    scored = []
    for a, b in candidates:
        if allowed is not None and not allowed(a, b):
            continue
        score = similarity(old_keys[a], new_keys[b], settings)
        if score >= threshold:
            scored.append((-score, a, b))
    scored.sort()
    used_a: set[Place] = set()
    used_b: set[Place] = set()
    chosen = []
    for _, a, b in scored:
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            chosen.append((a, b))
    return chosen


def _words(key: _Key) -> set[str]:
    return {w for w in _WORD.findall(f"{key.title} {key.description}") if len(w) > 3}


def _sharing_pairs(
    olds: list[Place], news: list[Place], old_keys: dict[Place, _Key], new_keys: dict[Place, _Key]
) -> list[tuple[Place, Place]]:
    """Return the pairs that share a word of four letters or more that few of ``news`` have."""
    index: dict[str, list[Place]] = defaultdict(list)
    for b in news:
        for word in _words(new_keys[b]):
            index[word].append(b)
    common = max(8, len(news) // 50)
    pairs: set[tuple[Place, Place]] = set()
    for a in olds:
        for word in _words(old_keys[a]):
            posting = index.get(word, ())
            if len(posting) <= common:
                pairs.update((a, b) for b in posting)
    return sorted(pairs)
