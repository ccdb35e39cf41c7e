"""What the reports share: a diff dict grouped by pillar, kinds of change, labels and values as text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.changes import KINDS
from pipeline.i18n import DEFAULT_LANG, KIND_NAMES, N_, translations

#: The summary's rows for renamed and moved: parts of "changed", and named so.
SUMMARY_NAMES = {**KIND_NAMES, "renamed": N_("of which renamed"), "moved": N_("of which moved")}

#: What an objective change is called, by its ``change``.
OBJECTIVE_CHANGES = {
    "added": N_("Objective {number} added"),
    "removed": N_("Objective {number} removed"),
    "reworded": N_("Objective {number} reworded"),
}

FIELD_LABELS = {
    "title": N_("Title"),
    "description": N_("Description"),
    "objective_refs": N_("Objectives"),
    "status.text": N_("Status"),
    "period": N_("Period"),
    "status_period": N_("Status period"),
    "years": N_("Plan years"),
    "intro": N_("Introduction"),
    "headings": N_("Headings"),
    "notes": N_("Notes"),
}


def gettext_for(lang: str = DEFAULT_LANG) -> Callable[[str], str]:
    """Return the ``gettext`` function of ``lang``'s catalogue."""
    return translations(lang).gettext


def kind(project: dict) -> str:
    """Return the kind a report files a project change under: its ``change`` (renamed and moved are changed)."""
    return project["change"]


def label(field_name: str, lang: str = DEFAULT_LANG) -> str:
    """Return the reader's name of a field in ``lang``: ``plans.2025`` is "Plan 2025"."""
    _ = gettext_for(lang)
    if field_name.startswith("plans."):
        return _("Plan {year}").format(year=field_name.split(".", 1)[1])
    return _(FIELD_LABELS[field_name]) if field_name in FIELD_LABELS else field_name


def as_text(value: object) -> str:
    """Return a field value as plain text: lists joined, refs in brackets, None empty."""
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}-{value['end']}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def refs_text(refs: list[int], lang: str = DEFAULT_LANG) -> str:
    """Return objective references as the plans write them: ``(1) (3)``."""
    _ = gettext_for(lang)
    return " ".join(f"({n})" for n in refs) if refs else _("none")


@dataclass
class PillarGroup:
    """The changes of one pillar: its titles, objective changes and project changes by kind."""

    title: str
    old_title: str | None
    change: str
    objectives: list[dict] = field(default_factory=list)
    projects: dict[str, list[dict]] = field(default_factory=lambda: {k: [] for k in KINDS})

    @property
    def has_changes(self) -> bool:
        """Return True when anything in this pillar changed."""
        return (
            self.change != "unchanged"
            or bool(self.objectives)
            or any(self.projects[k] for k in KINDS if k != "unchanged")
        )


def pillar_groups(diff: dict) -> list[PillarGroup]:
    """Return the diff's changes per pillar, new pillars in order, then removed pillars.

    A project is filed under its pillar in the new revision, a removed one
    under its old pillar.
    """
    groups: dict[str, PillarGroup] = {}
    for pillar in diff["pillars"]:
        side = pillar["new"] or pillar["old"]
        old_title = pillar["old"]["title"] if pillar["old"] else None
        groups[side["title"]] = PillarGroup(side["title"], old_title, pillar["change"])
    old_to_new = {p["old"]["title"]: (p["new"] or p["old"])["title"] for p in diff["pillars"] if p["old"]}
    for objective in diff["objectives"]:
        _group(groups, objective["pillar"]).objectives.append(objective)
    for project in diff["projects"]:
        title = (
            project["new"]["pillar"]
            if project["new"]
            else old_to_new.get(project["old"]["pillar"], project["old"]["pillar"])
        )
        _group(groups, title).projects[kind(project)].append(project)
    return list(groups.values())


def _group(groups: dict[str, PillarGroup], title: str) -> PillarGroup:
    if title not in groups:
        groups[title] = PillarGroup(title, title, "unchanged")
    return groups[title]
