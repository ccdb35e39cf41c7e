"""The history as people and portals see it: the published database, the index, and the history table.

``publish_history`` writes what an output folder offers from the live
database: ``plans.sqlite`` (a complete snapshot), ``index.html``,
``index.json`` and ``datasette-metadata.json``; ``history_text`` is what
``planpipe history`` prints.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.atomic import replace_file
from pipeline.changes import SUMMARY_ORDER
from pipeline.emit import json_text
from pipeline.errors import UnknownPlanError
from pipeline.i18n import DEFAULT_LANG, N_, translations
from pipeline.revision import Options


def publish_history(db: Any, out_dir: Path, options: Options, force: bool = True) -> None:
    """Write index.html, index.json, datasette-metadata.json, the DCAT catalogue and plans.sqlite from the live db.

    Each file is replaced whole, the published database last. Without
    ``force`` nothing is written when all are there and the published
    database lists what the live one does (an ingest killed before
    publishing leaves it behind).
    """
    from pipeline.index import catalogue_to_html, catalogue_to_json
    from pipeline.opendata import find_licence
    from pipeline.portal import write_catalogue

    names = (store.DB_NAME, "index.json", "index.html", "datasette-metadata.json", "catalog.ttl", "catalog.jsonld")
    if (
        not force
        and all((out_dir / name).exists() for name in names)
        and store.published_fingerprint(out_dir / store.DB_NAME) == store.fingerprint(db)
    ):
        return
    catalogue = store.catalogue(db)
    licence = find_licence(options.publish.licence)
    title = translations(options.lang).gettext("planpipe: municipal action plans (handleplaner)")
    metadata = store.datasette_metadata({"title": licence.title, "url": licence.url}, title)
    for name, text in [
        ("index.json", catalogue_to_json(catalogue, out_dir)),
        ("index.html", catalogue_to_html(catalogue, out_dir, options.lang)),
        ("datasette-metadata.json", json_text(metadata)),
    ]:
        replace_file(out_dir / name, text.encode("utf-8"))
    write_catalogue(db, out_dir, options.publish)
    store.publish(db, out_dir / store.DB_NAME)


#: The history table's columns for people (``planpipe history``; --json/--csv keep the database's names).
HISTORY_COLUMNS = (
    N_("revision"),
    N_("status"),
    N_("ingested"),
    N_("projects"),
    N_("previous"),
    N_("added"),
    N_("removed"),
    N_("changed"),
    N_("renamed"),
    N_("moved"),
    N_("unchanged"),
)


def history_text(out_dir: Path, plan_id: str, lang: str = DEFAULT_LANG) -> str:
    """Return the plan's revisions as an aligned table, in ``lang``, with their change counts since the one before."""
    db_path = store.history_path(out_dir)
    if not db_path.is_file():
        raise UnknownPlanError(str(out_dir / store.DB_NAME), "no history database here: run planpipe ingest first")
    db = store.connect(db_path)
    try:
        rows = store.history(db, plan_id)
        known = [r["id"] for r in db["plans"].rows_where(order_by="id")]
    except sqlite3.Error as exc:
        raise store.damaged_database(db_path, exc) from None
    finally:
        db.close()
    if not rows:
        hint = f"; known: {', '.join(known[:5])}" if known else ""
        raise UnknownPlanError(str(out_dir / store.DB_NAME), f"no plan {plan_id!r}{hint}")
    _ = translations(lang).gettext
    header = [_(name) for name in HISTORY_COLUMNS]
    table = [header]
    for r in rows:
        counts = [str(r[f"{k}_count"]) if r["previous_revision_id"] else "-" for k in SUMMARY_ORDER]
        previous = r["previous_revision_id"].rsplit("/", 1)[-1] if r["previous_revision_id"] else "-"
        table.append(
            [r["label"], r["status_period"] or "-", r["ingested_at"], str(r["project_count"]), previous, *counts]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [_("{plan}: {n} revision(s)").format(plan=plan_id, n=len(rows))]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table]
    return "\n".join(lines) + "\n"
