"""The revision history database, ``plans.sqlite``: every ingested revision of every plan.

Written with sqlite-utils (imported only here, inside functions). Rows of a
revision have one-column text keys scoped by the revision,
``<plan id>/<label>/<local id>``, because Datasette and sqlite-utils follow
one-column foreign keys; the pair (revision_id, id) is indexed too, and is
unique except in a plan that warns of repeated ids. One revision is written
in one transaction: a crash leaves the previous state.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from pipeline.emit import revision_label

DB_NAME = "plans.sqlite"
BUSY_TIMEOUT_S = 60.0
CHANGE_KINDS = ("added", "removed", "changed", "unchanged", "renamed", "moved")

#: table -> (description, columns {name: (type, description)}, pk, foreign keys, label column)
TABLES: dict[str, tuple[str, dict[str, tuple[type, str]], str | tuple[str, ...], list[tuple[str, str, str]], str]] = {
    "plans": (
        "One row per plan (handleplan), whatever its number of revisions.",
        {
            "id": (str, "Plan id: slug of the title."),
            "title": (str, "The plan's title."),
            "organisation": (str, "The publishing organisation, from the title."),
            "period_start": (int, "First year the plan covers."),
            "period_end": (int, "Last year the plan covers."),
        },
        "id",
        [],
        "title",
    ),
    "revisions": (
        "One row per ingested revision of a plan; id is <plan id>/<label>.",
        {
            "id": (str, "<plan id>/<revision label>."),
            "plan_id": (str, "The plan."),
            "label": (str, "Revision label: end year of the status period."),
            "status_period": (str, "The period the status column covers, e.g. 2021-2023."),
            "years": (str, "Plan-year columns of this revision, ';'-separated."),
            "source_file": (str, "The file it was read from."),
            "source_format": (str, "text, html, pdf, docx or odt."),
            "source_sha256": (str, "sha256 of the source bytes: the same bytes are never stored twice."),
            "ingested_at": (str, "When it was ingested (UTC, ISO 8601)."),
            "folder": (str, "Its files, relative to the output folder."),
            "previous_revision_id": (str, "The revision it was diffed against, if any."),
            "pillar_count": (int, "Pillars."),
            "objective_count": (int, "Objectives."),
            "project_count": (int, "Projects."),
            "warning_count": (int, "Warnings the pipeline raised."),
            "warnings": (str, "The warnings as JSON."),
            **{f"{k}_count": (int, f"Projects {k} since the previous revision.") for k in CHANGE_KINDS},
        },
        "id",
        [("plan_id", "plans", "id"), ("previous_revision_id", "revisions", "id")],
        "label",
    ),
    "pillars": (
        "Pejlemærker of each revision.",
        {
            "key": (str, "<revision id>/<pillar id>."),
            "revision_id": (str, "The revision."),
            "id": (str, "Pillar id within the revision, p<number>."),
            "number": (int, "The pillar's number."),
            "title": (str, "The pillar's heading."),
            "objective_count": (int, "Objectives."),
            "project_count": (int, "Projects."),
            "source_line": (int, "Line in the source."),
            "source_page": (int, "Page in the source (PDF)."),
            "source_path": (str, "XPath-like address in the source (HTML, Word)."),
        },
        "key",
        [("revision_id", "revisions", "id")],
        "title",
    ),
    "objectives": (
        "Numbered objectives under each pillar.",
        {
            "key": (str, "<revision id>/<objective id>."),
            "revision_id": (str, "The revision."),
            "id": (str, "Objective id, <pillar id>-o<number>."),
            "pillar_key": (str, "The pillar."),
            "number": (int, "Its number within the pillar."),
            "keyword": (str, "The capitalised verb that opens it."),
            "text": (str, "Full text."),
            "source_line": (int, "Line in the source."),
            "source_page": (int, "Page in the source (PDF)."),
            "source_path": (str, "XPath-like address in the source (HTML, Word)."),
        },
        "key",
        [("revision_id", "revisions", "id"), ("pillar_key", "pillars", "key")],
        "id",
    ),
    "projects": (
        "Projects of each revision.",
        {
            "key": (str, "<revision id>/<project id>."),
            "revision_id": (str, "The revision."),
            "id": (str, "Project id: pillar id + title slug, stable across revisions."),
            "pillar_key": (str, "The pillar whose table lists it."),
            "title": (str, "Title."),
            "description": (str, "Description (Beskrivelse)."),
            "objective_refs": (str, "Objective numbers it cites, ';'-separated."),
            "status_period": (str, "Status period."),
            "status_text": (str, "Status text."),
            "plans": (str, "Plan per year as a JSON object."),
            "source_line": (int, "Line in the source."),
            "source_page": (int, "Page in the source (PDF)."),
            "source_path": (str, "XPath-like address in the source (HTML, Word)."),
        },
        "key",
        [("revision_id", "revisions", "id"), ("pillar_key", "pillars", "key")],
        "title",
    ),
    "project_objectives": (
        "Which objectives each project supports.",
        {
            "project_key": (str, "The project."),
            "objective_key": (str, "The objective."),
        },
        ("project_key", "objective_key"),
        [("project_key", "projects", "key"), ("objective_key", "objectives", "key")],
        "",
    ),
    "project_plans": (
        "What each project plans per year.",
        {
            "project_key": (str, "The project."),
            "year": (int, "Plan year."),
            "text": (str, "What is planned."),
        },
        ("project_key", "year"),
        [("project_key", "projects", "key")],
        "",
    ),
    "changes": (
        "Project changes between a revision and the one before it (unchanged projects left out).",
        {
            "key": (str, "<revision id>/<n>."),
            "revision_id": (str, "The newer revision."),
            "previous_revision_id": (str, "The older revision."),
            "change": (str, "added, removed, changed, renamed or moved."),
            "project_key": (str, "The project in the newer revision (null when removed)."),
            "old_project_key": (str, "The project in the older revision (null when added)."),
            "title": (str, "Title now (or before, when removed)."),
            "old_title": (str, "Title before."),
            "renamed": (int, "1 when the title changed."),
            "moved": (int, "1 when it moved to another pillar."),
            "similarity": (float, "How alike old and new are, 0..1."),
            "fields": (str, "Changed fields with old and new values, as JSON."),
        },
        "key",
        [
            ("revision_id", "revisions", "id"),
            ("previous_revision_id", "revisions", "id"),
            ("project_key", "projects", "key"),
            ("old_project_key", "projects", "key"),
        ],
        "title",
    ),
}


def connect(path: Path) -> Any:
    """Return a sqlite-utils Database on ``path`` with WAL, a busy timeout and the schema in place."""
    import sqlite_utils

    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    # WAL with synchronous=NORMAL: a killed process never loses a committed revision; only a power
    # cut may roll back the last commits, and the database stays consistent either way.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: Any) -> None:
    """Create the tables and indexes that are missing (all in one transaction)."""
    if all(db[name].exists() and set(TABLES[name][1]) <= set(db[name].columns_dict) for name in TABLES):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for name, (_, columns, pk, fks, _label) in TABLES.items():
            if not db[name].exists():
                not_null = [c for c in (pk if isinstance(pk, tuple) else (pk,))]
                db[name].create({c: t for c, (t, _) in columns.items()}, pk=pk, foreign_keys=fks, not_null=not_null)
            else:  # a database from an older planpipe: add the columns it lacks
                for column, (kind, _) in columns.items():
                    if column not in db[name].columns_dict:
                        db[name].add_column(column, kind)
        # (revision_id, id) is not unique only in a plan that warns of a duplicate title or number.
        indexes = [
            ("revisions", ["source_sha256"], True),
            ("revisions", ["plan_id", "label"], True),
            ("pillars", ["revision_id", "id"], False),
            ("objectives", ["revision_id", "id"], False),
            ("projects", ["revision_id", "id"], False),
            ("changes", ["revision_id"], False),
            ("projects", ["pillar_key"], False),
            ("objectives", ["pillar_key"], False),
        ]
        for table, cols, unique in indexes:
            db[table].create_index(cols, unique=unique, if_not_exists=True)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def revision_with_sha(db: Any, sha256: str) -> dict | None:
    """Return the stored revision with these source bytes, or None."""
    rows = list(db["revisions"].rows_where("source_sha256 = ?", [sha256]))
    return rows[0] if rows else None


def revision(db: Any, revision_id: str) -> dict | None:
    """Return one stored revision row, or None."""
    rows = list(db["revisions"].rows_where("id = ?", [revision_id]))
    return rows[0] if rows else None


def previous_revision(db: Any, plan_id: str, label: str) -> dict | None:
    """Return the latest stored revision of ``plan_id`` whose label sorts before ``label``, or None."""
    rows = sorted(db["revisions"].rows_where("plan_id = ?", [plan_id]), key=lambda r: label_key(r["label"]))
    earlier = [r for r in rows if label_key(r["label"]) < label_key(label)]
    return earlier[-1] if earlier else None


def first_ingested(db: Any, plan_id: str) -> str | None:
    """Return when the plan's first stored revision was ingested, or None."""
    row = db.execute("SELECT min(ingested_at) FROM revisions WHERE plan_id = ?", [plan_id]).fetchone()
    return row[0] if row else None


def label_key(label: str) -> tuple:
    """Return a sort key for revision labels: years numerically, anything else after, by text."""
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def insert_revision(
    db: Any, plan: dict, folder: str, ingested_at: str, previous_id: str | None, diff: dict | None
) -> str:
    """Insert one revision's rows (the caller holds the transaction); return the revision id."""
    label = revision_label(plan)
    rev = f"{plan['id']}/{label}"
    pillars = plan["pillars"]
    db["plans"].upsert(
        {
            "id": plan["id"],
            "title": plan["title"],
            "organisation": plan["organisation"],
            "period_start": plan["period"]["start"],
            "period_end": plan["period"]["end"],
        },
        pk="id",
    )
    summary = (diff or {}).get("summary", {})
    db["revisions"].insert(
        {
            "id": rev,
            "plan_id": plan["id"],
            "label": label,
            "status_period": plan["revision"]["status_period"],
            "years": ";".join(str(y) for y in plan["revision"]["years"]),
            "source_file": plan["source"]["file"],
            "source_format": plan["source"]["format"],
            "source_sha256": plan["source"]["sha256"],
            "ingested_at": ingested_at,
            "folder": folder,
            "previous_revision_id": previous_id,
            "pillar_count": len(pillars),
            "objective_count": sum(len(p["objectives"]) for p in pillars),
            "project_count": sum(len(p["projects"]) for p in pillars),
            "warning_count": len(plan["warnings"]),
            "warnings": json.dumps(plan["warnings"], ensure_ascii=False),
            **{f"{k}_count": summary.get(k) for k in CHANGE_KINDS},
        }
    )
    keys = _Keys(rev)
    pillar_rows, objective_rows, project_rows, links, plan_rows = [], [], [], [], []
    for pillar in pillars:
        pkey = keys.new(pillar["id"])
        pillar_rows.append(
            {
                "key": pkey,
                "revision_id": rev,
                "id": pillar["id"],
                "number": pillar["number"],
                "title": pillar["title"],
                "objective_count": len(pillar["objectives"]),
                "project_count": len(pillar["projects"]),
                **_where(pillar),
            }
        )
        known = {}
        for objective in pillar["objectives"]:
            okey = keys.new(objective["id"])
            known.setdefault(objective["number"], okey)
            objective_rows.append(
                {
                    "key": okey,
                    "revision_id": rev,
                    "id": objective["id"],
                    "pillar_key": pkey,
                    "number": objective["number"],
                    "keyword": objective["keyword"],
                    "text": objective["text"],
                    **_where(objective),
                }
            )
        for project in pillar["projects"]:
            jkey = keys.new(project["id"])
            project_rows.append(
                {
                    "key": jkey,
                    "revision_id": rev,
                    "id": project["id"],
                    "pillar_key": pkey,
                    "title": project["title"],
                    "description": project["description"],
                    "objective_refs": ";".join(str(r) for r in project["objective_refs"]),
                    "status_period": project["status"]["period"],
                    "status_text": project["status"]["text"],
                    "plans": json.dumps(project["plans"], ensure_ascii=False),
                    **_where(project),
                }
            )
            links.extend(
                {"project_key": jkey, "objective_key": known[r]}
                for r in dict.fromkeys(project["objective_refs"])
                if r in known
            )
            plan_rows.extend(
                {"project_key": jkey, "year": int(y), "text": t} for y, t in project["plans"].items() if t is not None
            )
    for table, rows in [
        ("pillars", pillar_rows),
        ("objectives", objective_rows),
        ("projects", project_rows),
        ("project_objectives", links),
        ("project_plans", plan_rows),
    ]:
        _insert_rows(db, table, rows)
    if diff is not None and previous_id is not None:
        new_keys: dict[str, str] = {}
        for row in project_rows:
            new_keys.setdefault(row["id"], row["key"])
        old_keys: dict[str, str] = {}
        for key, local in db.execute("SELECT key, id FROM projects WHERE revision_id = ? ORDER BY key", [previous_id]):
            old_keys.setdefault(local, key)
        _insert_rows(db, "changes", _change_rows(diff, rev, previous_id, new_keys, old_keys))
    return rev


def history(db: Any, plan_id: str) -> list[dict]:
    """Return the plan's revisions, oldest label first, with their change counts."""
    return sorted(db["revisions"].rows_where("plan_id = ?", [plan_id]), key=lambda r: label_key(r["label"]))


def catalogue(db: Any) -> list[dict]:
    """Return every plan with its revisions (oldest first): what the index shows."""
    plans = []
    for plan in db["plans"].rows_where(order_by="id"):
        plan["revisions"] = history(db, plan["id"])
        plans.append(plan)
    return plans


def datasette_metadata(licence: dict, source: str) -> dict:
    """Return Datasette metadata for plans.sqlite: licence, source, table and column descriptions, labels."""
    tables = {}
    for name, (description, columns, _pk, _fks, label) in TABLES.items():
        entry: dict = {"description": description, "columns": {c: d for c, (_, d) in columns.items()}}
        if label:
            entry["label_column"] = label
        tables[name] = entry
    return {
        "title": "planpipe: kommunale handleplaner",
        "description": "Every ingested revision of every plan, and what changed between revisions.",
        "license": licence["title"],
        "license_url": licence["url"],
        "source": source,
        "source_url": licence.get("source_url", ""),
        "databases": {"plans": {"tables": tables}},
    }


def _insert_rows(db: Any, table: str, rows: list[dict]) -> None:
    """Insert rows whose keys are the table's columns, in one executemany.

    sqlite-utils made the tables; for the bulk rows of a revision its
    per-call introspection and savepoints cost more than the insert itself.
    """
    if not rows:
        return
    columns = list(TABLES[table][1])
    unknown = set(rows[0]) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {sorted(unknown)}")
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(
        f"INSERT INTO [{table}] ({names}) VALUES ({marks})", [[row.get(c) for c in columns] for row in rows]
    )


class _Keys:
    """Revision-scoped keys; a repeated local id (a plan with a duplicate title) gets ``~2``, ``~3``..."""

    def __init__(self, revision_id: str) -> None:
        self.revision_id = revision_id
        self.seen: dict[str, int] = {}

    def new(self, local_id: str) -> str:
        n = self.seen.get(local_id, 0) + 1
        self.seen[local_id] = n
        return f"{self.revision_id}/{local_id}" + (f"~{n}" if n > 1 else "")


def _where(item: dict) -> dict:
    source = item.get("source") or {}
    return {"source_line": source.get("line"), "source_page": source.get("page"), "source_path": source.get("path")}


def _change_rows(diff: dict, rev: str, previous: str, new_keys: dict[str, str], old_keys: dict[str, str]) -> list[dict]:
    rows = []
    for n, change in enumerate(c for c in diff["projects"] if c["change"] != "unchanged"):
        old, new = change.get("old"), change.get("new")
        rows.append(
            {
                "key": f"{rev}/{n + 1}",
                "revision_id": rev,
                "previous_revision_id": previous,
                "change": change["change"],
                "project_key": new_keys.get(new["id"]) if new else None,
                "old_project_key": old_keys.get(old["id"]) if old else None,
                "title": (new or old or {}).get("title"),
                "old_title": old["title"] if old else None,
                "renamed": int(bool(change.get("renamed"))),
                "moved": int(bool(change.get("moved"))),
                "similarity": change.get("similarity"),
                "fields": json.dumps(change.get("fields", []), ensure_ascii=False),
            }
        )
    return rows
