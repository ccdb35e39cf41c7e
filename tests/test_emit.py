"""Emitting JSON and CSV: contents, joins, RFC 4180, atomic replacement."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.atomic import atomic_dir
from pipeline.emit import plan_files, write_plan
from tests.conftest import ROOT, SEED


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_tables_join_and_carry_every_project(seed_plan: dict) -> None:
    files = plan_files(seed_plan)
    assert sorted(files) == [
        "objectives.csv",
        "pillars.csv",
        "plan.json",
        "project_objectives.csv",
        "project_other.csv",
        "project_plans.csv",
        "projects.csv",
    ]
    pillars = read_csv(files["pillars.csv"])
    objectives = read_csv(files["objectives.csv"])
    projects = read_csv(files["projects.csv"])
    links = read_csv(files["project_objectives.csv"])
    plans = read_csv(files["project_plans.csv"])
    assert [(p["id"], p["objective_count"], p["project_count"]) for p in pillars] == [
        ("p1", "4", "5"),
        ("p2", "2", "8"),
        ("p3", "3", "6"),
    ]
    assert len(objectives) == 9 and len(projects) == 19
    assert list(projects[0]) == [
        "id",
        "pillar_id",
        "title",
        "description",
        "objective_refs",
        "status_period",
        "status_text",
        "plan_2024",
        "plan_2025",
        "source_line",
        "source_page",
        "source_path",
    ]
    braet = next(p for p in projects if p["title"] == "Brætspils aftener")
    assert (braet["objective_refs"], braet["source_line"], braet["source_page"]) == ("1;3", "28", "")
    project_ids = {p["id"] for p in projects}
    objective_ids = {o["id"] for o in objectives}
    assert {link["project_id"] for link in links} <= project_ids
    assert {link["objective_id"] for link in links} <= objective_ids
    assert ("p3-makerspace-eller-byg-og-kod-med-biblioteket", "p3-o2") in {
        (link["project_id"], link["objective_id"]) for link in links
    }
    assert len(links) == sum(len(p["objective_refs"].split(";")) for p in projects if p["objective_refs"])
    # 19 projects x 2 years, less the 10 empty plan cells.
    assert len(plans) == 28 and {p["project_id"] for p in plans} <= project_ids


def test_csv_is_rfc4180_utf8(seed_plan: dict) -> None:
    text = plan_files(seed_plan)["projects.csv"]
    assert text.startswith("id,pillar_id,") and "\r\n" in text and not text.startswith("\ufeff")
    # A quote inside a field is doubled and the field is quoted.
    assert '"Vi etablerer et ""værksted"" hvor digitale' in text


def test_plan_json_round_trips(seed_plan: dict) -> None:
    assert json.loads(plan_files(seed_plan, ("json",))["plan.json"]) == seed_plan


def test_rewrite_replaces_the_folder_whole(seed_plan: dict, tmp_path: Path) -> None:
    target = write_plan(seed_plan, tmp_path)
    (target / "stale.csv").write_text("old")
    again = write_plan(seed_plan, tmp_path, ("json",))
    assert again == target
    assert sorted(p.name for p in target.iterdir()) == ["plan.json"]
    assert [p.name for p in target.parent.iterdir()] == ["2023"]


def test_a_failure_inside_leaves_the_old_output_and_no_temporary_folder(tmp_path: Path) -> None:
    target = tmp_path / "plan" / "2023"
    with atomic_dir(target) as tmp:
        (tmp / "plan.json").write_text("first")
    with pytest.raises(RuntimeError), atomic_dir(target) as tmp:
        (tmp / "plan.json").write_text("half")
        raise RuntimeError("crash while writing")
    assert (target / "plan.json").read_text() == "first"
    assert [p.name for p in target.parent.iterdir()] == ["2023"]


def test_reading_text_imports_no_heavy_library() -> None:
    code = (
        "import sys; from cli import main\n"
        f"sys.argv = ['planpipe', 'extract', {str(SEED)!r}, '-o', '-']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'pdfplumber', 'pdfminer', 'bs4', 'lxml', 'docx', 'sqlite_utils', 'frictionless', 'rapidfuzz'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(result.stdout)["id"].startswith("handleplan-for-faxe")
