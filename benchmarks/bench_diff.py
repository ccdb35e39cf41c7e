"""Benchmark: diffing two synthetic plan revisions of 200 to 2,000 projects, 10% changed, renamed or moved.

Run: ``.venv/bin/python benchmarks/bench_diff.py``. Prints, for each size, the
seconds of ``diff_plans`` and per project, beside a baseline measured in the
same run: a keyed dict comparison of the same plans (pillar + folded title
as key, as generic table diffs do), which finds no rename and no move.
The target: 2,000 projects in under 2 s, and time per project that stays
roughly flat from 200 to 2,000 (near-linear growth). A last row diffs two
unrelated plans, where nothing pairs by key and everything is left for the
similarity passes: the worst case, bounded by ``max_exhaustive_pairs``.
"""

from __future__ import annotations

import copy
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import Row, call_seconds, print_report
from pipeline.diff import diff_plans
from pipeline.diff.compare import project_values
from pipeline.text import fold, slugify

SIZES = (200, 500, 1000, 2000)
PILLARS = 5
WORDS = (
    "bibliotek borgerservice læsning litteratur fællesskab frivillige skole samarbejde kultur digital "
    "værksted makerspace film musik læsekreds børn unge ældre familier dagpleje sprog læselyst projekt "
    "formidling arrangement udstilling foredrag kursus vejledning hjælp mitid selvbetjening platform "
    "licens abonnement chatbot robot teknologi kreativitet innovation dialog demokrati ytringsfrihed "
    "lokalområde landsby by haslev faxe rønnede karise dalby strøby tryggevælde sommer vinter efterår "
    "forår weekend aften morgen uge måned plan status erfaring evaluering udvikling drift kompetence "
    "personale ledelse uddannelse forløb kampagne pulje midler partnerskab forening klub café reparation "
    "bæredygtighed natur historie kunst byvandring spil brætspil gaming podcast video foto tegning skrivning"
).split()


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def synthetic_plan(n: int, seed: int = 1) -> dict:
    """Return a plan dict with ``n`` projects over ``PILLARS`` pillars, titles unique."""
    rng = random.Random(seed)
    seen: set[str] = set()
    pillars = [
        {
            "number": i + 1,
            "id": f"p{i + 1}",
            "title": f"Pejlemærke {words(rng, 2, 4)}",
            "objectives": [
                {"number": k, "id": f"p{i + 1}-o{k}", "keyword": None, "text": words(rng, 10, 20)} for k in (1, 2, 3)
            ],
            "projects": [],
        }
        for i in range(PILLARS)
    ]
    for j in range(n):
        title = words(rng, 3, 6).capitalize()
        while fold(title) in seen:
            title = words(rng, 3, 6).capitalize()
        seen.add(fold(title))
        pillar = pillars[j % PILLARS]
        pillar["projects"].append(
            {
                "id": f"{pillar['id']}-{slugify(title)}",
                "title": title,
                "description": words(rng, 15, 30),
                "objective_refs": sorted(rng.sample((1, 2, 3), rng.randint(0, 2))),
                "status": {"period": "2021-2023", "text": words(rng, 10, 20)},
                "plans": {"2024": words(rng, 5, 10), "2025": words(rng, 5, 10)},
                "source": {"line": j + 1},
            }
        )
    return _document(pillars, "2021-2023", [2024, 2025], f"synthetic-{n}-old")


def next_revision(plan: dict, seed: int = 2) -> tuple[dict, dict]:
    """Return the next revision of ``plan`` with 10% of projects edited, and what was planted.

    4% get a new status text, 3% a reworded title (one word changed), 3% move
    to the next pillar (a third of them also reworded).
    """
    rng = random.Random(seed)
    new = copy.deepcopy(plan)
    places = [(i, j) for i, p in enumerate(new["pillars"]) for j in range(len(p["projects"]))]
    chosen = rng.sample(places, len(places) // 10)
    n_changed, n_renamed = len(places) * 4 // 100, len(places) * 3 // 100
    changed, renamed, moved = (
        chosen[:n_changed],
        chosen[n_changed : n_changed + n_renamed],
        chosen[n_changed + n_renamed :],
    )
    for i, j in changed:
        new["pillars"][i]["projects"][j]["status"]["text"] = words(rng, 10, 20)
    for i, j in renamed + moved[: len(moved) // 3]:
        project = new["pillars"][i]["projects"][j]
        title = project["title"].split()
        title[rng.randrange(len(title))] = rng.choice(WORDS) + "s"
        project["title"] = " ".join(title)
    for i, j in sorted(moved, reverse=True):
        project = new["pillars"][i]["projects"].pop(j)
        new["pillars"][(i + 1) % PILLARS]["projects"].append(project)
    new.update(_document(new["pillars"], "2021-2023", [2024, 2025], "synthetic-new"))
    return new, {"changed": len(changed), "renamed": len(renamed) + len(moved) // 3, "moved": len(moved)}


def _document(pillars: list[dict], status_period: str, years: list[int], name: str) -> dict:
    return {
        "schema_version": "1.0",
        "id": "synthetic",
        "title": "Handleplan 2021-2025",
        "organisation": None,
        "period": {"start": 2021, "end": 2025},
        "revision": {"label": status_period[-4:], "status_period": status_period, "years": years},
        "source": {"file": name, "format": "text", "sha256": hashlib.sha256(name.encode()).hexdigest()},
        "intro": [],
        "headings": [],
        "notes": [],
        "pillars": pillars,
        "warnings": [],
    }


def keyed_dict_diff(old: dict, new: dict) -> dict:
    """Baseline: compare projects by (pillar title, folded title) as a generic keyed table diff would."""
    years = [str(y) for y in old["revision"]["years"]]

    def table(plan: dict) -> dict:
        return {
            (p["title"], fold(q["title"])): project_values(q, years) for p in plan["pillars"] for q in p["projects"]
        }

    a, b = table(old), table(new)
    return {
        "added": [k for k in b if k not in a],
        "removed": [k for k in a if k not in b],
        "changed": [k for k in a if k in b and a[k] != b[k]],
    }


def main() -> bool:
    rows: list[Row] = []
    per_project: dict[int, float] = {}
    for n in SIZES:
        old = synthetic_plan(n)
        new, planted = next_revision(old)
        diff = diff_plans(old, new)
        found = {k: diff["summary"][k] for k in ("renamed", "moved")}
        assert found == {"renamed": planted["renamed"], "moved": planted["moved"]}, (found, planted)
        assert diff["summary"]["added"] == diff["summary"]["removed"] == 0, diff["summary"]
        ours = call_seconds(lambda old=old, new=new: diff_plans(old, new), repeat=5)
        base = call_seconds(lambda old=old, new=new: keyed_dict_diff(old, new), repeat=5)
        per_project[n] = ours / n
        target = "< 2 s" if n == 2000 else ""
        rows.append(Row(f"diff_plans, {n} projects (s)", ours, base, "s", target, ours < 2.0 if target else None))
        rows.append(Row(f"  per project, {n} projects (µs)", ours / n * 1e6, base / n * 1e6, "µs"))
    # Worst case for matching: nothing pairs by key, everything is left for the similarity passes.
    unrelated_old, unrelated_new = synthetic_plan(SIZES[-1], seed=1), synthetic_plan(SIZES[-1], seed=99)
    worst = call_seconds(lambda: diff_plans(unrelated_old, unrelated_new), repeat=3)
    worst_base = call_seconds(lambda: keyed_dict_diff(unrelated_old, unrelated_new), repeat=3)
    rows.append(
        Row(f"two unrelated plans, {SIZES[-1]} projects each (s)", worst, worst_base, "s", "< 2 s", worst < 2.0)
    )
    growth = per_project[SIZES[-1]] / per_project[SIZES[0]]
    rows.append(
        Row(f"time per project, {SIZES[-1]} vs {SIZES[0]} (x)", growth, None, "x", "< 2x (near-linear)", growth < 2.0)
    )
    return print_report("planpipe diff: synthetic revisions, 10% changed/renamed/moved; baseline keyed dict diff", rows)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
