"""CSV report of a diff: one row per changed field, for spreadsheets.

An added or removed project is one row (field ``project``), a moved one has
a ``pillar`` row besides its changed fields; document, pillar and objective
changes have rows of their own, told apart by the ``section`` column.
A project's ``change`` means what diff.json's does: a renamed or moved
project is ``changed``, with ``yes`` in the ``renamed`` or ``moved`` column.
"""

from __future__ import annotations

import csv
import io

from pipeline.diff.view import as_text, kind
from pipeline.text import spreadsheet_cell

COLUMNS = ("section", "change", "pillar", "id", "title", "field", "old", "new", "renamed", "moved", "similarity")


def diff_to_rows(diff: dict) -> list[dict]:
    """Return the diff as flat rows (dicts keyed by ``COLUMNS``), one per changed field."""
    rows: list[dict] = []

    def row(section: str, change: str, field: str, old: object, new: object, **more: object) -> None:
        record = dict.fromkeys(COLUMNS, "")
        record.update(section=section, change=change, field=field, old=as_text(old), new=as_text(new), **more)
        rows.append(record)

    for change in diff["document"]:
        row("document", "changed", change["field"], change["old"], change["new"])
    for pillar in diff["pillars"]:
        if pillar["change"] != "unchanged":
            side = pillar["new"] or pillar["old"]
            row(
                "pillar",
                pillar["change"],
                "title",
                pillar["old"] and pillar["old"]["title"],
                pillar["new"] and pillar["new"]["title"],
                pillar=side["title"],
                id=side["id"],
            )
    for objective in diff["objectives"]:
        row(
            "objective",
            objective["change"],
            f"objective {objective['number']}",
            objective["old"],
            objective["new"],
            pillar=objective["pillar"],
        )
    for project in diff["projects"]:
        if project["change"] == "unchanged":
            continue
        old, new = project["old"], project["new"]
        side = new or old
        common = {
            "pillar": side["pillar"],
            "id": side["id"],
            "title": side["title"],
            "renamed": "yes" if project["renamed"] else "no",
            "moved": "yes" if project["moved"] else "no",
            "similarity": "" if project["similarity"] is None else f"{project['similarity']:.3f}",
        }
        if project["change"] in ("added", "removed"):
            row("project", project["change"], "project", old and old["title"], new and new["title"], **common)
            continue
        if project["moved"]:
            row("project", kind(project), "pillar", old["pillar"], new["pillar"], **common)
        for change in project["fields"]:
            row("project", kind(project), change["field"], change["old"], change["new"], **common)
    return rows


def diff_to_csv(diff: dict) -> str:
    """Return the diff as CSV text with a header row: one row per changed field.

    It is made for spreadsheets: a cell that could run as a formula
    (``=HYPERLINK(...)``) gets a leading apostrophe.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_cell(str(v)) for k, v in row.items()} for row in diff_to_rows(diff))
    return out.getvalue()
