"""HTML report of a diff: one self-contained page with counts, side-by-side pillars and filters.

The page loads nothing: its CSS and its one small script are inline, and a
Content-Security-Policy allows exactly those two (by hash) and nothing
else, so even a text that escaped escaping could neither run nor fetch.
Every text from the plans goes through ``html.escape``.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from pipeline.diff.view import KINDS, as_text, label, pillar_groups, refs_text

KIND_NAMES = {
    "added": "Added",
    "removed": "Removed",
    "renamed": "Renamed",
    "moved": "Moved",
    "changed": "Changed",
    "unchanged": "Unchanged",
}

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:80rem;
 padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #ccc}
.sides{color:#555}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.counts li{border:1px solid #ccc;border-radius:4px;padding:.3rem .7rem}
.count{font-weight:bold;font-size:1.2rem;margin-right:.3rem}
.filters{margin:1rem 0;padding:.5rem;background:#f4f4f4;border-radius:4px}
.filters label{margin-right:1rem;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.4rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}
td.kind{width:6rem;font-weight:bold;font-size:.85rem;text-transform:uppercase}
tr.added td.kind{color:#1a7f37}tr.removed td.kind{color:#b42318}
tr.moved td.kind,tr.renamed td.kind{color:#8250df}tr.changed td.kind{color:#9a6700}
tr.unchanged td.kind{color:#777}
.title{font-weight:bold}.field{margin-top:.3rem}.field-name{color:#555;font-size:.85rem;margin-right:.3rem}
ins{background:#d1f5d3;text-decoration:none}del{background:#ffd7d5;text-decoration:line-through}
[hidden]{display:none!important}
@media print{.filters{display:none}body{max-width:none;margin:0;font-size:10pt}
 h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}
 ins{text-decoration:underline}del{text-decoration:line-through}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('#filters input[data-filter]');
  function apply() {
    var on = {};
    boxes.forEach(function (box) { on[box.getAttribute('data-filter')] = box.checked; });
    document.querySelectorAll('tr[data-kind]').forEach(function (row) {
      row.hidden = !on[row.getAttribute('data-kind')];
    });
    document.querySelectorAll('section.pillar').forEach(function (section) {
      var shown = section.querySelectorAll('tr[data-kind]:not([hidden]), .objectives');
      section.hidden = shown.length === 0;
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  apply();
})();
"""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def words_to_html(ops: list[dict], side: str) -> str:
    """Return one side of word ops as HTML: ``old`` marks deletions with <del>, ``new`` insertions with <ins>."""
    skip, mark, tag = ("insert", "delete", "del") if side == "old" else ("delete", "insert", "ins")
    parts = []
    for op in ops:
        if op["op"] == skip:
            continue
        text = _lines(op["text"])
        parts.append(f"<{tag}>{text}</{tag}>" if op["op"] == mark else text)
    return "".join(parts)


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _value_html(change: dict, side: str) -> str:
    value = change[side]
    if change["field"] == "objective_refs":
        text = escape(refs_text(value))
    elif "words" in change and change["old"] and change["new"]:
        return words_to_html(change["words"], side)
    else:
        text = _lines(as_text(value))
    if not text:
        return ""
    return f"<del>{text}</del>" if side == "old" else f"<ins>{text}</ins>"


def _field_html(name: str, body: str) -> str:
    return f'<div class="field"><span class="field-name">{escape(name)}</span>{body}</div>'


def _whole_project(side: dict, wrap: str | None = None) -> str:
    def mark(text: str) -> str:
        return f"<{wrap}>{text}</{wrap}>" if wrap and text else text

    parts = [f'<div class="title">{mark(escape(side["title"]))}</div>']
    parts.append(_field_html("Objectives", escape(refs_text(side.get("objective_refs", [])))))
    if side.get("description"):
        parts.append(_field_html("Description", mark(escape(side["description"]))))
    if side.get("status"):
        parts.append(_field_html("Status", mark(escape(side["status"]))))
    for year, text in (side.get("plans") or {}).items():
        if text:
            parts.append(_field_html(f"Plan {year}", mark(escape(text))))
    return "".join(parts)


def _project_cells(project: dict) -> tuple[str, str]:
    old, new = project["old"], project["new"]
    if project["change"] == "added":
        return "", _whole_project(new, "ins")
    if project["change"] == "removed":
        return _whole_project(old, "del"), ""
    if project["change"] == "unchanged":
        return _whole_project(old), _whole_project(new)
    title = next((c for c in project["fields"] if c["field"] == "title"), None)
    cells = []
    for side in ("old", "new"):
        ref = project[side]
        head = _value_html(title, side) if title else escape(ref["title"])
        parts = [f'<div class="title">{head}</div>']
        if project["moved"]:
            parts.append(_field_html("Pillar", escape(ref["pillar"])))
        for change in project["fields"]:
            if change["field"] != "title":
                parts.append(_field_html(label(change["field"]), _value_html(change, side)))
        cells.append("".join(parts))
    return cells[0], cells[1]


def diff_to_html(diff: dict) -> str:
    """Return the diff as one self-contained HTML page (inline CSS and script, no external assets)."""
    old, new = diff["old"], diff["new"]
    summary = diff["summary"]
    title = f"Changes in {new.get('title') or old.get('title') or 'the plan'}"
    old_rev, new_rev = escape(str(old["revision"] or "old")), escape(str(new["revision"] or "new"))
    csp = (
        f"default-src 'none'; style-src '{_hash(STYLE)}'; script-src '{_hash(SCRIPT)}'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sides">From revision {old_rev} (<code>{escape(old["file"])}</code>) '
        f"to revision {new_rev} (<code>{escape(new['file'])}</code>)</p>",
        '<section id="summary"><h2>Summary</h2><ul class="counts">',
    ]
    for key in ("added", "removed", "changed", "renamed", "moved", "unchanged"):
        out.append(f'<li><span class="count" id="count-{key}">{summary[key]}</span>{key}</li>')
    out.append("</ul>")
    if diff.get("same"):
        out.append('<p id="same">The two revisions are the same.</p>')
    out.append("</section>")

    groups = pillar_groups(diff)
    out.append('<form class="filters" id="filters" aria-label="Show kinds of change">Show: ')
    for key in KINDS:
        count = sum(len(g.projects[key]) for g in groups)
        checked = "" if key == "unchanged" else " checked"
        out.append(
            f'<label><input type="checkbox" data-filter="{key}" id="filter-{key}"{checked}> '
            f"{KIND_NAMES[key]} ({count})</label>"
        )
    out.append("</form>")

    if diff["document"]:
        out.append('<section id="document"><h2>Document</h2><table><thead><tr><th>Field</th>')
        out.append(f"<th>Revision {old_rev}</th><th>Revision {new_rev}</th></tr></thead><tbody>")
        for change in diff["document"]:
            out.append(
                f'<tr class="document"><th>{escape(label(change["field"]))}</th>'
                f"<td>{_value_html(change, 'old')}</td><td>{_value_html(change, 'new')}</td></tr>"
            )
        out.append("</tbody></table></section>")

    for number, group in enumerate(groups, start=1):
        out.append(f'<section class="pillar" id="pillar-{number}"><h2>{escape(group.title)}</h2>')
        if group.change == "renamed":
            out.append(f'<p class="pillar-change">Pillar renamed from <del>{escape(group.old_title or "")}</del></p>')
        elif group.change in ("added", "removed"):
            out.append(f'<p class="pillar-change">Pillar {group.change}.</p>')
        if group.objectives:
            out.append('<table class="objectives"><thead><tr><th>Objective</th>')
            out.append(f"<th>Revision {old_rev}</th><th>Revision {new_rev}</th></tr></thead><tbody>")
            for objective in group.objectives:
                if objective["change"] == "reworded":
                    cells = (words_to_html(objective["words"], "old"), words_to_html(objective["words"], "new"))
                else:
                    cells = (
                        f"<del>{escape(objective['old'])}</del>" if objective["old"] else "",
                        f"<ins>{escape(objective['new'])}</ins>" if objective["new"] else "",
                    )
                out.append(
                    f'<tr class="objective {objective["change"]}"><th>{objective["number"]} '
                    f"({escape(objective['change'])})</th><td>{cells[0]}</td><td>{cells[1]}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append('<table class="projects"><thead><tr><th>Change</th>')
        out.append(f"<th>Revision {old_rev}</th><th>Revision {new_rev}</th></tr></thead><tbody>")
        for key in KINDS:
            for project in group.projects[key]:
                old_cell, new_cell = _project_cells(project)
                hidden = " hidden" if key == "unchanged" else ""
                out.append(
                    f'<tr class="project {key}" data-kind="{key}"{hidden}><td class="kind">{KIND_NAMES[key]}</td>'
                    f'<td class="old">{old_cell}</td><td class="new">{new_cell}</td></tr>'
                )
        out.append("</tbody></table></section>")
    out += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
