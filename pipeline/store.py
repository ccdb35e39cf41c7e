"""The revision history database: every ingested revision of every plan.

Ingest writes ``.planpipe.sqlite`` (WAL, so that readers never wait for it)
and, at the end of each ingest, publishes ``plans.sqlite``: a snapshot made
with SQLite's backup API, in rollback-journal mode, complete in its one file
(a WAL database's file alone misses the commits still in its ``-wal``).
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

from pipeline.atomic import atomic_path
from pipeline.changes import CHANGE_KINDS, KINDS
from pipeline.emit import revision_label
from pipeline.errors import HistoryError
from pipeline.plan_tables import TABLES as PLAN_TABLES
from pipeline.plan_tables import Table, plan_to_table_rows

DB_NAME = "plans.sqlite"
LIVE_NAME = ".planpipe.sqlite"
BUSY_TIMEOUT_S = 60.0

_SQL_TYPES = {"string": str, "integer": int, "number": float}


def history_table(spec: Table) -> tuple:
    """Return a plan table as the history stores it (a ``TABLES`` entry), derived from its one description.

    A table keyed by ``id`` gets a revision-scoped ``key`` and ``revision_id``; a
    foreign key ``x_id`` becomes ``x_key``, pointing at that key; a per-year
    column is one JSON object.
    """
    scoped = spec.primary_key == ("id",)
    renamed = {fk.column: key_column(fk.column) for fk in spec.foreign_keys}
    columns: dict[str, tuple[type, str]] = {}
    if scoped:
        columns["key"] = (str, "<revision id>/<id>: one row of one revision (~2, ~3... after an id the plan repeats).")
        columns["revision_id"] = (str, "The revision.")
    for column in spec.columns:
        if column.per_year:
            columns[column.name] = (str, column.year_description("each year") + " As a JSON object {year: text}.")
        else:
            columns[renamed.get(column.name, column.name)] = (_SQL_TYPES[column.type], column.description)
    pk = "key" if scoped else tuple(renamed.get(k, k) for k in spec.primary_key)
    fks = [("revision_id", "revisions", "id")] if scoped else []
    fks += [(renamed[fk.column], fk.table, "key") for fk in spec.foreign_keys]
    return (spec.description, columns, pk, fks, spec.label)


def key_column(column: str) -> str:
    """Return the history's name for a foreign-key column of a plan table: ``pillar_id`` -> ``pillar_key``."""
    return column.removesuffix("_id") + "_key"


#: table -> (description, columns {name: (type, description)}, pk, foreign keys, label column)
TABLES: dict[str, tuple[str, dict[str, tuple[type, str]], str | tuple[str, ...], list[tuple[str, str, str]], str]] = {
    "plans": (
        "One row per plan (handleplan), whatever its number of revisions.",
        {
            "id": (str, "Plan id: slug of the title (with a short hash where a slug could clash), or --plan-id."),
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
            "files": (str, "Its files and their sha256, as a JSON object: what run checks and restores."),
            "publish_options": (
                str,
                "The [publish] settings (licence, publisher, base URL, language...) and Excel copies its files were "
                "made with (JSON).",
            ),
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
    "changes": (
        "Project changes between a revision and the one before it (unchanged projects left out).",
        {
            "key": (str, "<revision id>/<n>."),
            "revision_id": (str, "The newer revision."),
            "previous_revision_id": (str, "The older revision."),
            "change": (str, f"One of {', '.join(k for k in KINDS if k != 'unchanged')}; renamed and moved are marks."),
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


#: The tables of a plan (``pipeline.plan_tables``) as the history stores them, after plans and revisions.
TABLES = {
    **dict(list(TABLES.items())[:2]),
    **{name: history_table(spec) for name, spec in PLAN_TABLES.items()},
    **dict(list(TABLES.items())[2:]),
}

#: table -> columns Datasette's search box (``?_search=``) and sqlite-utils ``search`` look in: FTS5 tables that
#: triggers keep in step with every insert (sqlite-utils ``enable_fts``).
SEARCH: dict[str, list[str]] = {
    "projects": ["title", "description", "status_text", "plans"],
    "objectives": ["keyword", "text"],
    "project_plans": ["text"],
    "project_other": ["header", "text"],
}


def connect(path: Path) -> Any:
    """Return a sqlite-utils Database on ``path`` with WAL, a busy timeout and the schema in place.

    A file that is not a sound SQLite database is a HistoryError naming it.
    """
    import sqlite_utils

    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise damaged_database(path, exc) from None
    try:
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous=NORMAL: a killed process never loses a committed revision; only a power
        # cut may roll back the last commits, and the database stays consistent either way.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        ensure_schema(db)
    except sqlite3.Error as exc:
        conn.close()
        raise damaged_database(path, exc) from None
    return db


def damaged_database(path: Path, exc: BaseException) -> HistoryError:
    """Return the HistoryError for a database SQLite cannot use (corrupt, not a database, unwritable)."""
    return HistoryError(str(path), f"cannot use the history database: {exc}")


def open_history(out_dir: Path) -> Any:
    """Return the live history database of ``out_dir`` (the caller holds its lock).

    A store from before the live database existed has only ``plans.sqlite``:
    it becomes the live database, copied with the backup API.
    """
    live, published = out_dir / LIVE_NAME, out_dir / DB_NAME
    if not live.exists() and published.is_file():
        old = connect(published)
        try:
            with atomic_path(live) as tmp:
                target = sqlite3.connect(str(tmp))
                try:
                    old.conn.backup(target)
                finally:
                    target.close()
        except sqlite3.Error as exc:
            raise damaged_database(published, exc) from None
        finally:
            old.close()
    new = not live.exists()
    try:
        return connect(live)
    except HistoryError:
        if new:  # a database that never got its tables is no history: leave none
            for path in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
                path.unlink(missing_ok=True)
        raise


def history_path(out_dir: Path) -> Path:
    """Return the database to read ``out_dir``'s history from: the live one, else the published one."""
    live = out_dir / LIVE_NAME
    return live if live.is_file() else out_dir / DB_NAME


def publish(db: Any, path: Path) -> None:
    """Write a snapshot of ``db`` to ``path`` with SQLite's backup API: one complete file, not in WAL mode.

    The snapshot is made beside ``path`` and renamed over it, so a reader of
    the old file keeps it whole and the next opens the new one.
    """
    with atomic_path(path) as tmp:
        target = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
        finally:
            target.close()
    # A -wal left beside it by an older planpipe (which published the live database) would be replayed
    # into the snapshot by the next reader: it belongs to the file just replaced.
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def fingerprint(db: Any) -> str:
    """Return a digest of the revisions a database lists and how they are chained and recorded."""
    import hashlib

    digest = hashlib.sha256()
    for row in db.execute("SELECT id, previous_revision_id, files FROM revisions ORDER BY id"):
        digest.update(json.dumps(list(row)).encode("utf-8"))
    return digest.hexdigest()


def published_fingerprint(path: Path) -> str | None:
    """Return the fingerprint of the published snapshot at ``path``, or None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return fingerprint(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def ensure_schema(db: Any) -> None:
    """Create the tables and indexes that are missing (all in one transaction)."""
    if all(db[name].exists() and set(TABLES[name][1]) <= set(db[name].columns_dict) for name in TABLES):
        ensure_search(db)
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
        if db.conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
            db.execute("ROLLBACK")
        raise
    ensure_search(db)


def ensure_search(db: Any) -> None:
    """Give each table of SEARCH its full-text index where it has none (indexing the rows already there)."""
    for table, columns in SEARCH.items():
        if db[table].detect_fts() is None:
            with db.conn:  # one transaction: the index and its triggers, or nothing
                db[table].enable_fts(columns, create_triggers=True)


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
    earlier = [r for r in history(db, plan_id) if label_key(r["label"]) < label_key(label)]
    return earlier[-1] if earlier else None


def next_revision(db: Any, plan_id: str, label: str) -> dict | None:
    """Return the earliest stored revision of ``plan_id`` whose label sorts after ``label``, or None."""
    later = [r for r in history(db, plan_id) if label_key(r["label"]) > label_key(label)]
    return later[0] if later else None


def plan_row(db: Any, plan_id: str) -> dict | None:
    """Return the stored plan row (id, title, organisation, period), or None."""
    rows = list(db["plans"].rows_where("id = ?", [plan_id]))
    return rows[0] if rows else None


def first_ingested(db: Any, plan_id: str) -> str | None:
    """Return when the plan's first stored revision was ingested, or None."""
    row = db.execute("SELECT min(ingested_at) FROM revisions WHERE plan_id = ?", [plan_id]).fetchone()
    return row[0] if row else None


def label_key(label: str) -> tuple:
    """Return a sort key for revision labels: years numerically, anything else after, by text."""
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def insert_revision(
    db: Any,
    plan: dict,
    folder: str,
    ingested_at: str,
    previous_id: str | None,
    diff: dict | None,
    files: dict[str, str] | None = None,
    options: dict | None = None,
) -> str:
    """Insert one revision's rows (the caller holds the transaction); return the revision id.

    ``files`` records each file's sha256, ``options`` what they were made
    with. The plan's row takes the title of its latest revision by label.
    """
    label = revision_label(plan)
    rev = f"{plan['id']}/{label}"
    pillars = plan["pillars"]
    stored = [label_key(r[0]) for r in db.execute("SELECT label FROM revisions WHERE plan_id = ?", [plan["id"]])]
    if not stored or label_key(label) > max(stored):
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
            "files": json.dumps(files) if files is not None else None,
            "publish_options": json.dumps(options, ensure_ascii=False) if options is not None else None,
            "pillar_count": len(pillars),
            "objective_count": sum(len(p["objectives"]) for p in pillars),
            "project_count": sum(len(p["projects"]) for p in pillars),
            "warning_count": len(plan["warnings"]),
            "warnings": json.dumps(plan["warnings"], ensure_ascii=False),
            **{f"{k}_count": summary.get(k) for k in CHANGE_KINDS},
        }
    )
    keys = _Keys(rev)
    stored_keys: dict[str, list[str]] = {}
    for name, table_rows in plan_to_table_rows(plan).items():
        spec = PLAN_TABLES[name]
        scoped = spec.primary_key == ("id",)
        links = {fk.column: fk.table for fk in spec.foreign_keys}
        records = []
        for row, targets in zip(table_rows.rows, table_rows.targets, strict=True):
            record = {"key": keys.new(row["id"]), "revision_id": rev} if scoped else {}
            for column in spec.columns:
                value = row[column.name]
                if column.per_year:
                    record[column.name] = json.dumps(value, ensure_ascii=False)
                elif column.name in links:
                    record[column.name.removesuffix("_id") + "_key"] = stored_keys[links[column.name]][
                        targets[column.name]
                    ]
                else:
                    record[column.name] = value
            records.append(record)
        if scoped:
            stored_keys[name] = [r["key"] for r in records]
        _insert_rows(db, name, records)
    if diff is not None and previous_id is not None:
        _write_changes(db, rev, previous_id, diff)
    return rev


def rediff_revision(db: Any, rev: str, previous_id: str | None, diff: dict | None, files: dict[str, str]) -> None:
    """Point stored revision ``rev`` at a new previous revision: its counts, changes rows and file record.

    Used when a revision lands before it; the caller holds the transaction.
    """
    summary = (diff or {}).get("summary", {})
    db.conn.execute(
        "UPDATE revisions SET previous_revision_id = ?, files = ?, "
        + ", ".join(f"[{k}_count] = ?" for k in CHANGE_KINDS)
        + " WHERE id = ?",
        [previous_id, json.dumps(files), *(summary.get(k) for k in CHANGE_KINDS), rev],
    )
    db.conn.execute("DELETE FROM changes WHERE revision_id = ?", [rev])
    if diff is not None and previous_id is not None:
        _write_changes(db, rev, previous_id, diff)


def record_files(db: Any, rev: str, files: dict[str, str], options: dict) -> None:
    """Record anew what stored revision ``rev``'s files are and were made with (``planpipe publish``), committed."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.conn.execute(
            "UPDATE revisions SET files = ?, publish_options = ? WHERE id = ?",
            [json.dumps(files), json.dumps(options, ensure_ascii=False), rev],
        )
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


def _write_changes(db: Any, rev: str, previous_id: str, diff: dict) -> None:
    keys: dict[str, dict[str, str]] = {rev: {}, previous_id: {}}
    for revision_id in keys:
        for key, local in db.execute("SELECT key, id FROM projects WHERE revision_id = ? ORDER BY key", [revision_id]):
            keys[revision_id].setdefault(local, key)
    _insert_rows(db, "changes", _change_rows(diff, rev, previous_id, keys[rev], keys[previous_id]))


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
