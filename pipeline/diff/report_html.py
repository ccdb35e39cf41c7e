"""HTML report of a diff: one self-contained page with counts, side-by-side pillars and filters.

The page loads nothing: its CSS and its one small script are inline, and a
Content-Security-Policy allows exactly those two (by hash) and nothing
else, so even a text that escaped escaping could neither run nor fetch.
Every text from the plans goes through ``html.escape``.

Each project row carries a badge with its kind; an added or removed project
is plain text beside it, and <ins>/<del> mark only the words that changed.
Printed, the page is A4, each pillar starts a page, and every row is shown
whatever the on-screen filters hide, so the printed counts match the rows.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from pipeline.changes import KINDS, MARKS, SUMMARY_ORDER
from pipeline.diff.view import (
    OBJECTIVE_CHANGES,
    SUMMARY_NAMES,
    PillarGroup,
    as_text,
    gettext_for,
    label,
    pillar_groups,
    refs_text,
)
from pipeline.i18n import CHANGED_MEANS, DEFAULT_LANG, KIND_NAMES

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:80rem;
 padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #ccc}
.sides{color:#555}
.counts{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem;list-style:none;padding:0}
.counts li{border:1px solid #ccc;border-radius:4px;padding:.3rem .7rem}
.count{font-weight:bold;font-size:1.2rem;margin-right:.3rem}
.counts li.part{border-style:dashed}.means{color:#444;max-width:60rem}
.filters{margin:1rem 0;padding:.5rem;background:#f4f4f4;border-radius:4px}
.filters label{margin-right:1rem;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.4rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}
td.kind{width:7rem}
.badge{display:inline-block;margin:0 .2rem .2rem 0;padding:.05rem .4rem;border-radius:3px;font-size:.8rem;
 font-weight:bold;color:#fff;background:#777}
.badge.added{background:#1a7f37}.badge.removed{background:#b42318}.badge.changed{background:#9a6700}
.badge.renamed,.badge.moved{background:#fff;color:#8250df;border:1px solid #8250df}
.absent{color:#777;font-style:italic}
.title{font-weight:bold}.field{margin-top:.3rem}.field-name{color:#555;font-size:.85rem;margin-right:.3rem}
ins{background:#d1f5d3;text-decoration:none}del{background:#ffd7d5;text-decoration:line-through}
[hidden]{display:none!important}
@page{size:A4;margin:15mm 12mm}
@media print{.filters{display:none}body{max-width:none;margin:0;font-size:10pt}.count{font-size:1em}
 section.pillar{break-before:page}section.pillar[hidden]{display:block!important}
 tr[data-kind][hidden]{display:table-row!important}
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


def _value_html(change: dict, side: str, lang: str) -> str:
    value = change[side]
    if change["field"] == "objective_refs":
        text = escape(refs_text(value, lang))
    elif "words" in change and change["old"] and change["new"]:
        return words_to_html(change["words"], side)
    else:
        text = _lines(as_text(value))
    if not text:
        return ""
    return f"<del>{text}</del>" if side == "old" else f"<ins>{text}</ins>"


def _field_html(name: str, body: str) -> str:
    return f'<div class="field"><span class="field-name">{escape(name)}</span>{body}</div>'


def _whole_project(side: dict, lang: str) -> str:
    """Return a project as readable text: title, objectives, description, status and plans, nothing struck."""
    parts = [f'<div class="title">{escape(side["title"])}</div>']
    parts.append(_field_html(label("objective_refs", lang), escape(refs_text(side.get("objective_refs", []), lang))))
    if side.get("description"):
        parts.append(_field_html(label("description", lang), escape(side["description"])))
    if side.get("status"):
        parts.append(_field_html(label("status.text", lang), escape(side["status"])))
    for year, text in (side.get("plans") or {}).items():
        if text:
            parts.append(_field_html(label(f"plans.{year}", lang), escape(text)))
    return "".join(parts)


def _absent(revision: str, lang: str) -> str:
    _ = gettext_for(lang)
    text = _("Not in revision {revision}").format(revision=revision)
    return f'<span class="absent">{escape(text)}</span>'


def _project_cells(project: dict, revisions: tuple[str, str], lang: str) -> tuple[str, str]:
    old, new = project["old"], project["new"]
    if project["change"] == "added":
        return _absent(revisions[0], lang), _whole_project(new, lang)
    if project["change"] == "removed":
        return _whole_project(old, lang), _absent(revisions[1], lang)
    if project["change"] == "unchanged":
        return _whole_project(old, lang), _whole_project(new, lang)
    title = next((c for c in project["fields"] if c["field"] == "title"), None)
    _ = gettext_for(lang)
    cells = []
    for side in ("old", "new"):
        ref = project[side]
        head = _value_html(title, side, lang) if title else escape(ref["title"])
        parts = [f'<div class="title">{head}</div>']
        if project["moved"]:
            parts.append(_field_html(_("Pillar"), escape(ref["pillar"])))
        for change in project["fields"]:
            if change["field"] != "title":
                parts.append(_field_html(label(change["field"], lang), _value_html(change, side, lang)))
        cells.append("".join(parts))
    return cells[0], cells[1]


def _badges(project: dict, lang: str) -> str:
    """Return the kind badge of a project row, and for a changed one its renamed/moved marks."""
    _ = gettext_for(lang)
    key = project["change"]
    badges = [f'<span class="badge {key}">{escape(_(KIND_NAMES[key]))}</span>']
    for mark in MARKS:
        if project[mark]:
            badges.append(f'<span class="badge {mark}">{escape(_(KIND_NAMES[mark]))}</span>')
    return "".join(badges)


def diff_to_html(diff: dict, lang: str = DEFAULT_LANG) -> str:
    """Return the diff as one self-contained HTML page in ``lang`` (inline CSS and script, no external assets)."""
    _ = gettext_for(lang)
    old, new = diff["old"], diff["new"]
    summary = diff["summary"]
    plan_title = new.get("title") or old.get("title")
    title = _("Changes in {title}").format(title=plan_title) if plan_title else _("Changes in the plan")
    revisions = (str(old["revision"] or _("old")), str(new["revision"] or _("new")))
    old_rev, new_rev = escape(revisions[0]), escape(revisions[1])
    revision_names = [_("Revision {revision}").format(revision=r) for r in revisions]
    rev_heads = "".join(f"<th>{escape(name)}</th>" for name in revision_names)
    csp = (
        f"default-src 'none'; style-src '{_hash(STYLE)}'; script-src '{_hash(SCRIPT)}'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    sides = escape(_("From revision {old} ({old_file}) to revision {new} ({new_file}).")).format(
        old=old_rev,
        old_file=f"<code>{escape(old['file'])}</code>",
        new=new_rev,
        new_file=f"<code>{escape(new['file'])}</code>",
    )
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sides">{sides}</p>',
        '<section id="summary"><h2>' + escape(_("Summary")) + '</h2><ul class="counts">',
    ]
    for key in SUMMARY_ORDER:
        part = ' class="part"' if key in MARKS else ""
        out.append(
            f'<li{part}><span class="count" id="count-{key}">{summary[key]}</span> '
            f'<span class="count-name">{escape(_(SUMMARY_NAMES[key]))}</span></li>'
        )
    out.append("</ul>")
    out.append('<p class="means" id="changed-means">' + escape(_(CHANGED_MEANS)) + "</p>")
    if diff.get("same"):
        out.append('<p id="same">' + escape(_("The two revisions are the same.")) + "</p>")
    out.append("</section>")

    groups = pillar_groups(diff)
    show, show_label = escape(_("Show kinds of change")), escape(_("Show:"))
    out.append(f'<form class="filters" id="filters" aria-label="{show}">{show_label} ')
    for key in KINDS:
        count = sum(len(g.projects[key]) for g in groups)
        checked = "" if key == "unchanged" else " checked"
        out.append(
            f'<label><input type="checkbox" data-filter="{key}" id="filter-{key}"{checked}> '
            f"{escape(_(KIND_NAMES[key]))} ({count})</label>"
        )
    out.append("</form>")

    if diff["document"]:
        out.append('<section id="document"><h2>' + escape(_("Document")) + "</h2><table><thead><tr>")
        out.append("<th>" + escape(_("Field")) + f"</th>{rev_heads}</tr></thead><tbody>")
        for change in diff["document"]:
            out.append(
                f'<tr class="document"><th>{escape(label(change["field"], lang))}</th>'
                f"<td>{_value_html(change, 'old', lang)}</td><td>{_value_html(change, 'new', lang)}</td></tr>"
            )
        out.append("</tbody></table></section>")

    for number, group in enumerate(groups, start=1):
        out.append(f'<section class="pillar" id="pillar-{number}"><h2>{escape(group.title)}</h2>')
        out += _pillar_change(group, lang)
        if group.objectives:
            out.append('<table class="objectives"><thead><tr><th>' + escape(_("Objective")) + f"</th>{rev_heads}</tr>")
            out.append("</thead><tbody>")
            for objective in group.objectives:
                if objective["change"] == "reworded":
                    cells = (words_to_html(objective["words"], "old"), words_to_html(objective["words"], "new"))
                else:
                    cells = (
                        f"<del>{escape(objective['old'])}</del>" if objective["old"] else "",
                        f"<ins>{escape(objective['new'])}</ins>" if objective["new"] else "",
                    )
                which = OBJECTIVE_CHANGES[objective["change"]]
                name = _(which).format(number=objective["number"])
                out.append(
                    f'<tr class="objective {objective["change"]}"><th>{escape(name)}</th>'
                    f"<td>{cells[0]}</td><td>{cells[1]}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append(
            '<table class="projects"><thead><tr><th>' + escape(_("Change")) + f"</th>{rev_heads}</tr></thead><tbody>"
        )
        for key in KINDS:
            for project in group.projects[key]:
                old_cell, new_cell = _project_cells(project, revisions, lang)
                hidden = " hidden" if key == "unchanged" else ""
                marks = "".join(f" data-{m}" for m in MARKS if project[m])
                out.append(
                    f'<tr class="project {key}" data-kind="{key}"{marks}{hidden}>'
                    f'<td class="kind">{_badges(project, lang)}</td>'
                    f'<td class="old">{old_cell}</td><td class="new">{new_cell}</td></tr>'
                )
        out.append("</tbody></table></section>")
    out += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _pillar_change(group: PillarGroup, lang: str) -> list[str]:
    """Return the line saying a pillar was renamed, added or removed (none when it was not)."""
    _ = gettext_for(lang)
    if group.change == "renamed":
        old = f"<del>{escape(group.old_title or '')}</del>"
        return ['<p class="pillar-change">' + escape(_("Pillar renamed from {title}.")).format(title=old) + "</p>"]
    if group.change == "added":
        return ['<p class="pillar-change">' + escape(_("Pillar added.")) + "</p>"]
    if group.change == "removed":
        return ['<p class="pillar-change">' + escape(_("Pillar removed.")) + "</p>"]
    return []
