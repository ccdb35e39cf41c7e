"""Strict fact scoring of an extracted plan against a generated plan's truth.

Every fact is compared exactly (after nothing: no case folding, no
whitespace squeezing). Pillars, objectives and projects are paired by their
order; a missing one fails all its facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_MISSING = object()


@dataclass
class Score:
    """Facts compared per kind, and the mismatches."""

    total: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    mismatches: list[tuple[str, str, object, object]] = field(default_factory=list)

    def check(self, kind: str, where: str, expected: object, got: object) -> None:
        """Count one fact of ``kind``; keep it as a mismatch when ``got`` is not ``expected``."""
        self.total[kind] = self.total.get(kind, 0) + 1
        if got is not _MISSING and got == expected and type(got) is type(expected):
            self.matched[kind] = self.matched.get(kind, 0) + 1
        else:
            self.mismatches.append((kind, where, expected, None if got is _MISSING else got))

    def add(self, other: Score) -> None:
        """Add ``other``'s counts and mismatches into this score."""
        for kind, n in other.total.items():
            self.total[kind] = self.total.get(kind, 0) + n
        for kind, n in other.matched.items():
            self.matched[kind] = self.matched.get(kind, 0) + n
        self.mismatches.extend(other.mismatches)

    @property
    def facts(self) -> int:
        """Return how many facts were compared."""
        return sum(self.total.values())

    @property
    def hits(self) -> int:
        """Return how many facts matched."""
        return sum(self.matched.values())


def score_plan(plan: dict, truth: dict) -> Score:
    """Return the Score of ``plan`` (a plan dict) against ``truth`` (from ``generate``)."""
    score = Score()
    score.check("title", "/title", truth["title"], plan.get("title"))
    score.check("organisation", "/organisation", truth["organisation"], plan.get("organisation"))
    score.check("period", "/period", truth["period"], plan.get("period"))
    score.check("numbering", "/objective_numbering", truth["objective_numbering"], plan.get("objective_numbering"))
    pillars = plan.get("pillars", [])
    for i, want in enumerate(truth["pillars"]):
        got = pillars[i] if i < len(pillars) else {}
        where = f"/pillars/{i}"
        score.check("pillar.number", where + "/number", want["number"], got.get("number", _MISSING))
        score.check("pillar.title", where + "/title", want["title"], got.get("title", _MISSING))
        objectives = got.get("objectives", [])
        for j, objective in enumerate(want["objectives"]):
            have = objectives[j] if j < len(objectives) else {}
            at = f"{where}/objectives/{j}"
            for key in ("number", "keyword", "text"):
                score.check(f"objective.{key}", f"{at}/{key}", objective[key], have.get(key, _MISSING))
        projects = got.get("projects", [])
        for j, project in enumerate(want["projects"]):
            have = projects[j] if j < len(projects) else {}
            at = f"{where}/projects/{j}"
            score.check("project.title", at + "/title", project["title"], have.get("title", _MISSING))
            score.check(
                "project.description", at + "/description", project["description"], have.get("description", _MISSING)
            )
            score.check(
                "project.refs", at + "/objective_refs", project["objective_refs"], have.get("objective_refs", _MISSING)
            )
            status = have.get("status", {})
            score.check(
                "status.period", at + "/status/period", project["status"]["period"], status.get("period", _MISSING)
            )
            score.check("status.text", at + "/status/text", project["status"]["text"], status.get("text", _MISSING))
            plans = have.get("plans", {})
            for year, text in project["plans"].items():
                score.check("plans", f"{at}/plans/{year}", text, plans.get(year, _MISSING))
            if set(plans) != set(project["plans"]):
                score.check("plans", f"{at}/plans", sorted(project["plans"]), sorted(plans))
            other = have.get("other", {})
            for name, text in project["other"].items():
                score.check("other", f"{at}/other/{name}", text, other.get(name, _MISSING))
            if set(other) != set(project["other"]):
                score.check("other", f"{at}/other", sorted(project["other"]), sorted(other))
        if len(projects) != len(want["projects"]):
            score.check("project.count", where + "/projects", len(want["projects"]), len(projects))
        if len(objectives) != len(want["objectives"]):
            score.check("objective.count", where + "/objectives", len(want["objectives"]), len(objectives))
    if len(pillars) != len(truth["pillars"]):
        score.check("pillar.count", "/pillars", len(truth["pillars"]), len(pillars))
    warnings = plan.get("warnings", [])
    for cross in truth["cross_refs"]:
        pointer = f"/pillars/{cross['pillar']}/projects/{cross['project']}/objective_refs"
        found = any(
            w["code"] == "objective-ref-other-pillar"
            and w["pointer"] == pointer
            and f"({cross['ref']})" in w["message"]
            and f"pillar {cross['other_pillar']}" in w["message"]
            for w in warnings
        )
        score.check("warning.cross-ref", pointer, True, found)
    unknown = [w["pointer"] for w in warnings if w["code"] == "unknown-objective-ref"]
    score.check("warning.no-unknown-ref", "/warnings", [], unknown)
    return score
