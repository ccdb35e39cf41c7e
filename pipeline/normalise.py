"""Normalise: sections and tables into the plain, JSON-ready plan dict of schemas/plan.schema.json.

Here text loses its markup and extra whitespace, objective references are
parsed out of descriptions, and ids are made. Words are never changed:
spelling slips in the source stay as they are.
"""

from __future__ import annotations

import re

from pipeline.model import Block, Document
from pipeline.segment import PillarSection, Sections
from pipeline.settings import DEFAULT, Settings
from pipeline.tables import Header, Record, Table, rows_to_table
from pipeline.text import clean, slugify

SCHEMA_VERSION = "1.0"

# "(1)", "(1) (3)", "(1)(3)", "(1, 3)": a run of parenthesised number lists.
_REF_GROUP = re.compile(r"\(\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\)")
_REF_RUN = re.compile(rf"\s*{_REF_GROUP.pattern}(?:\s*{_REF_GROUP.pattern})*")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_KEYWORD = re.compile(r"^([A-ZÆØÅÄÖÜ]{2,})(?=\s|$)")
_PLAN_PREFIX = re.compile(r"^(?:handleplan(?:en)?|action plan)\s*(?:for|[-–—:])?\s*", re.IGNORECASE)


def split_refs(text: str, settings: Settings = DEFAULT) -> tuple[str, list[int]]:
    """Return ``text`` without its objective references, and the sorted unique references.

    A parenthesised number above ``settings.max_objective_ref`` (a year such
    as "(2023)") is not a reference and stays in the text.
    """
    refs: set[int] = set()

    def take(match: re.Match) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(0))]
        if not all(1 <= n <= settings.max_objective_ref for n in numbers):
            return match.group(0)
        refs.update(numbers)
        return " "

    stripped = _REF_RUN.sub(take, text)
    return re.sub(r"\s+", " ", stripped).strip(), sorted(refs)


def document_to_plan(doc: Document, sections: Sections, settings: Settings = DEFAULT) -> dict:
    """Given a Document and its Sections, return the plan dict (warnings of parsing included)."""
    name = doc.source.file
    warnings: list[dict] = list(doc.warnings) + list(sections.warnings)
    title = clean(sections.title.text) if sections.title else ""
    if not title:
        title = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        warnings.append(
            {"code": "missing-title", "message": "no title heading: the file name stands in", "pointer": "/title"}
        )

    pillars: list[dict] = []
    header: Header | None = None
    first_header: Header | None = None
    for index, section in enumerate(sections.pillars):
        table = rows_to_table(section.rows, name, header, settings)
        if table is not None:
            if first_header is None:
                first_header = table.header
            elif _shape(table.header) != _shape(first_header):
                warnings.append(
                    {
                        "code": "inconsistent-table-header",
                        "message": f"table header {list(table.header.cells)} differs from the first "
                        f"table's {list(first_header.cells)}",
                        "pointer": f"/pillars/{index}/table",
                        "source": table.header.pos.as_dict(),
                    }
                )
            header = table.header
        pillars.append(section_to_pillar(section, table, index, warnings, settings))

    period = _period(title, first_header)
    status_period = first_header.status_period if first_header else None
    plan = {
        "schema_version": SCHEMA_VERSION,
        "id": slugify(title, settings.max_slug_length),
        "title": title,
        "organisation": _organisation(title),
        "period": period,
        "revision": {
            "label": status_period.split("-")[-1] if status_period else None,
            "status_period": status_period,
            "years": first_header.year_list if first_header else [],
        },
        "source": {"file": name, "format": doc.source.format, "sha256": doc.source.sha256},
        "intro": [_intro_text(b) for b in sections.intro],
        "intro_source": [b.pos.as_dict() for b in sections.intro],
        "headings": [{"text": clean(b.text), "level": b.level, "source": b.pos.as_dict()} for b in sections.headings],
        "notes": [{"text": _intro_text(b), "source": b.pos.as_dict()} for b in sections.notes],
        "pillars": pillars,
        "warnings": warnings,
    }
    if sections.title:
        plan["title_source"] = sections.title.pos.as_dict()
    return plan


def section_to_pillar(
    section: PillarSection, table: Table | None, index: int, warnings: list[dict], settings: Settings = DEFAULT
) -> dict:
    """Given one pillar's section and table, return its dict with objectives and projects."""
    pillar_id = f"p{section.number}"
    objectives = [
        {
            "number": block.number,
            "id": f"{pillar_id}-o{block.number}",
            "keyword": _keyword(clean(block.text)),
            "text": clean(block.text),
            "source": block.pos.as_dict(),
        }
        for block in section.objectives
    ]
    projects: list[dict] = []
    used_ids: dict[str, int] = {}
    if table is not None:
        for record in table.records:
            project = record_to_project(record, table.header, pillar_id, settings)
            pointer = f"/pillars/{index}/projects/{len(projects)}"
            count = used_ids.get(project["id"], 0) + 1
            used_ids[project["id"]] = count
            if count > 1:
                project["id"] = f"{project['id']}-{count}"
            if record.extra:
                warnings.append(
                    {
                        "code": "row-too-many-cells",
                        "message": f"row has {len(table.header.cells) + len(record.extra)} cells, "
                        f"its header has {len(table.header.cells)}: the extra text is kept in extra_cells",
                        "pointer": pointer + "/extra_cells",
                        "source": project["source"],
                    }
                )
            projects.append(project)
    pillar = {
        "number": section.number,
        "id": pillar_id,
        "title": section.title,
        "objectives": objectives,
        "projects": projects,
        "table": None,
        "notes": [_intro_text(b) for b in section.notes],
        "source": section.heading.pos.as_dict(),
    }
    if table is not None:
        pillar["table"] = {"columns": list(table.header.cells), "source": table.header.pos.as_dict()}
    return pillar


def record_to_project(record: Record, header: Header, pillar_id: str, settings: Settings = DEFAULT) -> dict:
    """Given a merged table record and its header, return the project dict."""
    cells = record.cells
    title = clean(cells[header.title])
    raw_description = clean(cells[header.description]) if header.description is not None else ""
    description, refs = split_refs(raw_description, settings)
    status_text = clean(cells[header.status]) if header.status is not None else ""
    first = record.positions[0]
    source = first.as_dict()
    if len(record.positions) > 1:
        source["continued"] = [p.as_dict() for p in record.positions[1:]]
    project = {
        "id": f"{pillar_id}-{slugify(title, settings.max_slug_length)}" if title else f"{pillar_id}-untitled",
        "title": title,
        "description": description,
        "objective_refs": refs,
        "status": {"period": header.status_period, "text": status_text or None},
        "plans": {str(year): (clean(cells[col]) or None) for year, col in header.years},
        "source": source,
    }
    if header.other:
        project["other"] = {header.cells[col]: clean(cells[col]) or None for col in header.other}
    if record.extra:
        project["extra_cells"] = [clean(c) for c in record.extra]
    return project


def _intro_text(block: Block) -> str:
    text = clean(block.text)
    return f"{block.number}. {text}" if block.kind == "item" and block.number is not None else text


def _keyword(text: str) -> str | None:
    match = _KEYWORD.match(text)
    return match.group(1) if match else None


def _shape(header: Header) -> tuple:
    return (header.status_period, tuple(header.year_list))


def _period(title: str, header: Header | None) -> dict:
    match = _YEAR_RANGE.search(title)
    if match:
        return {"start": int(match.group(1)), "end": int(match.group(2))}
    years: list[int] = []
    if header is not None:
        if header.status_period:
            years += [int(y) for y in header.status_period.split("-")]
        years += header.year_list
    return {"start": min(years), "end": max(years)} if years else {"start": None, "end": None}


def _organisation(title: str) -> str | None:
    rest = _PLAN_PREFIX.sub("", title, count=1)
    if rest == title:
        return None
    rest = _YEAR_RANGE.sub("", rest).strip(" -–—:,")
    return rest or None
