"""Markdown report of a diff: a summary, then per pillar what was added, removed, renamed, moved and changed.

Word-level changes in texts are shown inline, deleted words as ``~~struck~~``
and inserted words in ``**bold**``, so the report reads as a marked-up
paragraph in a council paper.
"""

from __future__ import annotations

import re

from pipeline.diff.view import KINDS, as_text, label, pillar_groups, refs_text

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")

#: Texts longer than this (old and new together) show word-level changes.
LONG = 60

HEADINGS = {
    "added": "Added",
    "removed": "Removed",
    "renamed": "Renamed",
    "moved": "Moved here",
    "changed": "Changed",
}


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


def change_to_md(change: dict) -> str:
    """Return one field change as Markdown: word-level for long texts, ``old → new`` otherwise.

    A text of several lines (the intro) shows only its changed lines, each as
    a sub-item, so the report does not repeat what stayed the same.
    """
    name = label(change["field"])
    old, new = change["old"], change["new"]
    if change["field"] == "objective_refs":
        return f"{name}: {refs_text(old)} → {refs_text(new)}"
    if "words" in change and old and new and ("\n" in old or "\n" in new):
        lines = [words_to_md(ops) for ops in _split_lines(change["words"]) if any(o["op"] != "equal" for o in ops)]
        return f"{name}:" + "".join(f"\n  - {line}" for line in lines)
    if "words" in change and old and new and len(old) + len(new) > LONG:
        return f"{name}: {words_to_md(change['words'])}"
    return f"{name}: {md_escape(as_text(old)) or '(empty)'} → {md_escape(as_text(new)) or '(empty)'}"


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


def diff_to_markdown(diff: dict) -> str:
    """Return the diff as a Markdown report, ready to paste into a council paper."""
    old, new = diff["old"], diff["new"]
    summary = diff["summary"]
    lines = [
        f"# Changes in {md_escape(new.get('title') or old.get('title') or 'the plan')}",
        "",
        f"From revision {old['revision'] or '?'} (`{old['file']}`) "
        f"to revision {new['revision'] or '?'} (`{new['file']}`).",
        "",
        "## Summary",
        "",
        "| Projects | Count |",
        "| --- | ---: |",
    ]
    for key in ("added", "removed", "changed", "renamed", "moved", "unchanged"):
        lines.append(f"| {key.capitalize()} | {summary[key]} |")
    lines.append("")
    changed_pillars = [p for p in diff["pillars"] if p["change"] != "unchanged"]
    lines.append(
        f"Pillars changed: {len(changed_pillars)}. Objectives changed: {len(diff['objectives'])}. "
        f"Document fields changed: {len(diff['document'])}."
    )
    if diff.get("same"):
        lines += ["", "The two revisions are the same."]
    if diff["document"]:
        lines += ["", "## Document", ""]
        lines += [f"- {change_to_md(c)}" for c in diff["document"]]
    for group in pillar_groups(diff):
        if not group.has_changes:
            continue
        lines += ["", f"## {md_escape(group.title)}"]
        if group.change == "renamed":
            lines += ["", f"Pillar renamed from *{md_escape(group.old_title or '')}*."]
        elif group.change in ("added", "removed"):
            lines += ["", f"Pillar {group.change}."]
        if group.objectives:
            lines += ["", "### Objectives", ""]
            for objective in group.objectives:
                if objective["change"] == "reworded":
                    text = words_to_md(objective["words"])
                else:
                    text = md_escape(objective["new"] or objective["old"] or "")
                lines.append(f"- Objective {objective['number']} {objective['change']}: {text}")
        for kind in KINDS[:-1]:
            projects = group.projects[kind]
            if projects:
                lines += ["", f"### {HEADINGS[kind]}", ""]
                for project in projects:
                    lines += _project_lines(kind, project)
        unchanged = group.projects["unchanged"]
        if unchanged:
            names = ", ".join(md_escape(p["new"]["title"]) for p in unchanged)
            lines += ["", f"Unchanged: {names}."]
    return "\n".join(lines) + "\n"


def _project_lines(kind: str, project: dict) -> list[str]:
    old, new = project["old"], project["new"]
    if kind in ("added", "removed"):
        side = new or old
        lines = [f"- **{md_escape(side['title'])}** ({refs_text(side['objective_refs'])})"]
        if side.get("description"):
            lines.append(f"  - Description: {md_escape(side['description'])}")
        if side.get("status"):
            lines.append(f"  - Status: {md_escape(side['status'])}")
        for year, text in (side.get("plans") or {}).items():
            if text:
                lines.append(f"  - Plan {year}: {md_escape(text)}")
        return lines
    head = f"- **{md_escape(new['title'])}**"
    if kind == "moved":
        head += f" (moved from *{md_escape(old['pillar'])}*)"
    if project["renamed"]:
        head += f", formerly *{md_escape(old['title'])}*"
    lines = [head]
    lines += [f"  - {change_to_md(c)}" for c in project["fields"] if c["field"] != "title"]
    return lines
