"""What the reports share: a diff dict grouped by pillar, kinds of change, values as text."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds of project change a report shows, in the order it shows them.
KINDS = ("added", "removed", "renamed", "moved", "changed", "unchanged")

FIELD_LABELS = {
    "title": "Title",
    "description": "Description",
    "objective_refs": "Objectives",
    "status.text": "Status",
    "period": "Period",
    "status_period": "Status period",
    "years": "Plan years",
    "intro": "Introduction",
    "headings": "Headings",
    "notes": "Notes",
}


def kind(project: dict) -> str:
    """Return the one kind a report files a project change under: moved beats renamed beats changed."""
    if project["change"] in ("added", "removed", "unchanged"):
        return project["change"]
    if project["moved"]:
        return "moved"
    if project["renamed"]:
        return "renamed"
    return "changed"


def label(field_name: str) -> str:
    """Return the reader's name of a field: ``plans.2025`` is "Plan 2025"."""
    if field_name.startswith("plans."):
        return f"Plan {field_name.split('.', 1)[1]}"
    return FIELD_LABELS.get(field_name, field_name)


def as_text(value: object) -> str:
    """Return a field value as plain text: lists joined, refs in brackets, None empty."""
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}-{value['end']}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def refs_text(refs: list[int]) -> str:
    """Return objective references as the plans write them: ``(1) (3)``."""
    return " ".join(f"({n})" for n in refs) if refs else "none"


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
