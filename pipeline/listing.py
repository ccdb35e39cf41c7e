"""The stored history as rows for people and programs: ``planpipe plans`` and ``planpipe history``.

The library returns rows (plain dicts, one key order); presentation is
``rows_to_text`` (an aligned table), JSON, newline-delimited JSON or CSV,
as sqlite-utils and Datasette users expect them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.changes import SUMMARY_ORDER
from pipeline.emit import json_text
from pipeline.errors import UnknownPlanError
from pipeline.i18n import DEFAULT_LANG, N_, translations

FORMATS = ("text", "json", "nl", "csv")
CHANGE_COLUMNS = tuple(f"{k}_count" for k in SUMMARY_ORDER)


def _open(out_dir: Path) -> Any:
    """Open the history to read: the live database, else the published one (``store.history_path``)."""
    db_path = store.history_path(out_dir)
    if not db_path.is_file():
        raise UnknownPlanError(str(out_dir / store.DB_NAME), "no history database here: run planpipe ingest first")
    return store.connect(db_path)


def plans_rows(out_dir: Path) -> list[dict]:
    """Return one row per stored plan: its id, title, organisation, period and its latest revision."""
    db = _open(out_dir)
    try:
        rows = []
        for plan in store.catalogue(db):
            revisions = plan["revisions"]
            latest = revisions[-1] if revisions else {}
            rows.append(
                {
                    "id": plan["id"],
                    "title": plan["title"],
                    "organisation": plan["organisation"],
                    "period_start": plan["period_start"],
                    "period_end": plan["period_end"],
                    "revisions": len(revisions),
                    "latest_revision": latest.get("label"),
                    "latest_status_period": latest.get("status_period"),
                    "latest_ingested_at": latest.get("ingested_at"),
                    "latest_project_count": latest.get("project_count"),
                }
            )
        return rows
    finally:
        db.close()


def history_rows(out_dir: Path, plan_id: str) -> list[dict]:
    """Return the plan's revisions, oldest label first, with counts and changes since the one before."""
    db = _open(out_dir)
    try:
        revisions = store.history(db, plan_id)
        known = [r["id"] for r in db["plans"].rows_where(order_by="id")]
    finally:
        db.close()
    if not revisions:
        hint = f"; known: {', '.join(known[:5])}" if known else ""
        raise UnknownPlanError(str(out_dir / store.DB_NAME), f"no plan {plan_id!r}{hint}")
    columns = (
        "id",
        "label",
        "status_period",
        "ingested_at",
        "source_file",
        "source_sha256",
        "pillar_count",
        "objective_count",
        "project_count",
        "warning_count",
        "previous_revision_id",
        *CHANGE_COLUMNS,
    )
    return [{c: r[c] for c in columns} for r in revisions]


def rows_to(rows: list[dict], fmt: str) -> str:
    """Return rows as ``json`` (an array), ``nl`` (one object a line) or ``csv`` (a header, then RFC 4180 rows)."""
    if fmt == "json":
        return json_text(rows)
    if fmt == "nl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if rows:
            writer.writerow(list(rows[0]))
            writer.writerows(["" if v is None else v for v in row.values()] for row in rows)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


#: The plans table's columns for people (``planpipe plans``; --json/--csv keep the names above).
PLANS_COLUMNS = (N_("plan"), N_("revisions"), N_("latest"), N_("status"), N_("projects"), N_("title"))


def plans_text(rows: list[dict], lang: str = DEFAULT_LANG) -> str:
    """Return the plans as an aligned table for people, in ``lang``."""
    _ = translations(lang).gettext
    header = [_(name) for name in PLANS_COLUMNS]
    table = [
        [
            r["id"],
            str(r["revisions"]),
            r["latest_revision"] or "-",
            r["latest_status_period"] or "-",
            str(r["latest_project_count"] if r["latest_project_count"] is not None else "-"),
            r["title"],
        ]
        for r in rows
    ]
    if not rows:
        return _("0 plans") + "\n"
    return _("{n} plan(s)").format(n=len(rows)) + "\n" + _aligned([header, *table])


def _aligned(table: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in table)
