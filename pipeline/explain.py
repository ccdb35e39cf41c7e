"""``extract --explain``: which rule recognised each heading, column and reference, and what none did.

The rows let a user see at a glance why a plan came out as it did and
write the ``[profile]`` of planpipe.toml for what no rule foresees. The
library returns rows; the command line prints them.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import StructureError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.model import Block, Document
from pipeline.normalise import split_refs_explained
from pipeline.read import load_bytes, read_bytes
from pipeline.segment import document_to_sections
from pipeline.settings import DEFAULT, Settings
from pipeline.tables import Header, is_artefact, rows_to_table
from pipeline.text import clean

#: Kinds of row, in the order a reader meets them.
KINDS = ("title", "pillar", "objective", "other", "column", "reference", "unrecognised")

# A parenthesis holding a number that no reference rule took: "(se bilag 2)", "(2024)". Bounded, so linear.
_NUMBER_IN_PARENS = re.compile(r"\([^()\n]{0,60}?\d[^()\n]{0,60}\)")


def explain(path: str | Path, settings: Settings = DEFAULT, limits: Limits = DEFAULT_LIMITS) -> list[dict]:
    """Given a plan document's path, return its explain rows (see ``document_to_explain``)."""
    data, name = load_bytes(path, limits)
    return document_to_explain(read_bytes(data, name, limits=limits), settings)


def document_to_explain(doc: Document, settings: Settings = DEFAULT) -> list[dict]:
    """Return one row per recognised or unrecognised part: ``kind``, ``text``, ``rule``, ``source``.

    A document with no pillar still raises StructureError; an unrecognised
    table header is a row of kind ``unrecognised`` (extract refuses it).
    """
    name = doc.source.file
    sections = document_to_sections(doc, settings)
    rows = list(sections.explain)
    for block in sections.intro:
        if block.kind == "row":
            rows.append(_row("unrecognised", block, "a table row before the first pillar: kept in the intro"))
    header: Header | None = None
    for section in sections.pillars:
        try:
            table = rows_to_table(section.rows, name, header, settings)
        except StructureError:
            first = next(b for b in section.rows if not is_artefact(b))
            rule = "table header not recognised: name its columns in [profile] columns of planpipe.toml"
            rows.append(_row("unrecognised", first, rule))
            continue
        for block in section.notes:
            rows.append(_row("unrecognised", block, "text under a pillar, neither objective nor table: kept in notes"))
        if table is None:
            continue
        if table.header is not header:
            cells, rules = table.header.cells, table.header.rules
            source = table.header.pos.as_dict()
            for cell, rule in zip(cells, rules or ("",) * len(cells), strict=True):
                kind = "unrecognised" if rule.startswith("(empty") else "column"
                rows.append({"kind": kind, "text": cell, "rule": rule, "source": source})
            header = table.header
        for record in table.records:
            source = record.positions[0].as_dict()
            if header.description is None:
                continue
            raw = clean(record.cells[header.description]) if header.description < len(record.cells) else ""
            kept, _, taken = split_refs_explained(raw, settings)
            for text in taken:
                numbers = sorted({int(n) for n in re.findall(r"\d+", text)})
                rule = f"objective reference {', '.join(map(str, numbers))} (reference / [profile] reference_pattern)"
                rows.append({"kind": "reference", "text": text, "rule": rule, "source": source})
            for match in _NUMBER_IN_PARENS.finditer(kept):
                rule = "a number in brackets not read as a reference: it stays in the description"
                rows.append({"kind": "unrecognised", "text": match.group(0), "rule": rule, "source": source})
            if record.extra:
                rule = "cells beyond the header's columns: kept in extra_cells"
                rows.append({"kind": "unrecognised", "text": " | ".join(record.extra), "rule": rule, "source": source})
    for block in sections.notes:
        rows.append(_row("unrecognised", block, "text under a heading that is not a pillar: kept in notes"))
    if all("line" in r["source"] for r in rows):
        rows.sort(key=lambda r: r["source"]["line"])
    elif all("page" in r["source"] for r in rows):
        rows.sort(key=lambda r: (r["source"]["page"], r["source"].get("bbox", [0, 0])[1]))
    return rows


def explain_lines(rows: list[dict], width: int = 48) -> list[str]:
    """Return the explain rows as aligned lines: place, kind, text (cut to ``width``), rule."""
    places = [_place(row["source"]) for row in rows]
    place_width = max([10, *(len(p) for p in places)])
    lines = []
    for place, row in zip(places, rows, strict=True):
        text = row["text"] if len(row["text"]) <= width else row["text"][: width - 1] + "…"
        rule = f"  {row['rule']}" if row["rule"] else ""
        lines.append(f"{place:<{place_width}} {row['kind']:<12} {text:<{width}}{rule}".rstrip())
    return lines


def _place(source: dict) -> str:
    if "line" in source:
        return f"line {source['line']}"
    if "page" in source:
        return f"page {source['page']}"
    return source.get("path", "document")


def _row(kind: str, block: Block, rule: str) -> dict:
    text = clean(block.text) if block.kind != "row" else " | ".join(clean(c) for c in block.cells)
    return {"kind": kind, "text": text, "rule": rule, "source": block.pos.as_dict()}
