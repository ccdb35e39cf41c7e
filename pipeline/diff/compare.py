"""Compare: two plan dicts into the diff dict of schemas/diff.schema.json.

The diff sees only plan dicts, so a .txt, a .pdf and a plan.json of the same
revision give the same diff. Years that only one revision plans for are one
document-level change (``years``), not a change of every project: a project
compares ``plans`` only for the years both revisions have.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pipeline.changes import KINDS, MARKS
from pipeline.diff.match import DEFAULT_DIFF, DiffSettings, PillarMatch, ProjectMatch, match_pillars, match_projects
from pipeline.text import fold

DIFF_SCHEMA_VERSION = "1.0"
_TOKEN = re.compile(r"\s+|[^\s]+")

#: Document-level fields, compared as a whole.
DOCUMENT_FIELDS = ("title", "period", "status_period", "years", "intro", "headings", "notes")


def word_ops(old: str, new: str) -> list[dict]:
    """Return the word-level edit of ``old`` into ``new``: ops ``equal``, ``delete``, ``insert`` with their text.

    Joining the ``equal`` and ``delete`` texts gives ``old``; ``equal`` and
    ``insert`` give ``new``. A lone short word or a space left equal between
    two changes is folded into them, so a rewritten sentence reads as one
    deletion and one insertion, not as alternating single words.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    # Segments: ["equal", text] or ["change", deleted, inserted].
    segments: list[list[str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(["equal", "".join(a[i1:i2])])
        else:
            segments.append(["change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for index, segment in enumerate(segments):
        between = 0 < index < len(segments) - 1 and segments[index - 1][0] == segments[index + 1][0] == "change"
        if segment[0] == "equal" and between and _is_glue(segment[1]):
            segment = ["change", segment[1], segment[1]]
        if segment[0] == "change" and merged and merged[-1][0] == "change":
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(list(segment))
    ops: list[dict] = []
    for segment in merged:
        if segment[0] == "equal":
            ops.append({"op": "equal", "text": segment[1]})
            continue
        if segment[1]:
            ops.append({"op": "delete", "text": segment[1]})
        if segment[2]:
            ops.append({"op": "insert", "text": segment[2]})
    return ops


def _is_glue(text: str) -> bool:
    """Return True for an equal run too small to stand between two changes: spaces, or one short word."""
    words = text.split()
    return not words or (len(words) == 1 and len(words[0]) <= 4)


def field_change(field: str, old: object, new: object) -> dict:
    """Return one ``{field, old, new}`` record; two texts also get their word-level ``words`` ops."""
    record: dict = {"field": field, "old": old, "new": new}
    if isinstance(old, str) and isinstance(new, str):
        record["words"] = word_ops(old, new)
    return record


def document_values(plan: dict) -> dict[str, object]:
    """Return the document-level values of a plan that a diff compares."""
    return {
        "title": plan["title"],
        "period": plan["period"],
        "status_period": plan["revision"]["status_period"],
        "years": plan["revision"]["years"],
        "intro": "\n".join(plan.get("intro", [])),
        "headings": "\n".join(h["text"] for h in plan.get("headings", [])),
        "notes": "\n".join(n["text"] for n in plan.get("notes", [])),
    }


def project_values(project: dict, years: list[str]) -> dict[str, object]:
    """Return the fields of a project that a diff compares, for the plan ``years`` both revisions have."""
    values: dict[str, object] = {
        "title": project["title"],
        "description": project["description"],
        "objective_refs": list(project["objective_refs"]),
        "status.text": project["status"]["text"],
    }
    for year in years:
        values[f"plans.{year}"] = project["plans"].get(year)
    return values


def diff_plans(old: dict, new: dict, settings: DiffSettings = DEFAULT_DIFF) -> dict:
    """Given two plan dicts (old and new revision), return their diff dict (schemas/diff.schema.json)."""
    pillar_matches = match_pillars(old["pillars"], new["pillars"], settings)
    project_matches = match_projects(old, new, pillar_matches, settings)

    old_doc, new_doc = document_values(old), document_values(new)
    document = [field_change(f, old_doc[f], new_doc[f]) for f in DOCUMENT_FIELDS if old_doc[f] != new_doc[f]]
    new_years = {str(y) for y in new["revision"]["years"]}
    years = [str(y) for y in old["revision"]["years"] if str(y) in new_years]

    pillars = [_pillar_entry(m, old, new) for m in pillar_matches]
    objectives = [o for m in pillar_matches for o in _objective_entries(m, old, new)]
    projects = [_project_entry(m, old, new, years) for m in _in_report_order(project_matches, pillar_matches)]

    summary = {kind: sum(p["change"] == kind for p in projects) for kind in KINDS}
    summary.update({mark: sum(p[mark] for p in projects) for mark in MARKS})
    same = (
        not document
        and all(p["change"] == "unchanged" for p in pillars)
        and not objectives
        and all(p["change"] == "unchanged" for p in projects)
    )
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "old": _side(old),
        "new": _side(new),
        "same": same,
        "summary": summary,
        "document": document,
        "pillars": pillars,
        "objectives": objectives,
        "projects": projects,
    }


def _side(plan: dict) -> dict:
    return {
        "file": plan["source"]["file"],
        "sha256": plan["source"]["sha256"],
        "revision": plan["revision"]["label"],
        "title": plan["title"],
        "status_period": plan["revision"]["status_period"],
        "years": plan["revision"]["years"],
    }


def _pillar_ref(plan: dict, index: int | None) -> dict | None:
    if index is None:
        return None
    pillar = plan["pillars"][index]
    return {"number": pillar["number"], "id": pillar["id"], "title": pillar["title"]}


def _pillar_entry(match: PillarMatch, old: dict, new: dict) -> dict:
    a, b = _pillar_ref(old, match.old), _pillar_ref(new, match.new)
    if a is None:
        change = "added"
    elif b is None:
        change = "removed"
    elif a["title"] != b["title"]:
        change = "renamed"
    else:
        change = "unchanged"
    return {"change": change, "renumbered": bool(a and b and a["number"] != b["number"]), "old": a, "new": b}


def _objective_entries(match: PillarMatch, old: dict, new: dict) -> list[dict]:
    old_obj = {o["number"]: o for o in old["pillars"][match.old]["objectives"]} if match.old is not None else {}
    new_obj = {o["number"]: o for o in new["pillars"][match.new]["objectives"]} if match.new is not None else {}
    pillar = new["pillars"][match.new] if match.new is not None else old["pillars"][match.old]
    entries = []
    for number in sorted(old_obj.keys() | new_obj.keys()):
        a, b = old_obj.get(number), new_obj.get(number)
        if a is not None and b is not None and a["text"] == b["text"]:
            continue
        change = "added" if a is None else "removed" if b is None else "reworded"
        entry = {
            "change": change,
            "pillar": pillar["title"],
            "pillar_number": pillar["number"],
            "number": number,
            "old": a["text"] if a else None,
            "new": b["text"] if b else None,
        }
        if a and b:
            entry["words"] = word_ops(a["text"], b["text"])
        entries.append(entry)
    return entries


def _project_ref(plan: dict, place: tuple[int, int] | None) -> dict | None:
    if place is None:
        return None
    pillar = plan["pillars"][place[0]]
    project = pillar["projects"][place[1]]
    return {
        "pillar": pillar["title"],
        "pillar_number": pillar["number"],
        "id": project["id"],
        "title": project["title"],
        "description": project["description"],
        "objective_refs": list(project["objective_refs"]),
        "status": project["status"]["text"],
        "plans": dict(project["plans"]),
    }


def _project_entry(match: ProjectMatch, old: dict, new: dict, years: list[str]) -> dict:
    a, b = _project_ref(old, match.old), _project_ref(new, match.new)
    entry = {
        "change": match.how,
        "renamed": False,
        "moved": False,
        "old": a,
        "new": b,
        "similarity": match.similarity,
        "fields": [],
    }
    if a is None or b is None:
        return entry
    old_project = old["pillars"][match.old[0]]["projects"][match.old[1]]
    new_project = new["pillars"][match.new[0]]["projects"][match.new[1]]
    old_values, new_values = project_values(old_project, years), project_values(new_project, years)
    entry["fields"] = [
        field_change(f, old_values[f], new_values[f]) for f in old_values if old_values[f] != new_values[f]
    ]
    entry["renamed"] = fold(a["title"]) != fold(b["title"])
    entry["moved"] = match.how == "move"
    entry["change"] = "changed" if entry["fields"] or entry["moved"] else "unchanged"
    entry["match"] = match.how
    return entry


def _in_report_order(matches: list[ProjectMatch], pillars: list[PillarMatch]) -> list[ProjectMatch]:
    """Return matches grouped by new pillar in new order, each group's removed projects after its own."""
    new_pillar_of_old = {m.old: m.new for m in pillars if m.old is not None}
    order = {m.new: n for n, m in enumerate(sorted((m for m in pillars if m.new is not None), key=lambda m: m.new))}
    removed_pillars = len(order)

    def key(m: ProjectMatch) -> tuple:
        if m.new is not None:
            return (order[m.new[0]], 0, m.new[1])
        target = new_pillar_of_old.get(m.old[0])
        if target is None:
            return (removed_pillars + m.old[0], 1, m.old[1])
        return (order[target], 1, m.old[1])

    return sorted(matches, key=key)
