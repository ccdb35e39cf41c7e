"""Ingest into the revision history: database rows, files, idempotence, diffs, history, index, Excel CSVs."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.ingest import Options, ingest
from tests.conftest import SEED
from tests.synthetic import faxe_2024, write_revisions

PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
REV = f"{PLAN}/2023"


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".planpipe.lock"
    }


@pytest.fixture
def faxe2024(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "faxe-handleplan-2024.txt"
    path.parent.mkdir()
    path.write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_ingest_stores_the_seed_in_files_and_database(tmp_path: Path) -> None:
    out = tmp_path / "out"
    [result] = ingest([SEED], out)
    assert (result.status, result.revision_id, result.previous_revision_id) == ("added", REV, None)
    db = out / "plans.sqlite"
    assert query(db, "select id, organisation, period_start, period_end from plans") == [
        (PLAN, "Faxe Kommunes Biblioteker & Borgerservice", 2021, 2025)
    ]
    assert query(db, "select id, label, status_period, years, project_count from revisions") == [
        (REV, "2023", "2021-2023", "2024;2025", 19)
    ]
    assert query(db, "select count(*) from pillars")[0][0] == 3
    assert query(db, "select count(*) from objectives")[0][0] == 9
    assert query(
        db, "select key, pillar_key, objective_refs, status_text from projects where id = ?", "p1-braetspils-aftener"
    ) == [
        (
            f"{REV}/p1-braetspils-aftener",
            f"{REV}/p1",
            "1;3",
            "Samarbejdet med frivillige er fortsat da det er oplevet som en succes på den måde det kører.",
        )
    ]
    assert query(
        db,
        "select objective_key from project_objectives where project_key = ? order by 1",
        f"{REV}/p1-braetspils-aftener",
    ) == [(f"{REV}/p1-o1",), (f"{REV}/p1-o3",)]
    assert (
        query(db, "select year, text from project_plans where project_key = ? order by year", f"{REV}/p3-digital-ung")
        == []
    )
    assert query(
        db, "select year from project_plans where project_key = ? order by year", f"{REV}/p3-borgerservice-on-the-fly"
    ) == [
        (2024,),
        (2025,),
    ]
    assert query(db, "pragma foreign_key_check") == []
    assert query(db, "pragma integrity_check") == [("ok",)]
    folder = out / PLAN / "2023"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ckan_package.json",
        "datapackage.json",
        "dcat.jsonld",
        "objectives.csv",
        "pillars.csv",
        "plan.json",
        "project_objectives.csv",
        "project_other.csv",
        "project_plans.csv",
        "projects.csv",
    ]
    frictionless = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(frictionless), "validate", str(folder / "datapackage.json")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout
    dcat = json.loads((folder / "dcat.jsonld").read_text(encoding="utf-8"))
    assert distribution_files(dcat) == {n for n in sorted(p.name for p in folder.iterdir()) if n != "dcat.jsonld"}
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["license_id"] == "cc-by" and ckan["author"] == "Faxe Kommunes Biblioteker & Borgerservice"


def test_same_bytes_again_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = invoke("ingest", str(SEED), "-o", str(out))
    assert first.exit_code == 0
    before = snapshot(out)
    copy = tmp_path / "copy-of-seed.txt"
    copy.write_bytes(SEED.read_bytes())
    again = invoke("ingest", str(SEED), str(copy), "-o", str(out))
    assert again.exit_code == 0
    assert again.stdout == (f"{REV}: uændret (samme bytes som {SEED})\n{REV}: uændret (samme bytes som {SEED})\n")
    assert snapshot(out) == before


def test_other_bytes_under_a_stored_label_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    edited = tmp_path / "edited.txt"
    edited.write_text(
        SEED.read_text(encoding="utf-8").replace("Brætspils aftener", "Brætspilsaftener"), encoding="utf-8"
    )
    [result] = ingest([edited], out)
    assert result.status == "error"
    assert str(result.error).startswith(
        f"{edited}: plan {PLAN} already has revision 2023 from other bytes; nothing written"
    )
    assert "--plan-id" in str(result.error)
    assert query(out / "plans.sqlite", "select count(*) from revisions") == [(1,)]


def test_bad_file_in_a_batch_is_reported_and_skipped(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    synthetic = write_revisions(tmp_path / "syn", plans=2, revisions=1)
    out = tmp_path / "out"
    result = invoke("ingest", str(synthetic[0]), str(empty), str(synthetic[1]), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {empty}: file is empty\n"
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "handleplan-0-for-faxe-kommunes-biblioteker-2021-2040 2023",
        "handleplan-1-for-koege-kommunes-biblioteker-2021-2040 2023",
    ]
    assert query(out / "plans.sqlite", "select count(*) from revisions") == [(2,)]


def test_a_new_revision_is_diffed_against_the_last(tmp_path: Path, faxe2024: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    [result] = ingest([faxe2024], out)
    assert (result.status, result.previous_revision_id) == ("added", REV)
    folder = out / PLAN / "2024"
    for name in ("diff.json", "diff.md", "diff.html"):
        assert (folder / name).stat().st_size > 0
    diff = json.loads((folder / "diff.json").read_text(encoding="utf-8"))
    db = out / "plans.sqlite"
    [(previous, changed)] = query(db, "select previous_revision_id, changed_count from revisions where label = '2024'")
    assert (previous, changed) == (REV, diff["summary"]["changed"])
    [(change, fields)] = query(
        db, "select change, fields from changes where project_key = ?", f"{PLAN}/2024/p1-braetspils-aftener"
    )
    assert change == "changed"
    assert "Spilaftenerne drives nu af de frivillige." in fields
    assert query(db, "pragma foreign_key_check") == []
    history = invoke("history", PLAN, "-o", str(out))
    assert history.exit_code == 0
    lines = history.stdout.splitlines()
    assert lines[0] == f"{PLAN}: 2 revision(er)"
    assert lines[1].split() == [
        "revision",
        "status",
        "indlæst",
        "projekter",
        "forrige",
        "tilføjet",
        "fjernet",
        "ændret",
        "omdøbt",
        "flyttet",
        "uændret",
    ]
    assert lines[2].split()[:2] == ["2023", "2021-2023"] and lines[2].split()[4:] == ["-"] * 7
    row = lines[3].split()
    assert row[:2] == ["2024", "2021-2024"] and row[3:5] == ["19", "2023"]
    assert int(row[7]) == diff["summary"]["changed"] >= 1


def test_history_of_one_revision_and_of_an_unknown_plan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = invoke("history", PLAN, "-o", str(out))
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"Error: {out / 'plans.sqlite'}: no history database here: run planpipe ingest first\n",
    )
    ingest([SEED], out)
    result = invoke("history", PLAN, "-o", str(out), "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{PLAN}: 1 revision(s)"
    assert lines[1].split()[:5] == ["revision", "status", "ingested", "projects", "previous"]
    assert lines[2].split()[0:2] == ["2023", "2021-2023"] and lines[2].split()[3] == "19"
    unknown = invoke("history", "no-such-plan", "-o", str(out))
    assert unknown.exit_code == 1
    assert unknown.stderr == f"Error: {out / 'plans.sqlite'}: no plan 'no-such-plan'; known: {PLAN}\n"


def test_excel_dk_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("ingest", str(SEED), "-o", str(out), "--excel-dk", "--licence", "CC0-1.0")
    assert result.exit_code == 0, result.output
    folder = out / PLAN / "2023"
    excel = (folder / "projects.excel-dk.csv").read_bytes()
    plain = (folder / "projects.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbfid;pillar_id;title;description;objective_refs;status_period;status_text;")
    assert not plain.startswith(b"\xef\xbb\xbf") and plain.startswith(b"id,pillar_id,title,")
    assert excel.count(b"\r\n") == plain.count(b"\r\n") == 20 and b"\n" not in excel.replace(b"\r\n", b"")
    line = next(x for x in excel.decode("utf-8-sig").split("\r\n") if x.startswith("p1-braetspils-aftener;"))
    assert line.split(";")[2] == "Brætspils aftener"
    assert "Glæden ved sprog, litteratur og læsning" in (folder / "pillars.excel-dk.csv").read_bytes().decode(
        "utf-8-sig"
    )
    assert sorted(p.name for p in folder.glob("*.excel-dk.csv")) == [
        "objectives.excel-dk.csv",
        "pillars.excel-dk.csv",
        "project_objectives.excel-dk.csv",
        "project_other.excel-dk.csv",
        "project_plans.excel-dk.csv",
        "projects.excel-dk.csv",
    ]
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["license_id"] == "cc-zero"
    assert "2023/projects.excel-dk.csv" in {r["name"] for r in ckan["resources"]}


def test_index_lists_revisions_and_escapes_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    text = SEED.read_text(encoding="utf-8").replace(
        "# Handleplan for Faxe", "# Handleplan for &lt;script&gt;alert(1)&lt;/script&gt; Faxe", 1
    )
    hostile.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    [result] = ingest([hostile, SEED], out)[:1]
    assert result.status == "added"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    titles = [p["title"] for p in index["plans"]]
    assert "Handleplan for <script>alert(1)</script> Faxe Kommunes Biblioteker & Borgerservice 2021-2025" in titles
    seed = next(p for p in index["plans"] if p["id"] == PLAN)
    [rev] = seed["revisions"]
    assert rev["label"] == "2023" and rev["changes"] is None and rev["diff"] == {}
    assert f"{PLAN}/2023/datapackage.json" in rev["files"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page
    assert f'href="{PLAN}/2023/plan.json"' in page


def test_run_without_arguments_ingests_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "faxe-handleplan-2023.txt").write_bytes(SEED.read_bytes())
    for path in write_revisions(tmp_path / "input", plans=11, revisions=1):
        assert path.exists()
    monkeypatch.chdir(tmp_path)
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 12
    assert "Ingesting" not in result.stderr  # not a terminal: no progress bar
    assert query(tmp_path / "output" / "plans.sqlite", "select count(*) from revisions") == [(12,)]
    again = invoke("run")
    assert again.exit_code == 0 and again.stdout.count(": uændret (samme bytes som ") == 12


def test_jobs_two_gives_the_same_database(tmp_path: Path) -> None:
    files = write_revisions(tmp_path / "in", plans=6, revisions=1)
    one, two = tmp_path / "one", tmp_path / "two"
    ingest(files, one, Options(), jobs=1)
    ingest(files, two, Options(), jobs=2)
    sql = "select key, title, status_text, objective_refs from projects order by key"
    assert query(one / "plans.sqlite", sql) == query(two / "plans.sqlite", sql)
    assert len(query(two / "plans.sqlite", sql)) > 20


def test_unknown_licence_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("ingest", str(SEED), "-o", str(tmp_path / "out"), "--licence", "MIT")
    assert result.exit_code == 2
    assert "Invalid value for '--licence': unknown licence 'MIT'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_vilkaar_licence_and_publisher_option(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "ingest",
        str(SEED),
        "-o",
        str(out),
        "--licence",
        "Vilkår for brug af danske offentlige data",
        "--publisher",
        "Faxe Kommune",
        "--base-url",
        "https://data.example.dk/planer",
    )
    assert result.exit_code == 0, result.output
    folder = out / PLAN / "2023"
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert (ckan["license_id"], ckan["author"]) == ("other-at", "Faxe Kommune")
    assert ckan["resources"][0]["url"].startswith(f"https://data.example.dk/planer/{PLAN}/2023/")
    graph = json.loads((folder / "dcat.jsonld").read_text(encoding="utf-8"))["@graph"]
    [licence] = [n for n in graph if n["@type"] == "dct:LicenseDocument"]
    assert licence["dct:title"]["@value"] == "Vilkår for brug af danske offentlige data"
    assert graph[0]["dct:publisher"]["foaf:name"]["@value"] == "Faxe Kommune"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["title"] == "Vilkår for brug af danske offentlige data"
    assert package["contributors"] == [{"title": "Faxe Kommune", "role": "publisher"}]


def test_a_plan_with_repeated_pillar_numbers_is_stored_whole(tmp_path: Path) -> None:
    from tests.test_opendata import DUPLICATE_NUMBERS

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(DUPLICATE_NUMBERS, encoding="utf-8")
    second.write_text(
        DUPLICATE_NUMBERS.replace("Status 2022-2024\t2025\t2026", "Status 2022-2025\t2026\t2027").replace(
            "Godt i gang", "Færdig"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    results = ingest([first, second], out)
    assert [r.status for r in results] == ["added", "added"], [str(r.error) for r in results]
    db = out / "plans.sqlite"
    rev = "handleplan-for-testby-bibliotek-2022-2026/2024"
    assert query(db, "select key from pillars where revision_id = ? order by key", rev) == [
        (f"{rev}/p1",),
        (f"{rev}/p1~2",),
    ]
    assert query(db, "select count(*) from projects where revision_id = ?", rev) == [(2,)]
    assert query(db, "pragma foreign_key_check") == []
    assert query(db, "select count(*) from changes")[0][0] >= 1


def test_revisions_in_flight_together_are_still_diffed_against_the_one_before(tmp_path: Path) -> None:
    files = write_revisions(tmp_path / "in", plans=2, revisions=3)
    plan_major = sorted(files, key=lambda p: p.name)  # plan0 2023, 2024, 2025, plan1 ...: workers run ahead
    one, two = tmp_path / "one", tmp_path / "two"
    ingest(plan_major, one, jobs=1)
    results = ingest(plan_major, two, jobs=2)
    assert [r.previous_revision_id.rsplit("/", 1)[1] if r.previous_revision_id else None for r in results] == [
        None,
        "2023",
        "2024",
    ] * 2
    sql = (
        "select revision_id, previous_revision_id, change, project_key, old_project_key, fields "
        "from changes order by key"
    )
    assert query(one / "plans.sqlite", sql) == query(two / "plans.sqlite", sql)
    assert len(query(two / "plans.sqlite", sql)) > 4
    for result in results:
        folder = result.folder
        dcat = json.loads((folder / "dcat.jsonld").read_text(encoding="utf-8"))
        names = distribution_files(dcat)
        assert names == {p.name for p in folder.iterdir()} - {"dcat.jsonld"}
        assert ("diff.json" in names) == (result.previous_revision_id is not None)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_dcat_jsonld_is_rdf_with_the_dcat_ap_fields(tmp_path: Path) -> None:
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

    out = tmp_path / "out"
    invoke("ingest", str(SEED), "-o", str(out), "--excel-dk", "--base-url", "https://data.example.dk/planer/")
    folder = out / PLAN / "2023"
    graph = rdflib.Graph().parse(folder / "dcat.jsonld", format="json-ld")
    [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
    [title] = graph.objects(dataset, DCTERMS.title)
    # The dataset is the plan; the revision is in its version and in each distribution's title.
    assert (str(title), title.language) == ("Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025", "da")
    assert str(graph.value(dataset, rdflib.URIRef("http://www.w3.org/ns/dcat#version"))) == "2023"
    [description] = graph.objects(dataset, DCTERMS.description)
    assert description.language == "da" and "19 projekter" in description
    [publisher] = graph.objects(dataset, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Faxe Kommunes Biblioteker & Borgerservice"
    keywords = {str(k) for k in graph.objects(dataset, DCAT.keyword)}
    assert {"handleplan", "Kultur for alle", "Borgeren i den digitale transformation"} <= keywords
    [temporal] = graph.objects(dataset, DCTERMS.temporal)
    assert graph.value(temporal, DCAT.startDate) == rdflib.Literal("2021-01-01", datatype=XSD.date)
    assert graph.value(temporal, DCAT.endDate) == rdflib.Literal("2025-12-31", datatype=XSD.date)
    assert graph.value(dataset, DCTERMS.issued).datatype == XSD.dateTime
    assert graph.value(dataset, DCTERMS.modified).datatype == XSD.dateTime
    distributions = list(graph.objects(dataset, DCAT.distribution))
    names = {p.name for p in folder.iterdir()} - {"dcat.jsonld"}
    # plan.json, 6 CSVs, their 6 Excel twins, datapackage.json, ckan_package.json
    assert len(distributions) == len(names) == 15
    for dist in distributions:
        url = str(graph.value(dist, DCAT.downloadURL))
        assert url.startswith(f"https://data.example.dk/planer/{PLAN}/2023/") and url.rsplit("/", 1)[1] in names
        assert str(graph.value(dist, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        assert str(graph.value(dist, DCAT.mediaType)).startswith("http://www.iana.org/assignments/media-types/")
        assert graph.value(dist, DCTERMS.license) == rdflib.URIRef(
            "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
        )
    csv = next(d for d in distributions if str(graph.value(d, DCAT.downloadURL)).endswith("/projects.csv"))
    assert str(graph.value(csv, DCAT.mediaType)).endswith("/text/csv")
    assert int(graph.value(csv, DCAT.byteSize)) == (folder / "projects.csv").stat().st_size


def distribution_files(dcat: dict) -> set[str]:
    """Return the file names a dcat.jsonld's dataset lists as distributions (by their download URLs)."""
    [dataset] = [n for n in dcat["@graph"] if n["@type"] == "dcat:Dataset"]
    return {d["dcat:downloadURL"]["@id"].rsplit("/", 1)[-1] for d in dataset["dcat:distribution"]}


def test_a_damaged_history_is_reported_not_raised(tmp_path: Path, faxe2024: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    damaged = out / PLAN / "2023" / "plan.json"
    damaged.unlink()
    result = invoke("ingest", str(faxe2024), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {damaged}: cannot read the previous revision to diff against: ")
    assert query(out / "plans.sqlite", "select label from revisions") == [("2023",)]
    assert not (out / PLAN / "2024").exists()
    assert [p.name for p in (out / PLAN).iterdir()] == ["2023"]


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("plan-2023.*")))
def test_every_format_gives_a_valid_package_and_its_source_places(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    [result] = ingest([FIXTURES / name], out)
    assert result.status == "added", result.error
    db = out / "plans.sqlite"
    assert query(db, "select count(*) from projects") == [(19,)]
    [(line, page, path)] = query(
        db, "select source_line, source_page, source_path from projects where id = 'p3-borgerservice-on-the-fly'"
    )
    assert (line, page, path) != (None, None, None)
    frictionless = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(frictionless), "validate", str(result.folder / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    "lang, since, first_revision, resource, index_title",
    [
        (
            "da",
            "; siden 2023: 3 tilføjet, 5 fjernet, 10 ændret (heraf 1 omdøbt, 1 flyttet) -> ",
            "første revision",
            "Ændringer siden forrige revision",
            "<h1>Handleplaner</h1>",
        ),
        (
            "en",
            "; since 2023: 3 added, 5 removed, 10 changed (of which 1 renamed, 1 moved) -> ",
            "first revision",
            "Changes since the previous revision",
            "<h1>Action plans</h1>",
        ),
    ],
)
def test_reports_portal_texts_and_summary_lines_in_the_chosen_language(
    tmp_path: Path, lang: str, since: str, first_revision: str, resource: str, index_title: str
) -> None:
    out = tmp_path / "out"
    rev_2024 = Path(__file__).parent / "fixtures" / "faxe-handleplan-2024.txt"
    args = ["ingest", str(SEED), str(rev_2024), "-o", str(out)] + (["--lang", lang] if lang != "da" else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert since in lines[1]
    folder = out / PLAN / "2024"
    assert f'<html lang="{lang}">' in (folder / "diff.html").read_text(encoding="utf-8")
    md = (folder / "diff.md").read_text(encoding="utf-8")
    assert md.startswith("# Ændringer i " if lang == "da" else "# Changes in ")
    # The index says what the revision's diff report and the ingest line say: one set of counts.
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page and index_title in page
    counts = since.split(": ", 1)[1].removesuffix(" -> ")
    assert f"{counts}</a>" in page and first_revision in page
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["title"] == "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"  # the plan's dataset
    assert {r["name"]: r["description"] for r in ckan["resources"]}["2024/diff.md"] == f"{resource} (revision 2024)"
    assert {e["key"]: e["value"] for e in ckan["extras"]}["language"] == lang
    assert ckan["notes"].startswith("Revision 2024 af " if lang == "da" else "Revision 2024 of ")
    # DCAT's texts are language-tagged Danish whatever the report language.
    [dataset] = [n for n in json.loads((folder / "dcat.jsonld").read_bytes())["@graph"] if n["@type"] == "dcat:Dataset"]
    assert dataset["dct:description"]["@language"] == "da" and " af Handleplan" in dataset["dct:description"]["@value"]
    assert dataset["dct:language"]["@id"].endswith("/language/DAN")
