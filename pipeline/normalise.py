"""Normalise: sections and tables into the plain, JSON-ready plan dict of schemas/plan.schema.json.

Here text loses its markup and extra whitespace, objective references are
parsed out of descriptions, and ids are made. Words are never changed:
spelling slips in the source stay as they are.
"""

from __future__ import annotations

import re

from pipeline.identity import plan_id
from pipeline.model import Block, Document, warning
from pipeline.segment import PillarSection, Sections
from pipeline.settings import DEFAULT, Settings
from pipeline.tables import Header, Record, Table, rows_to_table
from pipeline.text import clean, slugify

SCHEMA_VERSION = "1.0"

_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# An all-capitals word: "SKABER vi", "Vi STYRKER", "SIKRER, at"; not "IT-" in "IT-kurser".
_KEYWORD = re.compile(r"(?<![\w-])([A-ZÆØÅÄÖÜ]{2,})(?![\w-])")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_PLAN_WORD = re.compile(r"\b(?:handleplan(?:en)?|action plan)\b", re.IGNORECASE)
#: What is left around the organisation once the plan word and the years are out.
_ORG_EDGE = " -–—:,"


def split_refs(text: str, settings: Settings = DEFAULT) -> tuple[str, list[int]]:
    """Return ``text`` without its objective references, and the sorted unique references.

    References are read by ``settings.reference``: "(2)", "(1) (3)", "(1, 3)",
    "(1;3)", "(mål 2)", "(mål 1 og 2)", "(1 og 3)", "(jf. mål 3)". A number
    above ``settings.max_objective_ref`` (a year such as "(2023)") is not a
    reference and stays in the text, as do "(se bilag 2)" and "(65+)".
    """
    return split_refs_explained(text, settings)[:2]


def split_refs_explained(text: str, settings: Settings = DEFAULT) -> tuple[str, list[int], list[str]]:
    """Return what ``split_refs`` returns and the reference texts it took out, in order."""
    refs: set[int] = set()
    taken: list[str] = []
    pieces: list[str] = []
    last = 0
    # No leading \s* in the pattern (quadratic on long blank runs): the space before a reference goes here.
    for match in settings.reference_run_re.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(0))]
        if not numbers or not all(1 <= n <= settings.max_objective_ref for n in numbers):
            continue
        refs.update(numbers)
        taken.append(match.group(0).strip())
        pieces.append(text[last : match.start()].rstrip())
        follows = text[match.end() : match.end() + 1]
        pieces.append(" " if follows.isalnum() else "")
        last = match.end()
    pieces.append(text[last:])
    stripped = "".join(pieces)
    return re.sub(r"\s+", " ", stripped).strip(), sorted(refs), taken


def document_to_plan(doc: Document, sections: Sections, settings: Settings = DEFAULT) -> dict:
    """Given a Document and its Sections, return the plan dict (warnings of parsing included)."""
    name = doc.source.file
    warnings: list[dict] = list(doc.warnings) + list(sections.warnings)
    title = clean(sections.title.text) if sections.title else ""
    if not title:
        title = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        warnings.append(warning("missing-title", "no title heading: the file name stands in", "/title"))

    pillars: list[dict] = []
    header: Header | None = None
    first_header: Header | None = None
    warned_headers: set[tuple[str, ...]] = set()
    for index, section in enumerate(sections.pillars):
        table = rows_to_table(section.rows, name, header, settings)
        if table is not None:
            if first_header is None:
                first_header = table.header
            elif _shape(table.header) != _shape(first_header):
                warnings.append(
                    warning(
                        "inconsistent-table-header",
                        f"table header {list(table.header.cells)} differs from the first "
                        f"table's {list(first_header.cells)}",
                        f"/pillars/{index}/table",
                        table.header.pos,
                    )
                )
            header = table.header
            warnings.extend(_column_warnings(table, index, warned_headers))
            warnings.extend({**w, "pointer": f"/pillars/{index}/table"} for w in table.warnings)
        pillars.append(section_to_pillar(section, table, index, warnings, settings))

    period = _period(title, first_header)
    numbering = objective_numbering(pillars)
    status_period = first_header.status_period if first_header else None
    plan = {
        "schema_version": SCHEMA_VERSION,
        "id": plan_id(title, _organisation(title), settings.max_slug_length),
        "title": title,
        "organisation": _organisation(title),
        "period": period,
        "objective_numbering": numbering,
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


def _column_warnings(table: Table, index: int, warned: set[tuple[str, ...]]) -> list[dict]:
    """Warn once per header about extra columns that share a header, or have none and hold text."""
    header = table.header
    if header.cells in warned:
        return []
    warned.add(header.cells)
    found = []
    keys = header.other_keys
    doubled = [
        key for col, key in keys.items() if header.cells[col].strip() and key != " ".join(header.cells[col].split())
    ]
    if doubled:
        found.append(
            warning(
                "duplicate-column-header",
                f"two or more columns have the same header; the later are kept in other as {doubled}",
                f"/pillars/{index}/table",
                header.pos,
            )
        )
    unnamed = [
        keys[col]
        for col in keys
        if not header.cells[col].strip() and any(col < len(r.cells) and r.cells[col].strip() for r in table.records)
    ]
    if unnamed:
        found.append(
            warning(
                "column-without-header",
                f"columns with text but no header are kept in other as {unnamed}",
                f"/pillars/{index}/table",
                header.pos,
            )
        )
    return found


def section_to_pillar(
    section: PillarSection, table: Table | None, index: int, warnings: list[dict], settings: Settings = DEFAULT
) -> dict:
    """Given one pillar's section and table, return its dict with objectives and projects."""
    pillar_id = f"p{section.number}"
    objectives = [
        {
            "number": block.number,
            "id": f"{pillar_id}-o{block.number}",
            "keyword": _keyword(clean(block.text), settings),
            "text": clean(block.text),
            "source": block.pos.as_dict(),
        }
        for block in section.objectives
    ]
    projects: list[dict] = []
    used_ids: dict[str, int] = {}
    if table is not None:
        for record in table.records:
            header = record.header or table.header  # the header in force where the record stands
            project = record_to_project(record, header, pillar_id, settings)
            pointer = f"/pillars/{index}/projects/{len(projects)}"
            count = used_ids.get(project["id"], 0) + 1
            used_ids[project["id"]] = count
            if count > 1:
                project["id"] = f"{project['id']}-{count}"
            if record.extra:
                warnings.append(
                    warning(
                        "row-too-many-cells",
                        f"row has {len(header.cells) + len(record.extra)} cells, "
                        f"its header has {len(header.cells)}: the extra text is kept in extra_cells",
                        pointer + "/extra_cells",
                        record.positions[0],
                    )
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
    # A record read under a narrower header (one that changed mid-table) has fewer cells.
    cells = record.cells + ("",) * (len(header.cells) - len(record.cells))
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
        other = header.other_values(cells)
        if other:
            project["other"] = other
    if record.extra:
        project["extra_cells"] = [clean(c) for c in record.extra]
    return project


def _intro_text(block: Block) -> str:
    text = clean(block.text)
    return f"{block.number}. {text}" if block.kind == "item" and block.number is not None else text


def objective_numbering(pillars: list[dict]) -> str:
    """Return "plan" when objectives are numbered straight through the plan (1-3, then 4-6...), else "pillar"."""
    numbered = [[o["number"] for o in p["objectives"]] for p in pillars if p["objectives"]]
    flat = [n for numbers in numbered for n in numbers]
    if len(numbered) >= 2 and flat == list(range(1, len(flat) + 1)):
        return "plan"
    return "pillar"


def _keyword(text: str, settings: Settings = DEFAULT) -> str | None:
    """Return the first all-capitals word of the objective's first sentence, or None.

    After the first word it must have ``settings.keyword_min_letters``
    letters, so that an abbreviation ("Vi styrker IT og KL-samarbejdet") is no keyword.
    """
    end = _SENTENCE_END.search(text)
    stop = end.start() if end else len(text)
    for match in _KEYWORD.finditer(text, 0, stop):
        if match.start() == 0 or len(match.group(1)) >= settings.keyword_min_letters:
            return match.group(1)
    return None


def _shape(header: Header) -> tuple:
    return (header.status_period, tuple(header.year_list))


def _period(title: str, header: Header | None) -> dict:
    match = _YEAR_RANGE.search(title)
    if match:
        return {"start": int(match.group(1)), "end": int(match.group(2))}
    years: list[int] = [int(y) for y in _YEAR.findall(title)]
    if header is not None:
        if header.status_period:
            years += [int(y) for y in header.status_period.split("-")]
        years += header.year_list
    return {"start": min(years), "end": max(years)} if years else {"start": None, "end": None}


def _organisation(title: str) -> str | None:
    """Return the organisation a plan's title names around its plan word, or None.

    "Handleplan for X 2021-2025", "X – Handleplan 2025", "Handleplan 2025-2026 for X",
    "X: Handleplan 2024-2026" and "Action plan 2024-2026 for X" all name X.
    """
    match = _PLAN_WORD.search(title)
    if match is None:
        return None
    before = _strip_years(title[: match.start()])
    after = _strip_years(title[match.end() :])
    rest = _trim_edges(after) or _trim_edges(before)
    return rest or None


def _trim_edges(text: str) -> str:
    """Return ``text`` without the dashes, colons and a lone "for" at its ends."""
    while True:
        trimmed = text.strip(_ORG_EDGE)
        if trimmed[:4].casefold() == "for ":
            trimmed = trimmed[4:]
        if trimmed[-4:].casefold() == " for":
            trimmed = trimmed[:-4]
        if trimmed.casefold() == "for":
            trimmed = ""
        if trimmed == text:
            return text
        text = trimmed


def _strip_years(text: str) -> str:
    """Return ``text`` without its years and year ranges, spaces squeezed."""
    text = _YEAR.sub(" ", _YEAR_RANGE.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()
