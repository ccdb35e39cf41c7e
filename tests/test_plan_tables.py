"""The one table spec: CSV headers, Frictionless fields and history tables all come from it."""

from __future__ import annotations

from pipeline import store
from pipeline.emit import plan_to_rows
from pipeline.opendata import plan_to_table_schemas
from pipeline.plan_tables import TABLES, plan_to_table_rows


def _plan() -> dict:
    source = {"line": 3}
    return {
        "revision": {"years": [2024, 2025], "status_period": "2021-2023"},
        "pillars": [
            {
                "id": "p1",
                "number": 1,
                "title": "Læring",
                "source": source,
                "objectives": [{"id": "p1-o1", "number": 1, "keyword": "SKABER", "text": "vi", "source": source}],
                "projects": [
                    {
                        "id": "p1-a",
                        "title": "A",
                        "description": "d",
                        "objective_refs": [1, 2],
                        "status": {"period": "2021-2023", "text": None},
                        "plans": {"2024": "x", "2025": None},
                        "source": {"page": 2},
                    }
                ],
            }
        ],
    }


def test_csv_header_expands_the_per_year_column_between_status_and_source() -> None:
    header, rows = plan_to_rows(_plan())["projects"]
    assert header[6:9] == ["status_text", "plan_2024", "plan_2025"]
    assert rows == [["p1-a", "p1", "A", "d", "1;2", "2021-2023", None, "x", None, None, 2, None]]


def test_links_only_to_objectives_the_pillar_has_and_remember_the_row_they_point_at() -> None:
    rows = plan_to_table_rows(_plan())
    assert rows["project_objectives"].rows == [{"project_id": "p1-a", "objective_id": "p1-o1"}]
    assert rows["project_objectives"].targets == [{"project_id": 0, "objective_id": 0}]
    assert rows["project_plans"].rows == [{"project_id": "p1-a", "year": 2024, "text": "x"}]


def test_frictionless_and_datasette_descriptions_are_the_spec_s() -> None:
    fields = {f["name"]: f for f in plan_to_table_schemas(_plan())["objectives"]["fields"]}
    spec = {c.name: c for c in TABLES["objectives"].columns}
    assert fields["keyword"]["description"] == spec["keyword"].description
    assert fields["pillar_id"]["constraints"]["required"] is True
    metadata = store.datasette_metadata({"title": "t", "url": "u"}, "s")["databases"]["plans"]["tables"]
    assert metadata["objectives"]["columns"]["pillar_key"] == spec["pillar_id"].description
    assert metadata["objectives"]["columns"]["source_line"] == "Line in the source document (text formats)."


def test_history_tables_are_revision_scoped_versions_of_the_spec() -> None:
    description, columns, pk, fks, label = store.TABLES["projects"]
    assert description == TABLES["projects"].description
    assert list(columns)[:4] == ["key", "revision_id", "id", "pillar_key"]
    assert columns["plans"][0] is str and "plan_2024" not in columns
    assert (pk, label) == ("key", "title")
    assert fks == [("revision_id", "revisions", "id"), ("pillar_key", "pillars", "key")]
    assert store.TABLES["project_plans"][2] == ("project_key", "year")


SOURCE = ["source_line", "source_page", "source_path"]
OTHER_PLAN = (
    "# Handleplan for X 2024-2025\n\n## A\n\n1. SKABER vi a.\n\n"
    "| Initiativ | Beskrivelse | Ansvarlig | Økonomi | Status 2024 | 2025 |\n|---|---|---|---|---|---|\n"
    "| Læseklub | Vi læser (1) | Biblioteket | 5.000 kr. | Godt | Mere |\n"
    "| Café | Vi mødes (1) |  | Inden for budget | I gang | Videre |\n"
)


def test_extra_columns_reach_their_own_long_table_and_other_csvs_keep_their_bytes() -> None:
    from pipeline.run import bytes_to_plan

    plan = bytes_to_plan(OTHER_PLAN.encode("utf-8"), "x.txt")
    header, rows = plan_to_rows(plan)["project_other"]
    assert header == ["project_id", "header", "text"]
    assert rows == [
        ["p1-laeseklub", "Ansvarlig", "Biblioteket"],
        ["p1-laeseklub", "Økonomi", "5.000 kr."],
        ["p1-cafe", "Økonomi", "Inden for budget"],
    ]
    # The projects table is as it was: extra columns add no column to it.
    assert plan_to_rows(plan)["projects"][0] == [
        *plan_to_rows(_plan())["projects"][0][:7],
        "plan_2025",
        *SOURCE,
    ]
    assert plan_to_rows(_plan())["project_other"] == (["project_id", "header", "text"], [])
    schema = plan_to_table_schemas(plan)["project_other"]
    assert schema["primaryKey"] == ["project_id", "header"]
    assert schema["foreignKeys"][0]["reference"] == {"resource": "projects", "fields": "id"}


def test_the_history_stores_extra_columns_and_an_older_database_gets_the_table(tmp_path) -> None:
    import sqlite3

    from pipeline.ingest import Options, ingest

    source = tmp_path / "x.txt"
    source.write_text(OTHER_PLAN, encoding="utf-8")
    db = store.connect(tmp_path / "old.sqlite")  # a database from before project_other existed
    db["project_other"].disable_fts()
    db["project_other"].drop()
    db.close()
    db = store.connect(tmp_path / "old.sqlite")
    assert db["project_other"].exists() and db["project_other"].detect_fts() is not None
    db.close()
    ingest([source], tmp_path / "out", Options())
    with sqlite3.connect(tmp_path / "out" / "plans.sqlite") as conn:
        rows = conn.execute("SELECT project_key, header, text FROM project_other ORDER BY rowid").fetchall()
    assert [r[1:] for r in rows] == [
        ("Ansvarlig", "Biblioteket"),
        ("Økonomi", "5.000 kr."),
        ("Økonomi", "Inden for budget"),
    ]
    assert rows[0][0].endswith("/p1-laeseklub")
