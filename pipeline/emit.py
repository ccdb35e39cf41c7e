"""Emit: a plan dict as plan.json and CSV tables, written atomically.

Emitters see only the plan dict. Files are written into a temporary folder
beside the target and moved into place at the end, so a failure never
leaves a half-written output.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipeline.atomic import atomic_dir
from pipeline.errors import OutputError
from pipeline.plan_tables import TABLES, plan_to_table_rows


def plan_to_json(plan: dict) -> str:
    """Return the plan as pretty, UTF-8-ready JSON text ending in a newline."""
    return json_text(plan)


def json_text(data: object, compact: bool = False) -> str:
    """Return ``data`` as JSON text ending in a newline: indented for people, ``compact`` for files machines read."""
    # json's C encoder does not indent: compact output is 5x faster.
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_bytes(data: object, compact: bool = False) -> bytes:
    """Return ``json_text(data, compact)`` as UTF-8 bytes."""
    return json_text(data, compact).encode("utf-8")


def plan_to_rows(plan: dict) -> dict[str, tuple[list[str], list[list]]]:
    """Return each CSV table of the plan as (header, rows); ids join across tables.

    The tables and their columns are those of ``pipeline.plan_tables.TABLES``;
    a missing value is an empty cell, a per-year column one cell per plan year.
    """
    years = [str(y) for y in plan["revision"]["years"]]
    tables = {}
    for name, table_rows in plan_to_table_rows(plan).items():
        table = TABLES[name]
        rows = [
            [
                cell
                for column in table.columns
                for cell in ([row[column.name].get(y) for y in years] if column.per_year else [row[column.name]])
            ]
            for row in table_rows.rows
        ]
        tables[name] = (table.header(years), rows)
    return tables


def rows_to_csv(header: list[str], rows: list[list]) -> str:
    """Return RFC 4180 CSV text (CRLF line ends, minimal quoting) with one header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def plan_files(plan: dict, formats: tuple[str, ...] = ("json", "csv")) -> dict[str, str]:
    """Return file name -> text for every output file of one plan."""
    files: dict[str, str] = {}
    if "json" in formats:
        files["plan.json"] = plan_to_json(plan)
    if "csv" in formats:
        for table, (header, rows) in plan_to_rows(plan).items():
            files[f"{table}.csv"] = rows_to_csv(header, rows)
    return files


def revision_label(plan: dict) -> str:
    """Return the revision's label, ``unlabelled`` when the plan has no status period to take it from."""
    return plan["revision"]["label"] or "unlabelled"


def revision_dir(plan: dict, root: Path) -> Path:
    """Return ``root/<plan id>/<revision label>``, the home of one revision's files."""
    return root / plan["id"] / revision_label(plan)


def write_plan(plan: dict, root: Path, formats: tuple[str, ...] = ("json", "csv")) -> Path:
    """Write one plan's files under ``root/<id>/<label>/`` atomically; return that folder.

    A folder holding a revision history is refused: replacing a stored
    revision's folder would delete its open-data files and diff reports.
    """
    if root.is_dir() and _holds_history(root):
        raise OutputError(
            str(root),
            "holds the revision history of planpipe run/ingest, whose files extract would replace; "
            "give extract another folder (-o DIR) or use planpipe ingest",
        )
    if root.exists() and not root.is_dir():
        raise OutputError(str(root), "cannot write output: it is a file, not a folder")
    target = revision_dir(plan, root)
    files = plan_files(plan, formats)
    try:
        with atomic_dir(target) as tmp:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(str(exc.filename or target), f"cannot write output: {exc.strerror or exc}") from None
    return target


def _holds_history(root: Path) -> bool:
    from pipeline.staging import LOCK_NAME
    from pipeline.store import DB_NAME, LIVE_NAME

    return any((root / name).exists() for name in (DB_NAME, LIVE_NAME, LOCK_NAME))
