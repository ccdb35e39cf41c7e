"""Markdown report of a diff: a summary, then per pillar what was added, removed and changed.

Word-level changes in texts are shown inline, deleted words as ``~~struck~~``
and inserted words in ``**bold**``, so the report reads as a marked-up
paragraph in a council paper. An added or removed project is plain text
under its heading ("Tilføjet"/"Fjernet"); renamed and moved projects are
changed projects with a mark. Labels come from the message catalogue
(``lang``: Danish by default, or English).
"""

from __future__ import annotations

import re

from pipeline.changes import KINDS, SUMMARY_ORDER
from pipeline.diff.view import (
    OBJECTIVE_CHANGES,
    SUMMARY_NAMES,
    as_text,
    gettext_for,
    label,
    pillar_groups,
    refs_text,
)
from pipeline.i18n import CHANGED_MEANS, DEFAULT_LANG, KIND_NAMES

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")

#: Texts longer than this (old and new together) show word-level changes.
LONG = 60


def md_escape(text: str) -> str:
    """Return ``text`` with Markdown's special characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def words_to_md(ops: list[dict]) -> str:
    """Return word ops as Markdown: deletions struck through, insertions bold, spaces kept outside the marks."""
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(md_escape(op["text"]))
            continue
        mark = "~~" if op["op"] == "delete" else "**"
        text = op["text"]
        core = text.strip()
        if not core:
            parts.append(text if op["op"] == "insert" else "")
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        parts.append(f"{lead}{mark}{md_escape(core)}{mark}{trail}")
    return "".join(parts)


def change_to_md(change: dict, lang: str = DEFAULT_LANG) -> str:
    """Return one field change as Markdown: word-level for long texts, ``old → new`` otherwise.

    A text of several lines (the intro) shows only its changed lines, each as
    a sub-item, so the report does not repeat what stayed the same.
    """
    _ = gettext_for(lang)
    name = label(change["field"], lang)
    old, new = change["old"], change["new"]
    if change["field"] == "objective_refs":
        return f"{name}: {refs_text(old, lang)} → {refs_text(new, lang)}"
    if "words" in change and old and new and ("\n" in old or "\n" in new):
        lines = [words_to_md(ops) for ops in _split_lines(change["words"]) if any(o["op"] != "equal" for o in ops)]
        return f"{name}:" + "".join(f"\n  - {line}" for line in lines)
    if "words" in change and old and new and len(old) + len(new) > LONG:
        return f"{name}: {words_to_md(change['words'])}"
    empty = _("(empty)")
    return f"{name}: {md_escape(as_text(old)) or empty} → {md_escape(as_text(new)) or empty}"


def _split_lines(ops: list[dict]) -> list[list[dict]]:
    """Return word ops cut at the line breaks of equal text: one list of ops per (changed or not) line."""
    lines: list[list[dict]] = [[]]
    for op in ops:
        pieces = op["text"].split("\n") if op["op"] == "equal" else [op["text"].replace("\n", " / ")]
        for n, piece in enumerate(pieces):
            if n:
                lines.append([])
            if piece:
                lines[-1].append({"op": op["op"], "text": piece})
    return lines


def diff_to_markdown(diff: dict, lang: str = DEFAULT_LANG) -> str:
    """Return the diff as a Markdown report in ``lang``, ready to paste into a council paper."""
    _ = gettext_for(lang)
    old, new = diff["old"], diff["new"]
    summary = diff["summary"]
    title = new.get("title") or old.get("title")
    lines = [
        "# " + (_("Changes in {title}").format(title=md_escape(title)) if title else _("Changes in the plan")),
        "",
        _("From revision {old} ({old_file}) to revision {new} ({new_file}).").format(
            old=old["revision"] or "?",
            old_file=f"`{old['file']}`",
            new=new["revision"] or "?",
            new_file=f"`{new['file']}`",
        ),
        "",
        "## " + _("Summary"),
        "",
        "| " + _("Projects") + " | " + _("Count") + " |",
        "| --- | ---: |",
    ]
    for key in SUMMARY_ORDER:
        lines.append(f"| {_(SUMMARY_NAMES[key])} | {summary[key]} |")
    lines += ["", _(CHANGED_MEANS), ""]
    changed_pillars = [p for p in diff["pillars"] if p["change"] != "unchanged"]
    lines.append(
        _("Pillars changed: {pillars}. Objectives changed: {objectives}. Document fields changed: {fields}.").format(
            pillars=len(changed_pillars), objectives=len(diff["objectives"]), fields=len(diff["document"])
        )
    )
    if diff.get("same"):
        lines += ["", _("The two revisions are the same.")]
    if diff["document"]:
        lines += ["", "## " + _("Document"), ""]
        lines += [f"- {change_to_md(c, lang)}" for c in diff["document"]]
    for group in pillar_groups(diff):
        if not group.has_changes:
            continue
        lines += ["", f"## {md_escape(group.title)}"]
        if group.change == "renamed":
            lines += ["", _("Pillar renamed from {title}.").format(title=f"*{md_escape(group.old_title or '')}*")]
        elif group.change == "added":
            lines += ["", _("Pillar added.")]
        elif group.change == "removed":
            lines += ["", _("Pillar removed.")]
        if group.objectives:
            lines += ["", "### " + _("Objectives"), ""]
            for objective in group.objectives:
                if objective["change"] == "reworded":
                    text = words_to_md(objective["words"])
                else:
                    text = md_escape(objective["new"] or objective["old"] or "")
                which = OBJECTIVE_CHANGES[objective["change"]]
                name = _(which).format(number=objective["number"])
                lines.append(f"- {name}: {text}")
        for kind in KINDS[:-1]:
            projects = group.projects[kind]
            if projects:
                lines += ["", f"### {_(KIND_NAMES[kind])} ({len(projects)})", ""]
                for project in projects:
                    lines += _project_lines(kind, project, lang)
        unchanged = group.projects["unchanged"]
        if unchanged:
            names = ", ".join(md_escape(p["new"]["title"]) for p in unchanged)
            lines += ["", f"{_(KIND_NAMES['unchanged'])} ({len(unchanged)}): {names}."]
    return "\n".join(lines) + "\n"


def _project_lines(kind: str, project: dict, lang: str) -> list[str]:
    _ = gettext_for(lang)
    old, new = project["old"], project["new"]
    if kind in ("added", "removed"):
        side = new or old
        lines = [f"- **{md_escape(side['title'])}**"]
        lines.append(f"  - {label('objective_refs', lang)}: {refs_text(side['objective_refs'], lang)}")
        if side.get("description"):
            lines.append(f"  - {label('description', lang)}: {md_escape(side['description'])}")
        if side.get("status"):
            lines.append(f"  - {label('status.text', lang)}: {md_escape(side['status'])}")
        for year, text in (side.get("plans") or {}).items():
            if text:
                lines.append(f"  - {label('plans.' + year, lang)}: {md_escape(text)}")
        return lines
    marks = []
    if project["renamed"]:
        marks.append(_("renamed, formerly {title}").format(title=f"*{md_escape(old['title'])}*"))
    if project["moved"]:
        marks.append(_("moved from {pillar}").format(pillar=f"*{md_escape(old['pillar'])}*"))
    head = f"- **{md_escape(new['title'])}**" + (f" ({'; '.join(marks)})" if marks else "")
    lines = [head]
    lines += [f"  - {change_to_md(c, lang)}" for c in project["fields"] if c["field"] != "title"]
    return lines
