"""Open-data metadata of one revision: Data Package (checked by the real frictionless), CKAN, DCAT-AP-DK, Excel."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.emit import plan_files
from pipeline.opendata import (
    OptionError,
    csv_to_excel_dk,
    find_licence,
    plan_to_ckan,
    plan_to_datapackage,
    plan_to_table_schemas,
    source_name,
)
from pipeline.run import bytes_to_plan
from tests.conftest import HEADER, plan_text

CREATED = "2026-11-25T10:00:00Z"
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def write_package(plan: dict, folder: Path, licence: str = "CC-BY-4.0") -> dict:
    files = {name: text.encode("utf-8") for name, text in plan_files(plan).items()}
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    package = plan_to_datapackage(plan, files, find_licence(licence), plan["organisation"], CREATED)
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return package


def frictionless_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", str(path)], capture_output=True, text=True, timeout=120, check=False
    )


def test_seed_package_passes_frictionless_validate(seed_plan: dict, tmp_path: Path) -> None:
    package = write_package(seed_plan, tmp_path)
    done = frictionless_validate(tmp_path / "datapackage.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("VALID") == 6 and "INVALID" not in done.stdout
    from frictionless import Package

    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])
    assert report.stats["tasks"] == 6
    assert [r["name"] for r in package["resources"]] == [
        "pillars",
        "objectives",
        "projects",
        "project-objectives",
        "project-plans",
        "project-other",
    ]


def test_table_schemas_keys_and_enums(seed_plan: dict) -> None:
    schemas = plan_to_table_schemas(seed_plan)
    assert schemas["projects"]["primaryKey"] == ["id"]
    assert schemas["project_plans"]["primaryKey"] == ["project_id", "year"]
    assert schemas["project_objectives"]["foreignKeys"] == [
        {"fields": "project_id", "reference": {"resource": "projects", "fields": "id"}},
        {"fields": "objective_id", "reference": {"resource": "objectives", "fields": "id"}},
    ]
    fields = {f["name"]: f for f in schemas["project_plans"]["fields"]}
    assert fields["year"]["constraints"] == {"required": True, "enum": [2024, 2025]}
    projects = {f["name"]: f for f in schemas["projects"]["fields"]}
    assert projects["status_period"]["constraints"]["enum"] == ["2021-2023"]
    assert projects["pillar_id"]["constraints"]["enum"] == ["p1", "p2", "p3"]
    assert [f["name"] for f in schemas["projects"]["fields"]][-5:] == [
        "plan_2024",
        "plan_2025",
        "source_line",
        "source_page",
        "source_path",
    ]
    assert projects["source_line"]["type"] == "integer"


def test_frictionless_catches_a_dangling_foreign_key(seed_plan: dict, tmp_path: Path) -> None:
    write_package(seed_plan, tmp_path)
    links = tmp_path / "project_objectives.csv"
    links.write_text(links.read_text(encoding="utf-8").replace("p1-o2", "p1-o9"), encoding="utf-8")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        del resource["hash"], resource["bytes"]
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    done = frictionless_validate(tmp_path / "datapackage.json")
    assert done.returncode != 0
    assert "foreign-key" in done.stdout


DUPLICATE_NUMBERS = plan_text(
    f"## Pejlemærke 1 - Kultur\n\n1. SKABER vi noget.\n1. SKABER vi mere.\n\n{HEADER}\n"
    "<b>Læsning</b>\tLæs mere (1)\tGodt i gang\tMere\tMest",
    f"## Pejlemærke 1 - Læsning\n\n1. STØTTER vi læsning.\n\n{HEADER}\n<b>Læsning</b>\tLæs (1)\tI gang\tMere\tMest",
)


def test_duplicate_numbers_drop_the_keys_they_break(tmp_path: Path) -> None:
    plan = bytes_to_plan(DUPLICATE_NUMBERS.encode(), "dup.txt")
    assert [w["code"] for w in plan["warnings"]] == ["duplicate-objective-number", "duplicate-pillar-number"]
    assert [p["id"] for p in plan["pillars"]] == ["p1", "p1"]
    schemas = plan_to_table_schemas(plan)
    for table in ("pillars", "objectives", "projects", "project_objectives", "project_plans"):
        assert "primaryKey" not in schemas[table], table
        assert "foreignKeys" not in schemas[table], table
    write_package(plan, tmp_path)
    done = frictionless_validate(tmp_path / "datapackage.json")
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    ("value", "ckan", "uri"),
    [
        ("CC-BY-4.0", "cc-by", "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"),
        ("cc0-1.0", "cc-zero", "http://publications.europa.eu/resource/authority/licence/CC0"),
        ("Vilkår for brug af danske offentlige data", "other-at", "https://digst.dk/"),
        ("vilkaar-dk", "other-at", "https://digst.dk/"),
    ],
)
def test_licences(value: str, ckan: str, uri: str) -> None:
    licence = find_licence(value)
    assert licence.ckan_id == ckan
    assert licence.dcat_uri.startswith(uri)


def test_unknown_licence_is_an_option_error() -> None:
    with pytest.raises(OptionError, match=r"^--licence: unknown licence 'MIT'"):
        find_licence("MIT")


def test_ckan_package(seed_plan: dict) -> None:
    files = {"plan.json": b"{}", "projects.csv": b"id\r\n"}
    ckan = plan_to_ckan(
        seed_plan, files, find_licence("CC0-1.0"), "Faxe Kommune", CREATED, "https://x.dk/p/", "faxe-kommune"
    )
    # The dataset is the plan: its name has no revision, each resource names its revision.
    assert ckan["name"] == "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
    assert ckan["title"] == "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"
    assert ckan["owner_org"] == "faxe-kommune" and ckan["version"] == "2023"
    assert ckan["license_id"] == "cc-zero"
    assert ckan["notes"].startswith("Revision 2023 af Handleplan for Faxe Kommunes Biblioteker & Borgerservice")
    assert "3 pejlemærker, 9 målsætninger og 19 projekter." in ckan["notes"]
    tags = [t["name"] for t in ckan["tags"]]
    assert tags[:2] == ["handleplan", "kommune"]
    assert "Kultur for alle" in tags and "Faxe Kommunes Biblioteker Borgerservice" in tags
    assert [(r["name"], r["url"], r["format"], r["mimetype"]) for r in ckan["resources"]] == [
        ("2023/plan.json", "https://x.dk/p/plan.json", "JSON", "application/json"),
        ("2023/projects.csv", "https://x.dk/p/projects.csv", "CSV", "text/csv"),
    ]
    extras = {e["key"]: e["value"] for e in ckan["extras"]}
    assert extras["status_period"] == "2021-2023" and extras["source_sha256"] == seed_plan["source"]["sha256"]
    assert all(isinstance(v, str) for v in extras.values())


def test_ckan_texts_in_danish_by_default_and_english_with_lang_en(seed_plan: dict) -> None:
    files = {"plan.json": b"{}", "projects.excel-dk.csv": b"\xef\xbb\xbfid\r\n", "diff.html": b""}
    danish = plan_to_ckan(seed_plan, files, find_licence("CC-BY-4.0"), None, CREATED)
    english = plan_to_ckan(seed_plan, files, find_licence("CC-BY-4.0"), None, CREATED, lang="en")
    assert [r["description"] for r in danish["resources"]] == [
        "Ændringer siden forrige revision (revision 2023)",
        "Hele planen som JSON (revision 2023)",
        "Projekter (Excel: semikolon, UTF-8 med BOM) (revision 2023)",
    ]
    assert [r["description"] for r in english["resources"]] == [
        "Changes since the previous revision (revision 2023)",
        "The whole plan as JSON (revision 2023)",
        "Projects (Danish Excel: ';', UTF-8 with BOM) (revision 2023)",
    ]
    assert english["notes"].startswith(
        "Revision 2023 of Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025 with status for "
        "2021-2023: 3 pillars, 9 objectives and 19 projects. "
    )
    assert english["title"] == danish["title"] == seed_plan["title"]  # the dataset is the plan
    languages = [{e["key"]: e["value"] for e in c["extras"]}["language"] for c in (danish, english)]
    assert languages == ["da", "en"]


def test_excel_dk_bytes() -> None:
    text = 'id,title\r\np1-ae,"Æbler, øl og å"\r\np2,"sagde ""hej"""\r\n'
    data = csv_to_excel_dk(text)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == '\ufeffid;title\r\np1-ae;Æbler, øl og å\r\np2;"sagde ""hej"""\r\n'.encode()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["id", "title"], ["p1-ae", "Æbler, øl og å"], ["p2", 'sagde "hej"']]


def test_datapackage_names_each_csv_with_hash(seed_plan: dict, tmp_path: Path) -> None:
    package = write_package(seed_plan, tmp_path)
    for resource in package["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)


def test_portal_metadata_names_the_source_without_its_local_folder(seed_plan: dict) -> None:
    plan = {**seed_plan, "source": {**seed_plan["source"], "file": "/home/anna/Skrivebord/faxe-handleplan-2023.txt"}}
    ckan = plan_to_ckan(plan, {}, find_licence("CC-BY-4.0"), None, "2026-01-01T00:00:00Z")
    extras = {e["key"]: e["value"] for e in ckan["extras"]}
    assert extras["source_file"] == "faxe-handleplan-2023.txt"
    assert source_name({"source": {"file": "<stdin>"}}) == "<stdin>"
