"""The command line: every failure path a user can reach, and the happy paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import HEADER, SEED, plan_text


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: bytes | None = None):
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def only_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_run_writes_json_and_csv_for_every_plan(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "run", str(SEED.parent), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    plan_dir = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025/2023"
    assert result.output.startswith(
        "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025 2023: 3 pejlemærker, 9 målsætninger, "
        "19 projekter, 0 advarsler -> "
    )
    files = only_files(tmp_path / "out")
    for name in (
        "objectives.csv",
        "pillars.csv",
        "plan.json",
        "project_objectives.csv",
        "project_plans.csv",
        "projects.csv",
        "datapackage.json",
        "ckan_package.json",
        "dcat.jsonld",
    ):
        assert f"{plan_dir}/{name}" in files
    # run ingests: the revision is also in the history database and the index.
    assert {"plans.sqlite", "index.html", "index.json"} <= set(files)


def test_extract_to_stdout_and_from_stdin(runner: CliRunner) -> None:
    result = invoke(runner, "extract", "-", "-o", "-", input=SEED.read_bytes())
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert plan["source"]["file"] == "<stdin>"
    assert sum(len(p["projects"]) for p in plan["pillars"]) == 19
    csv_out = invoke(runner, "extract", str(SEED), "-o", "-", "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("id,pillar_id,title,description,objective_refs,")


def test_extract_json_only_into_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "extract", str(SEED), "-o", str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["plan.json"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"\n \n\t\n", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data at byte"),
        ("renamed.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nnot really a pdf", ""),
        ("prose.txt", b"# Titel\n\nBare tekst, ingen tabel.\n", "line 1: no pillar and no project table found"),
        ("table-only.txt", f"Intro\n\n{HEADER}\nA\tb\tc\td\te\n".encode(), "no pillar heading found"),
        (
            "no-header.txt",
            b"# T\n\n## Kultur\n\n1. SKABER vi.\n\nA\tb\tc\n",
            "line 7: table header not recognised: ['A', 'b', 'c']",
        ),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Word .doc"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = write(tmp_path, name, data)
    out = tmp_path / "out"
    result = invoke(runner, "extract", str(path), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_file_and_directory(runner: CliRunner, tmp_path: Path) -> None:
    missing = invoke(runner, "extract", str(tmp_path / "nope.txt"))
    assert (missing.exit_code, missing.stderr) == (1, f"Error: {tmp_path / 'nope.txt'}: no such file\n")
    folder = invoke(runner, "extract", str(tmp_path))
    assert (folder.exit_code, folder.stderr) == (1, f"Error: {tmp_path}: is a directory, not a plan file\n")


def test_output_that_cannot_be_written_is_a_clean_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = write(tmp_path, "out", b"a file where the folder should go")
    result = invoke(runner, "extract", str(SEED), "-o", str(blocker))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "cannot write output" in result.stderr


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("cp1252"),
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: t.replace("\n", "\r\n").encode(),
    ],
    ids=["windows-1252", "utf8-bom", "crlf"],
)
def test_encodings_and_line_ends_give_the_same_plan(runner: CliRunner, tmp_path: Path, encode, seed_plan) -> None:
    # Every character of the seed (æøå, typographic quotes, en dash) exists in Windows-1252.
    path = write(tmp_path, "plan.txt", encode(SEED.read_text(encoding="utf-8")))
    result = invoke(runner, "extract", str(path), "-o", "-")
    plan = json.loads(result.stdout)
    for key in ("source",):
        plan.pop(key)
    expected = {k: v for k, v in seed_plan.items() if k != "source"}
    assert plan == expected


def test_strict_fails_on_warnings_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    text = plan_text(f"## Kultur\n\n1. SKABER vi.\n\n{HEADER}\nA\tb (7)\tc\td\te")
    path = write(tmp_path, "warn.txt", text.encode())
    loose = invoke(runner, "extract", str(path), "-o", str(tmp_path / "loose"))
    assert loose.exit_code == 0
    assert "warning: unknown-objective-ref at /pillars/0/projects/0/objective_refs" in loose.stderr
    strict = invoke(runner, "extract", str(path), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"Error: {path}: 1 warning(s) with --strict; first: unknown-objective-ref")
    assert not (tmp_path / "strict").exists()


def test_run_skips_a_bad_file_writes_the_rest_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    write(inputs, "b.txt", b"")
    result = invoke(runner, "run", str(inputs), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"Error: {inputs / 'b.txt'}: file is empty" in result.stderr
    assert (tmp_path / "out/handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025/2023/plan.json").exists()


def test_run_on_an_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "run", str(tmp_path), "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path}: no plan files found\n")


def test_validate(runner: CliRunner, tmp_path: Path, seed_plan: dict) -> None:
    good = write(tmp_path, "plan.json", json.dumps(seed_plan).encode())
    ok = invoke(runner, "validate", str(good))
    assert (ok.exit_code, ok.stderr) == (0, "")
    assert ok.stdout.startswith(f"{good}: gyldig; handleplan-for-faxe") and ok.stdout.count("\n") == 1
    broken = write(tmp_path, "broken.json", b'{"id": ')
    bad = invoke(runner, "validate", str(broken))
    assert (bad.exit_code, bad.stderr) == (1, f"Error: {broken}: line 1 column 8: not valid JSON: Expecting value\n")
    wrong = write(tmp_path, "wrong.json", json.dumps({**seed_plan, "pillars": "none"}).encode())
    invalid = invoke(runner, "validate", str(wrong))
    assert invalid.exit_code == 1
    assert invalid.stdout.splitlines()[1].split() == [
        "error",
        "type",
        "/pillars",
        '"none"',
        "is",
        "not",
        "of",
        "type",
        '"array"',
    ]
    assert invalid.stderr == f"Error: {wrong}: not a valid plan: 1 schema error(s)\n"


def three_schema_errors(seed_plan: dict) -> dict:
    plan = json.loads(json.dumps(seed_plan))
    plan["pillars"][1]["projects"][2]["objective_refs"] = ["2"]
    plan["revision"]["status_period"] = "2021 to 2023"
    del plan["pillars"][0]["title"]
    return plan


THREE_ERRORS = [
    ("error", "required", "/pillars/0"),
    ("error", "type", "/pillars/1/projects/2/objective_refs/0"),
    ("error", "pattern", "/revision/status_period"),
]


def test_validate_lists_every_schema_error_as_a_table(runner: CliRunner, tmp_path: Path, seed_plan: dict) -> None:
    path = write(tmp_path, "plan.json", json.dumps(three_schema_errors(seed_plan)).encode())
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["kind", "code", "pointer", "message"]
    assert [tuple(row.split()[:3]) for row in rows] == THREE_ERRORS
    assert rows[0].split(maxsplit=3)[3] == '"title" is a required property'
    assert result.stderr == f"Error: {path}: not a valid plan: 3 schema error(s)\n"
    assert ": gyldig;" not in result.output


def test_validate_json_lists_every_schema_error(runner: CliRunner, tmp_path: Path, seed_plan: dict) -> None:
    path = write(tmp_path, "plan.json", json.dumps(three_schema_errors(seed_plan)).encode())
    result = invoke(runner, "validate", str(path), "--json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [(r["kind"], r["code"], r["pointer"]) for r in records] == THREE_ERRORS
    assert records[0]["source"] == seed_plan["pillars"][0]["source"]
    assert "source" not in records[2]  # the revision has no position of its own
    assert result.stderr == f"Error: {path}: not a valid plan: 3 schema error(s)\n"


def test_validate_json_of_a_valid_plan(runner: CliRunner, tmp_path: Path, seed_plan: dict) -> None:
    path = write(tmp_path, "plan.json", json.dumps(seed_plan).encode())
    result = invoke(runner, "validate", str(path), "--json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    assert result.stderr.startswith(f"{path}: gyldig; handleplan-for-faxe")


def test_validate_strict_reports_semantic_warnings(runner: CliRunner, tmp_path: Path, seed_plan: dict) -> None:
    plan = json.loads(json.dumps(seed_plan))
    plan["pillars"][0]["projects"][0]["objective_refs"] = [9]
    plan["pillars"][0]["projects"][1]["objective_refs"] = [8]
    path = write(tmp_path, "plan.json", json.dumps(plan).encode())
    lenient = invoke(runner, "validate", str(path), "--lang", "en")
    assert lenient.exit_code == 0
    *rows, verdict = lenient.stdout.splitlines()
    assert [tuple(row.split()[:3]) for row in rows[1:]] == [
        ("warning", "unknown-objective-ref", "/pillars/0/projects/0/objective_refs"),
        ("warning", "unknown-objective-ref", "/pillars/0/projects/1/objective_refs"),
    ]
    assert verdict.startswith(f"{path}: valid; ") and verdict.endswith(", 2 warnings")
    strict = invoke(runner, "validate", str(path), "--strict", "--lang", "en")
    assert strict.exit_code == 1
    assert strict.stdout == "\n".join(rows) + "\n"
    assert ": valid;" not in strict.output
    assert strict.stderr.splitlines() == [
        f"Error: {path}: 2 warning(s) with --strict; first: unknown-objective-ref "
        "at /pillars/0/projects/0/objective_refs"
    ]
    as_json = invoke(runner, "validate", str(path), "--strict", "--json", "--lang", "en")
    assert as_json.exit_code == 1
    assert [r["kind"] for r in json.loads(as_json.stdout)] == ["warning", "warning"]
    assert as_json.stderr.splitlines()[-1].startswith(f"Error: {path}: 2 warning(s) with --strict")
    assert ": valid;" not in as_json.output


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "x", "--format", "xml"],
        ["run", "--bogus"],
        ["extract", "-", "-o", "-", "--format", "json", "--format", "csv"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    assert invoke(runner, *args).exit_code == 2


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for command in ("run", "extract", "validate"):
        assert f"  {command} " in result.output


def test_summary_lines_in_english_with_lang_en(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "warn.txt", plan_text(f"## Kultur\n\n1. SKABER vi.\n\n{HEADER}\nA\tb (7)\tc\td\te").encode())
    run = invoke(runner, "run", str(inputs), "-o", str(tmp_path / "out"), "--lang", "en")
    plan = "handleplan-for-testby-bibliotek-2022-2026 2024"
    assert run.stdout.startswith(f"{plan}: 1 pillar, 1 objective, 1 project, 1 warning -> ")
    extract = invoke(runner, "extract", str(inputs / "warn.txt"), "-o", str(tmp_path / "x"), "--lang", "en")
    assert extract.stderr.startswith(f"{plan}: 1 pillar, 1 objective, 1 project, ")
    extract_da = invoke(runner, "extract", str(SEED), "-o", str(tmp_path / "x"))
    assert "2023: 3 pejlemærker, 9 målsætninger, 19 projekter, 0 advarsler -> " in extract_da.stderr
    plan_json = next((tmp_path / "x").rglob("2023/plan.json"))
    valid = invoke(runner, "validate", str(plan_json), "--lang", "en")
    assert valid.stdout.startswith(f"{plan_json}: valid; handleplan-for-faxe-kommunes-biblioteker-borgerservice-")
    assert "3 pillars, 9 objectives, 19 projects, 0 warnings" in valid.stdout


def test_run_prints_each_plans_warnings(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "warn.txt", plan_text(f"## Kultur\n\n1. SKABER vi.\n\n{HEADER}\nA\tb (7)\tc\td\te").encode())
    result = invoke(runner, "run", str(inputs), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "handleplan-for-testby-bibliotek-2022-2026 2024: 1 pejlemærke, 1 målsætning, 1 projekt, 1 advarsel -> "
    )
    assert result.stderr.startswith("  warning: unknown-objective-ref at /pillars/0/projects/0/objective_refs: ")
