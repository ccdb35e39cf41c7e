"""`planpipe plans` and `planpipe history` for people (a table) and programs (--json, --nl, --csv)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.ingest import ingest
from tests.conftest import SEED

PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "output"
    ingest([SEED, SEED.parent / "faxe-handleplan-2024.txt"], folder)
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_plans_lists_each_plan_with_its_latest_revision(out: Path) -> None:
    result = invoke("plans", "-o", str(out))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "1 plan(er)"
    assert lines[1].split() == ["plan", "revisioner", "seneste", "status", "projekter", "titel"]
    english = invoke("plans", "-o", str(out), "--lang", "en").output.splitlines()
    assert english[:2] == ["1 plan(s)", english[1]] and english[1].split()[1:3] == ["revisions", "latest"]
    assert lines[2].split()[:5] == [PLAN, "2", "2024", "2021-2024", "17"]
    assert lines[2].endswith("Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025")


def test_plans_as_json_nl_and_csv_are_the_same_rows(out: Path) -> None:
    as_json = json.loads(invoke("plans", "-o", str(out), "--json").output)
    as_nl = [json.loads(line) for line in invoke("plans", "-o", str(out), "--nl").output.splitlines()]
    as_csv = list(csv.DictReader(io.StringIO(invoke("plans", "-o", str(out), "--csv").output, newline="")))
    assert as_json == as_nl
    assert as_json[0]["id"] == PLAN and as_json[0]["revisions"] == 2 and as_json[0]["latest_project_count"] == 17
    assert (
        as_json[0]["period_start"] == 2021 and as_json[0]["organisation"] == "Faxe Kommunes Biblioteker & Borgerservice"
    )
    assert [{k: str(v) for k, v in row.items()} for row in as_json] == as_csv


def test_history_as_json_nl_and_csv(out: Path) -> None:
    rows = json.loads(invoke("history", PLAN, "-o", str(out), "--json").output)
    assert [(r["label"], r["project_count"], r["previous_revision_id"]) for r in rows] == [
        ("2023", 19, None),
        ("2024", 17, f"{PLAN}/2023"),
    ]
    assert {k: rows[1][f"{k}_count"] for k in ("added", "removed", "changed", "renamed", "moved", "unchanged")} == {
        "added": 3,
        "removed": 5,
        "changed": 10,
        "renamed": 1,
        "moved": 1,
        "unchanged": 4,
    }
    nl = invoke("history", PLAN, "-o", str(out), "--nl").output
    assert [json.loads(line) for line in nl.splitlines()] == rows
    text = invoke("history", PLAN, "-o", str(out), "--csv").output
    assert text.startswith("id,label,status_period,ingested_at,source_file,") and text.endswith("\n")
    [first, second] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert first["previous_revision_id"] == first["added_count"] == ""  # a first revision has no changes
    assert (second["label"], second["changed_count"]) == ("2024", "10")


def test_listing_errors(out: Path, tmp_path: Path) -> None:
    result = invoke("history", "no-such-plan", "-o", str(out), "--json")
    assert result.exit_code == 1 and f"no plan 'no-such-plan'; known: {PLAN}" in result.output
    result = invoke("plans", "-o", str(tmp_path / "empty"))
    assert result.exit_code == 1 and "no history database here" in result.output
    assert invoke("plans", "-o", str(out), "--json", "--csv").exit_code == 2
