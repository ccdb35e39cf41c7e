"""The output index: every plan, its revisions and links to their files and diff reports.

``index.json`` for programs, ``index.html`` for people: one self-contained
page (inline CSS, no script, no network), every text escaped, its labels in
the report language (Danish by default), printable on A4.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from pipeline.changes import CHANGE_KINDS
from pipeline.emit import json_text
from pipeline.i18n import CHANGED_MEANS, DEFAULT_LANG, changes_text, translations

#: Files listed first, in this order; anything else in a revision folder follows by name.
_ORDER = ("plan.json", "datapackage.json", "ckan_package.json", "dcat.jsonld", "diff.html", "diff.md", "diff.json")

_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}a{margin-right:.6rem}.n{text-align:right}
.means{color:#444}@page{size:A4;margin:15mm 12mm}
@media print{body{margin:0;max-width:none;font-size:10pt}tr{break-inside:avoid}h2{break-after:avoid}}"""


def catalogue_to_index(catalogue: list[dict], root: Path | None = None) -> dict:
    """Given the store's catalogue, return the index as a JSON-ready dict (file links relative to the index)."""
    plans = []
    for plan in catalogue:
        revisions = []
        for rev in plan["revisions"]:
            folder = rev["folder"]
            files = _files(root / folder) if root is not None else []
            revisions.append(
                {
                    "id": rev["id"],
                    "label": rev["label"],
                    "status_period": rev["status_period"],
                    "ingested_at": rev["ingested_at"],
                    "source_file": rev["source_file"],
                    "source_sha256": rev["source_sha256"],
                    "folder": folder,
                    "counts": {k: rev[f"{k}_count"] for k in ("pillar", "objective", "project", "warning")},
                    "previous_revision_id": rev["previous_revision_id"],
                    "changes": None
                    if rev["previous_revision_id"] is None
                    else {k: rev[f"{k}_count"] for k in CHANGE_KINDS},
                    "files": [f"{folder}/{name}" for name in files],
                    "diff": {fmt: f"{folder}/diff.{fmt}" for fmt in ("html", "md", "json") if f"diff.{fmt}" in files},
                }
            )
        plans.append(
            {
                "id": plan["id"],
                "title": plan["title"],
                "organisation": plan["organisation"],
                "period": {"start": plan["period_start"], "end": plan["period_end"]},
                "revisions": revisions,
            }
        )
    return {"plans": plans}


def catalogue_to_json(catalogue: list[dict], root: Path | None = None) -> str:
    """Return index.json text."""
    return json_text(catalogue_to_index(catalogue, root))


def catalogue_to_html(catalogue: list[dict], root: Path | None = None, lang: str = DEFAULT_LANG) -> str:
    """Return index.html in ``lang``: one table per plan, a row per revision with its change counts and file links."""
    index = catalogue_to_index(catalogue, root)
    e = html.escape
    t = translations(lang)
    _, ngettext = t.gettext, t.ngettext
    revisions = sum(len(p["revisions"]) for p in index["plans"])
    counts = ", ".join(
        [
            ngettext("{n} plan", "{n} plans", len(index["plans"])).format(n=len(index["plans"])),
            ngettext("{n} revision", "{n} revisions", revisions).format(n=revisions),
        ]
    )
    heading = _("Action plans")
    parts = [
        f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>planpipe: {e(heading)}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n",
        f'<h1>{e(heading)}</h1>\n<p id="counts">{e(counts)}. '
        '<a href="plans.sqlite">plans.sqlite</a> <a href="index.json">index.json</a></p>\n',
        '<p class="means">' + e(_(CHANGED_MEANS)) + "</p>\n",
    ]
    heads = (_("Revision"), _("Status"), _("Ingested"), _("Projects"), _("Changes since the previous"), _("Files"))
    for plan in index["plans"]:
        period = plan["period"]
        parts.append(
            f'<h2 id="{e(plan["id"])}">{e(plan["title"])}</h2>\n<p>{e(plan["organisation"] or "")}'
            f" {e(str(period['start'] or ''))}–{e(str(period['end'] or ''))}</p>\n"
        )
        parts.append("<table>\n<tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>\n")
        for rev in plan["revisions"]:
            changes = rev["changes"]
            change_text = _("first revision") if changes is None else changes_text(changes, lang)
            diff = rev["diff"].get("html")
            change_cell = e(change_text) if not diff else f'<a href="{_href(diff)}">{e(change_text)}</a>'
            links = " ".join(f'<a href="{_href(f)}">{e(f.rsplit("/", 1)[-1])}</a>' for f in rev["files"])
            parts.append(
                f'<tr class="revision"><td>{e(rev["label"])}</td><td>{e(rev["status_period"] or "")}</td>'
                f'<td>{e(rev["ingested_at"])}</td><td class="n">{e(str(rev["counts"]["project"]))}</td>'
                f'<td class="changes">{change_cell}</td><td>{links}</td></tr>\n'
            )
        parts.append("</table>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    first = [n for n in _ORDER if n in names]
    return first + [n for n in names if n not in first]


def _href(path: str) -> str:
    return html.escape(quote(path, safe="/"), quote=True)
