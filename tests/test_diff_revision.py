"""The seed (2023) against the hand-written 2024 revision: exactly the changes written into it, in every format.

The expected changes in tests/fixtures/faxe-handleplan-2024.expected.json
were written by hand from the edit that made the 2024 fixture, not from
this code's output. The comparison functions take plan dicts, so the same
checks serve a .pdf of either revision once it exists.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.diff import diff_files, diff_plans, diff_to_csv, diff_to_html, diff_to_markdown
from pipeline.run import extract, load_plan
from pipeline.validate import schema_errors

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "input" / "faxe-handleplan-2023.txt"
FIXTURES = ROOT / "tests" / "fixtures"
REV_2024 = FIXTURES / "faxe-handleplan-2024.txt"
EXPECTED = json.loads((FIXTURES / "faxe-handleplan-2024.expected.json").read_text(encoding="utf-8"))


def project_key(entry: dict) -> str:
    """Return one project change as comparable JSON: kind, both sides' pillar and title, fields."""
    side = {s: entry[s] and {"pillar": entry[s]["pillar"], "title": entry[s]["title"]} for s in ("old", "new")}
    fields = [{"field": f["field"], "old": f["old"], "new": f["new"]} for f in entry["fields"]]
    key = {"change": entry["change"], "renamed": entry["renamed"], "moved": entry["moved"], **side, "fields": fields}
    return json.dumps(key, ensure_ascii=False, sort_keys=True)


def assert_expected_changes(diff: dict) -> None:
    """Assert that ``diff`` holds exactly the hand-written changes of the 2024 revision."""
    assert schema_errors(diff, "diff.schema.json") == []
    assert diff["summary"] == EXPECTED["summary"]
    assert [{k: d[k] for k in ("field", "old", "new")} for d in diff["document"]] == EXPECTED["document"]
    assert [p for p in diff["pillars"] if p["change"] != "unchanged"] == EXPECTED["pillars"]
    assert [{k: o[k] for k in ("change", "pillar", "number", "old", "new")} for o in diff["objectives"]] == EXPECTED[
        "objectives"
    ]
    assert sorted(map(project_key, diff["projects"])) == sorted(map(project_key, EXPECTED["projects"]))
    assert diff["same"] is False


def diff_of(old: dict, new: dict) -> dict:
    """Return the diff of two plan dicts; any reader's plan dicts can be compared with it."""
    return diff_plans(old, new)


@pytest.fixture(scope="module")
def plans() -> tuple[dict, dict]:
    return load_plan(SEED), load_plan(REV_2024)


@pytest.fixture(scope="module")
def diff(plans) -> dict:
    return diff_of(*plans)


def test_2024_revision_parses_without_warnings():
    plan = extract(REV_2024)
    assert plan["warnings"] == []
    assert plan["revision"] == {"label": "2024", "status_period": "2021-2024", "years": [2025]}
    assert [len(p["projects"]) for p in plan["pillars"]] == [7, 5, 5]
    film = plan["pillars"][0]["projects"][3]
    assert film["status"]["text"].endswith(
        "Det vurderes løbende om efterspørgslen er der, og om der er et overlap ift. øvrige tilbud i kommunen."
    )
    assert [s["line"] for s in [film["source"], *film["source"]["continued"]]] == [30, 31]


def test_seed_against_2024_reports_exactly_the_changes_written(diff):
    assert_expected_changes(diff)


def test_diff_files_gives_the_same_diff(diff):
    assert_expected_changes(diff_files(SEED, REV_2024))


#: The 2024 revision in every format there is a fixture for (.txt, .html, .docx, .odt, ruled and borderless .pdf).
REVISIONS_2024 = sorted(p for p in FIXTURES.glob("faxe-handleplan-2024.*") if not p.name.endswith(".json"))
#: The 2023 revision in every format: the seed and its fixtures.
REVISIONS_2023 = sorted(FIXTURES.glob("plan-2023.*"))


def test_the_2024_revision_exists_in_every_format():
    assert [p.name.split(".", 1)[1] for p in REVISIONS_2024] == [
        "borderless.pdf",
        "cms-divs.html",
        "cms.html",
        "docx",
        "html",
        "odfpy.odt",
        "odt",
        "ruled.pdf",
        "txt",
    ]


@pytest.mark.parametrize("revision", REVISIONS_2024, ids=lambda p: p.name)
def test_every_format_of_the_2024_revision_gives_the_same_changes(revision, plans, diff):
    assert_expected_changes(diff_of(plans[0], load_plan(revision)))
    assert_expected_changes(diff_files(SEED, revision))


@pytest.mark.parametrize("old", REVISIONS_2023, ids=lambda p: p.name)
def test_every_format_of_the_2023_revision_against_the_2024_text(old):
    assert_expected_changes(diff_files(old, REV_2024))


def test_renamed_and_moved_are_found_by_the_right_pass(diff):
    renamed = next(p for p in diff["projects"] if p["renamed"])
    assert (renamed["match"], renamed["similarity"] > 0.9) == ("rename", True)
    moved = next(p for p in diff["projects"] if p["moved"])
    assert (moved["match"], moved["similarity"]) == ("move", 1.0)
    assert moved["old"]["id"].startswith("p2-") and moved["new"]["id"].startswith("p1-")


def test_plan_json_on_either_side(tmp_path, plans, diff):
    plan_json = tmp_path / "plan-2024.json"
    plan_json.write_text(json.dumps(plans[1], ensure_ascii=False), encoding="utf-8")
    from_json = diff_files(SEED, plan_json)
    assert_expected_changes(from_json)
    assert from_json["new"]["sha256"] == diff["new"]["sha256"]
    old_json = tmp_path / "plan-2023.json"
    old_json.write_text(json.dumps(plans[0], ensure_ascii=False), encoding="utf-8")
    both_json = diff_files(old_json, plan_json)
    assert_expected_changes(both_json)
    assert both_json["old"]["file"] == diff["old"]["file"]  # the document the plan.json was made from


def test_reverse_diff_swaps_added_and_removed(plans):
    back = diff_of(plans[1], plans[0])
    assert back["summary"] == {"added": 5, "removed": 3, "changed": 10, "unchanged": 4, "renamed": 1, "moved": 1}


def test_markdown_report(diff):
    md = diff_to_markdown(diff)
    assert md.startswith("# Changes in Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025\n")
    for line in (
        "| Added | 3 |",
        "| Removed | 5 |",
        "| Changed | 10 |",
        "| Unchanged | 4 |",
        "- Status period: 2021-2023 → 2021-2024",
        "- Plan years: 2024, 2025 → 2025",
        "  - Denne oversigt indeholder bibliotek & borgerservicepolitikens handleplan. "
        "Handleplanen har fokus på ~~årene 2024-2025.~~**året 2025.**",
        "- **Litterære byvandringer**, formerly *Litterære byvandring er*",
        "- **Projekt ”Drift og udvikling i bibliotekets faglige kompetencer”** "
        "(moved from *Glæden ved sprog, litteratur og læsning*)",
        "  - Objectives: (1) (3) → (1) (3) (4)",
        "- Objective 2 reworded: TILBYDER vi viden, læring og inspiration igennem litteratur, stærke **lokale** "
        "partnerskaber og et ~~aktuelt og nærværende~~**aktuelt, nærværende og varieret** aktivitetsprogram.",
        "  - Plan 2025: Vi fortsætter arbejdet med at skabe læsekredse for unge "
        "**og samarbejder med ungdomsskolen om en ny læseklub.**",
        "- **Fællesspisning på biblioteket** ((1) (4))",
        "- **Digital Ung** ((3))",
        "Unchanged: Åben skole tilbud, Biblioteksorientering.",
    ):
        assert line in md.splitlines(), line
    # Each pillar's section holds its own added projects.
    sections = md.split("\n## ")
    kultur = next(s for s in sections if s.startswith("Kultur for alle"))
    assert "Fællesspisning" in kultur and "Sprogkufferter" not in kultur
    assert sum("### Removed" in s for s in sections) == 2


def test_csv_report_one_row_per_changed_field(diff):
    rows = list(csv.DictReader(io.StringIO(diff_to_csv(diff))))
    field_rows = sum(len(p["fields"]) for p in EXPECTED["projects"])
    added_removed = EXPECTED["summary"]["added"] + EXPECTED["summary"]["removed"]
    moved = EXPECTED["summary"]["moved"]
    assert [r["section"] for r in rows].count("project") == field_rows + added_removed + moved
    assert [r["section"] for r in rows].count("document") == 4
    assert [r["section"] for r in rows].count("objective") == 1
    refs = next(r for r in rows if r["title"] == "Brætspils aftener" and r["field"] == "objective_refs")
    assert (refs["change"], refs["old"], refs["new"], refs["pillar"]) == (
        "changed",
        "1, 3",
        "1, 3, 4",
        "Kultur for alle",
    )
    rename = next(r for r in rows if r["field"] == "title")
    assert (rename["old"], rename["new"], rename["renamed"], rename["change"]) == (
        "Litterære byvandring er",
        "Litterære byvandringer",
        "yes",
        "renamed",
    )
    move = next(r for r in rows if r["field"] == "pillar")
    assert (move["old"], move["new"], move["moved"]) == (
        "Glæden ved sprog, litteratur og læsning",
        "Kultur for alle",
        "yes",
    )
    removed = [r["old"] for r in rows if r["change"] == "removed"]
    assert "Unge læselyst" in removed and "Digital Ung" in removed and len(removed) == 5


def test_html_report(diff):
    page = diff_to_html(diff)
    assert page.startswith("<!DOCTYPE html>")
    assert '<span class="count" id="count-added">3</span>' in page
    assert '<span class="count" id="count-removed">5</span>' in page
    assert "<del>årene 2024-2025.</del>" in page and "<ins>året 2025.</ins>" in page
    assert "Litterære <del>byvandring er</del>" in page and "Litterære <ins>byvandringer</ins>" in page
    # Self-contained: nothing to fetch.
    for needle in ("src=", "href=", "@import", "url(", "http://", "https://"):
        assert needle not in page.replace("https://json-schema", ""), needle
    assert "default-src &#x27;none&#x27;" in page


def test_html_and_markdown_escape_plan_text(plans):
    old, new = plans
    new = json.loads(json.dumps(new))
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    new["pillars"][0]["projects"][0]["status"]["text"] = hostile
    new["pillars"][0]["projects"][1]["title"] = "Brætspils <b>aftener</b> & <i>mere</i>"
    diff = diff_of(old, new)
    page = diff_to_html(diff)
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    md = diff_to_markdown(diff)
    assert "\\<script\\>window.\\_\\_pwned=1\\</script\\>" in md


def test_cli_formats_and_output_file(tmp_path, diff):
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(SEED), str(REV_2024)])
    assert result.exit_code == 0, result.output
    assert_expected_changes(json.loads(result.output))
    for fmt, first in (("md", "# Changes in"), ("html", "<!DOCTYPE html>"), ("csv", "section,change,pillar")):
        target = tmp_path / f"report.{fmt}"
        result = runner.invoke(main, ["diff", str(SEED), str(REV_2024), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert result.output == ""
        assert target.read_text(encoding="utf-8").startswith(first)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv", "report.html", "report.md"]


def test_cli_fail_if_diff_exit_codes(tmp_path):
    runner = CliRunner()
    same = runner.invoke(main, ["diff", str(SEED), str(SEED), "--fail-if-diff", "--format", "md"])
    assert same.exit_code == 0 and "The two revisions are the same." in same.output
    different = runner.invoke(
        main, ["diff", str(SEED), str(REV_2024), "--fail-if-diff", "-o", str(tmp_path / "d.json")]
    )
    assert different.exit_code == 1
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["summary"]["added"] == 3


@pytest.mark.parametrize("fail_if_diff, code", [(True, 2), (False, 1)])
def test_cli_bad_file_is_a_one_line_error(tmp_path, fail_if_diff, code):
    bad = tmp_path / "broken.json"
    bad.write_text('{"title": 3', encoding="utf-8")
    target = tmp_path / "out.html"
    args = ["diff", str(SEED), str(bad), "--format", "html", "-o", str(target)] + (
        ["--fail-if-diff"] if fail_if_diff else []
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert result.output.startswith(f"Error: {bad}: line 1 column")
    assert result.output.count("\n") == 1
    assert not target.exists()
    missing = CliRunner().invoke(
        main, ["diff", str(tmp_path / "nope.txt"), str(SEED)] + (["--fail-if-diff"] if fail_if_diff else [])
    )
    assert missing.exit_code == code and missing.output.startswith(f"Error: {tmp_path / 'nope.txt'}: ")


def test_cli_unwritable_output_is_an_error(tmp_path):
    target = tmp_path / "no-such-folder" / "out.md"
    result = CliRunner().invoke(main, ["diff", str(SEED), str(REV_2024), "-o", str(target), "--fail-if-diff"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {target}: cannot write")


def test_cli_bad_option_is_a_usage_error():
    result = CliRunner().invoke(main, ["diff", str(SEED), str(REV_2024), "--format", "pdf"])
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_the_bounded_similarity_pass_finds_the_same_changes(plans):
    from pipeline.diff.match import DiffSettings

    assert_expected_changes(diff_plans(*plans, settings=DiffSettings(max_exhaustive_pairs=0)))
