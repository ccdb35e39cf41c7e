"""Shared paths and helpers for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "input" / "faxe-handleplan-2023.txt"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch):
    """Tests see the default report language (Danish), whatever PLANPIPE_LANG the shell running them has."""
    monkeypatch.delenv("PLANPIPE_LANG", raising=False)


@pytest.fixture(scope="session")
def seed_plan() -> dict:
    """The seed plan, extracted once for the session (tests must not mutate it)."""
    from pipeline.run import extract

    return extract(SEED)


def plan_text(*pillars: str, intro: str = "", title: str = "# Handleplan for Testby Bibliotek 2022-2026") -> str:
    """Return a small plan document in the text format; each pillar is given as its own text."""
    return "\n\n".join(part for part in (title, intro, *pillars) if part) + "\n"


HEADER = "Projekt\tBeskrivelse\tStatus 2022-2024\t2025\t2026"
