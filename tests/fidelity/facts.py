"""The strict fact scorer: a plan as a flat dict of facts keyed by position, compared by exact string equality.

A fact is one value a reader must get right: the plan's title, each
pillar's number and title, each objective's number, keyword and text, each
project's title, description, objective references, status period and text,
and each plan-year text. Keys are positions (``p2.project3.description``),
so a project that comes out split in two shifts every key after it and
costs what it should. Values are compared after collapsing whitespace only:
no fuzzy matching, so a word glued or split wrongly is a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _text(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def plan_facts(plan: dict) -> dict[str, str]:
    """Given a plan dict, return its facts: position key -> whitespace-collapsed text."""
    facts = {"title": _text(plan.get("title"))}
    for i, pillar in enumerate(plan.get("pillars") or [], start=1):
        p = f"p{i}"
        facts[f"{p}.number"] = _text(pillar.get("number"))
        facts[f"{p}.title"] = _text(pillar.get("title"))
        for j, objective in enumerate(pillar.get("objectives") or [], start=1):
            o = f"{p}.objective{j}"
            facts[f"{o}.number"] = _text(objective.get("number"))
            facts[f"{o}.keyword"] = _text(objective.get("keyword"))
            facts[f"{o}.text"] = _text(objective.get("text"))
        for k, project in enumerate(pillar.get("projects") or [], start=1):
            r = f"{p}.project{k}"
            status = project.get("status") or {}
            facts[f"{r}.title"] = _text(project.get("title"))
            facts[f"{r}.description"] = _text(project.get("description"))
            facts[f"{r}.refs"] = " ".join(f"({n})" for n in project.get("objective_refs") or [])
            facts[f"{r}.status.period"] = _text(status.get("period"))
            facts[f"{r}.status.text"] = _text(status.get("text"))
            for year, text in sorted((project.get("plans") or {}).items()):
                facts[f"{r}.plan.{year}"] = _text(text)
    return facts


def project_counts(plan: dict) -> list[int]:
    """Return the number of projects of each pillar."""
    return [len(p.get("projects") or []) for p in plan.get("pillars") or []]


@dataclass
class Score:
    """How one extracted plan compares with the expected one."""

    expected: int
    matched: int
    #: (key, expected, got); got is None when the key is missing from the extracted plan.
    mismatches: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: keys the extracted plan has that the expected one does not (extra pillars, projects, years).
    extra: list[str] = field(default_factory=list)
    missing_projects: int = 0
    extra_projects: int = 0

    @property
    def whole(self) -> bool:
        """True when every fact matched and nothing was added."""
        return self.matched == self.expected and not self.extra


def score_plan(expected_plan: dict, got_plan: dict) -> Score:
    """Compare ``got_plan`` with ``expected_plan`` fact by fact; return the score."""
    expected = plan_facts(expected_plan)
    got = plan_facts(got_plan)
    mismatches = [(key, value, got.get(key)) for key, value in expected.items() if got.get(key) != value]
    want, have = project_counts(expected_plan), project_counts(got_plan)
    have += [0] * (len(want) - len(have))
    want += [0] * (len(have) - len(want))
    return Score(
        expected=len(expected),
        matched=len(expected) - len(mismatches),
        mismatches=mismatches,
        extra=[key for key in got if key not in expected],
        missing_projects=sum(max(0, w - h) for w, h in zip(want, have, strict=True)),
        extra_projects=sum(max(0, h - w) for w, h in zip(want, have, strict=True)),
    )


def failed_score(expected_plan: dict) -> Score:
    """Return the score of a rendering that could not be extracted at all: nothing matched."""
    expected = plan_facts(expected_plan)
    return Score(
        expected=len(expected),
        matched=0,
        mismatches=[(key, value, None) for key, value in expected.items()],
        missing_projects=sum(project_counts(expected_plan)),
    )


def snippet(expected: str, got: str | None, context: int = 30) -> tuple[str, str]:
    """Return the two strings cut to the neighbourhood of their first difference, for a report."""
    if got is None:
        return _cut(expected, 0, context), "(missing)"
    at = next((k for k, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), min(len(expected), len(got)))
    return _cut(expected, at, context), _cut(got, at, context)


def _cut(text: str, at: int, context: int) -> str:
    start = max(0, at - context)
    end = at + context
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


#: Unicode presentation-form ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) some producers write as one glyph.
_LIGATURES = {chr(c) for c in range(0xFB00, 0xFB07)}


def mismatch_kind(expected: str, got: str | None) -> str:
    """Return what went wrong with one fact, in a word, so a report can count alike mismatches.

    missing (no such key), ligature (a presentation-form ligature in the text), glued (a space
    lost, e.g. at a line end), split (a space added inside a word), truncated (the start only),
    overlong (the fact with more text after it), other.
    """
    if got is None:
        return "missing"
    if any(ch in _LIGATURES for ch in got):
        return "ligature"
    if got.replace(" ", "") == expected.replace(" ", ""):
        return "glued" if len(got) < len(expected) else "split" if len(got) > len(expected) else "other"
    if got and expected.startswith(got):
        return "truncated"
    if expected and got.startswith(expected):
        return "overlong"
    return "other"
