"""The plan's content as a producer writes it: title, paragraphs, numbered lists, headings and tables.

The text plan is read by planpipe itself (``pipeline.run.extract``), and the
plan dict is laid out again as neutral parts, so every producer writes the
same words: the objective references go back into the description as
"(1) (3)", the title cells are bold, and a row the text splits across a page
break is one whole row (the producer breaks it where its own page ends).
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES: dict[str, Path] = {
    "2023": ROOT / "input" / "faxe-handleplan-2023.txt",
    "2024": ROOT / "tests" / "fixtures" / "faxe-handleplan-2024.txt",
}
INTRO_ITEM = re.compile(r"^(\d+)\. (.+)$")
_DESCRIPTION_HEADERS = ("beskrivelse", "indhold", "formål", "description")


@dataclass(frozen=True)
class Part:
    """One piece of the document: kind is title, heading, paragraph, item (numbered) or table."""

    kind: str
    text: str = ""
    level: int = 0
    number: int = 0
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


@functools.lru_cache(maxsize=8)
def source_plan(source: Path) -> dict:
    """Return the plan dict of a text plan, as planpipe reads it (cached: it is read once per run)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pipeline.run import extract

    return extract(source)


def project_cells(columns: list[str], project: dict) -> tuple[str, ...]:
    """Return a project's table cells in the order of ``columns``; objective refs go back into the description."""
    cells = []
    for index, column in enumerate(columns):
        folded = column.casefold()
        if index == 0:
            cells.append(project["title"])
        elif folded in _DESCRIPTION_HEADERS:
            refs = " ".join(f"({r})" for r in project["objective_refs"])
            cells.append(" ".join(part for part in (project["description"], refs) if part))
        elif folded.startswith("status"):
            cells.append(project["status"]["text"] or "")
        elif re.fullmatch(r"\d{4}", column):
            cells.append(project["plans"].get(column) or "")
        else:
            cells.append((project.get("other") or {}).get(column) or "")
    return tuple(cells)


def plan_parts(plan: dict) -> list[Part]:
    """Return the plan laid out as parts, in reading order."""
    first_line = (plan["pillars"][0].get("source") or {}).get("line") if plan["pillars"] else None
    before, after = [], []
    for heading in plan["headings"]:
        line = (heading.get("source") or {}).get("line")
        (after if first_line and line and line > first_line else before).append(heading)
    parts = [Part("title", plan["title"], level=1)]
    for text in plan["intro"]:
        match = INTRO_ITEM.match(text)
        if match:
            parts.append(Part("item", match.group(2), number=int(match.group(1))))
        else:
            parts.append(Part("paragraph", text))
    parts += [Part("heading", h["text"], level=h.get("level") or 2) for h in before]
    pillar_level = min(3, max([h.get("level") or 2 for h in before], default=1) + 1)
    for pillar in plan["pillars"]:
        parts.append(Part("heading", pillar["title"], level=pillar_level))
        parts += [Part("item", o["text"], number=o["number"]) for o in pillar["objectives"]]
        if pillar.get("table"):
            columns = list(pillar["table"]["columns"])
            rows = [tuple(columns)] + [project_cells(columns, p) for p in pillar["projects"]]
            parts.append(Part("table", rows=tuple(rows)))
        parts += [Part("paragraph", note) for note in pillar.get("notes") or []]
    parts += [Part("heading", h["text"], level=h.get("level") or 2) for h in after]
    parts += [Part("paragraph", n["text"]) for n in plan.get("notes") or []]
    return parts


def source_parts(source: Path) -> list[Part]:
    """Return the parts of the text plan ``source``."""
    return plan_parts(source_plan(Path(source)))


def revision_of(source: Path) -> str:
    """Return the short name of a source ("2023"), or its file stem when it is not one of ours."""
    for name, path in SOURCES.items():
        if Path(source).resolve() == path.resolve():
            return name
    return Path(source).stem
