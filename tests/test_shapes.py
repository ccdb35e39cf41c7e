"""Plan shapes (issue 11): one plan at each dimension's extreme, the generator's truth, profiles and --explain."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cli import main
from pipeline.errors import StructureError
from pipeline.normalise import split_refs_explained
from pipeline.profile import profile_to_settings
from pipeline.run import bytes_to_plan
from tests.shapes.generate import generate
from tests.shapes.render import to_docx, to_html
from tests.shapes.score import score_plan


def plan_of(text: str, settings=None) -> dict:
    args = (settings,) if settings is not None else ()
    return bytes_to_plan(text.encode("utf-8"), "shape.txt", *args)


def codes(plan: dict) -> list[str]:
    return [w["code"] for w in plan["warnings"]]


def test_generated_plans_come_out_whole() -> None:
    # The benchmark runs 500 and more; a few dozen here keep every dimension's values covered.
    for seed in range(1000, 1060):
        shape = generate(seed)
        score = score_plan(plan_of(shape.text), shape.truth)
        assert score.mismatches == [], (seed, shape.dims, score.mismatches[:3])


@pytest.mark.parametrize("fmt", ["html", "html-typed", "docx"])
def test_generated_plans_come_out_whole_from_html_and_word(fmt: str) -> None:
    for seed in range(2000, 2008):
        shape = generate(seed)
        if fmt == "docx":
            data, name = to_docx(shape.text), "shape.docx"
        else:
            data, name = to_html(shape.text, typed_numbers=fmt == "html-typed").encode("utf-8"), "shape.html"
        score = score_plan(bytes_to_plan(data, name), shape.truth)
        assert score.mismatches == [], (seed, shape.dims, score.mismatches[:3])


def test_generator_is_reproducible_and_varies() -> None:
    assert generate(5).text == generate(5).text
    dims = [generate(seed).dims for seed in range(200)]
    for key in ("objective_style", "pillar_heading", "reference", "status", "year_header", "title"):
        assert len({d[key] for d in dims}) >= 4, key


def test_headers_in_english_with_extra_columns_and_three_year_columns_no_status() -> None:
    plan = plan_of(
        "# Action plan 2024-2027 for Northshire Libraries\n\n## Reading for all\n\n"
        "1. We SUPPORT reading for pleasure.\n\n"
        "Project\tLead\tDescription\tForventet 2025\tPlan 2026\tMål for 2027\tBudget\tSuccesskriterier\n"
        "Book club\tThe library\tMonthly meetings (objective 1)\tStarts\t\tEnds\t£500\t\n"
    )
    project = plan["pillars"][0]["projects"][0]
    assert plan["organisation"] == "Northshire Libraries"
    assert plan["revision"] == {"label": None, "status_period": None, "years": [2025, 2026, 2027]}
    assert project["description"] == "Monthly meetings"
    assert project["objective_refs"] == [1]
    assert project["status"] == {"period": None, "text": None}
    assert project["plans"] == {"2025": "Starts", "2026": None, "2027": "Ends"}
    assert project["other"] == {"Lead": "The library", "Budget": "£500", "Successkriterier": None}
    assert plan["pillars"][0]["objectives"][0]["keyword"] == "SUPPORT"


def test_one_year_column_and_status_without_period() -> None:
    plan = plan_of(
        "# Sønderkær Bibliotekerne – Handleplan 2025\n\n## Kultur\n\n1. SKABER vi mødesteder.\n\n"
        "| Aktivitet | Formål | Status | 2025 |\n|---|---|---|---|\n| Læseklub | Vi læser (1) | I gang | Fortsætter |\n"
    )
    project = plan["pillars"][0]["projects"][0]
    assert (plan["organisation"], plan["period"]) == ("Sønderkær Bibliotekerne", {"start": 2025, "end": 2025})
    assert project["status"] == {"period": None, "text": "I gang"}
    assert project["plans"] == {"2025": "Fortsætter"}
    assert codes(plan) == []


def test_every_objective_style_keeps_its_number_and_keyword() -> None:
    table = "Projekt\tBeskrivelse\tStatus pr. 2024\tPlan 2025\nA\ta\ts\tp\n"
    plan = plan_of(
        "# Handleplan 2024-2025 for Egeby Bibliotek\n\n"
        f"## Et\n\nMål 1: Vi STYRKER læsning.\n\nMål 2. SIKRER, at alle kan være med.\n\n{table}\n"
        f"## To\n\n1) ÅBNER vi huset.\n2) Vi arbejder for ro.\n\n{table}\n"
        f"## Tre\n\n- FORMIDLER vi kultur.\n- Vi TILBYDER kurser.\n\n{table}"
    )
    got = [[(o["number"], o["keyword"], o["text"]) for o in p["objectives"]] for p in plan["pillars"]]
    assert got == [
        [(1, "STYRKER", "Vi STYRKER læsning."), (2, "SIKRER", "SIKRER, at alle kan være med.")],
        [(1, "ÅBNER", "ÅBNER vi huset."), (2, None, "Vi arbejder for ro.")],
        [(1, "FORMIDLER", "FORMIDLER vi kultur."), (2, "TILBYDER", "Vi TILBYDER kurser.")],
    ]
    assert plan["pillars"][0]["notes"] == [] and plan["objective_numbering"] == "pillar"


def test_numbering_through_the_plan_and_a_reference_to_another_pillars_objective() -> None:
    table = "Projekt\tBeskrivelse\t2025\n"
    plan = plan_of(
        "# Handleplan for Egeby Bibliotek 2024-2025\n\n"
        f"## Læsning\n\n1. SKABER vi læselyst.\n2. STYRKER vi sproget.\n\n{table}Læseklub\tVi læser (1, 2)\tx\n\n"
        f"## Digitalt\n\n3. STØTTER vi digital dannelse.\n\n{table}Kodeklub\tVi koder (mål 3 og 1)\tx\n"
    )
    assert plan["objective_numbering"] == "plan"
    assert [p["projects"][0]["objective_refs"] for p in plan["pillars"]] == [[1, 2], [1, 3]]
    warning = next(w for w in plan["warnings"] if w["code"] == "objective-ref-other-pillar")
    assert warning["pointer"] == "/pillars/1/projects/0/objective_refs"
    assert warning["message"] == (
        "project 'Kodeklub' in pillar 'Digitalt' refers to objective (1), which belongs to pillar 1 'Læsning'"
    )
    assert "unknown-objective-ref" not in codes(plan)


def test_numbering_per_pillar_still_calls_a_missing_objective_unknown() -> None:
    plan = plan_of(
        "# Handleplan for X 2024-2025\n\n## A\n\n1. SKABER vi a.\n\nProjekt\tBeskrivelse\t2025\nP\tp (2)\tx\n\n"
        "## B\n\n1. SKABER vi b.\n2. SKABER vi c.\n\nProjekt\tBeskrivelse\t2025\nQ\tq (2)\tx\n"
    )
    assert plan["objective_numbering"] == "pillar"
    assert codes(plan) == ["unknown-objective-ref"]


@pytest.mark.parametrize(
    ("written", "description", "refs"),
    [
        ("Vi læser (2)", "Vi læser", [2]),
        ("Vi læser (1) (3)", "Vi læser", [1, 3]),
        ("Vi læser (1;3).", "Vi læser.", [1, 3]),
        ("Vi læser (mål 1 og 2)", "Vi læser", [1, 2]),
        ("Vi læser (1 og 3)", "Vi læser", [1, 3]),
        ("Vi læser (jf. mål 3)", "Vi læser", [3]),
        ("Vi læser (Mål 1, 3)", "Vi læser", [1, 3]),
        ("Hver uge (torsdage kl. 16-17.30) (se bilag 2) for 65+ (65+) i 2024 (2024) (1)", None, [1]),
    ],
)
def test_reference_forms_and_danish_decoys(written: str, description: str | None, refs: list[int]) -> None:
    objectives = "".join(f"{n}. SKABER vi {n}.\n" for n in (1, 2, 3))
    plan = plan_of(
        f"# Handleplan for X 2024-2025\n\n## A\n\n{objectives}\nProjekt\tBeskrivelse\t2025\nP\t{written}\tx\n"
    )
    project = plan["pillars"][0]["projects"][0]
    expected = description if description is not None else written.removesuffix(" (1)")
    assert (project["description"], project["objective_refs"]) == (expected, refs)


def test_pillar_heading_styles_levels_and_a_bulleted_intro_list() -> None:
    table = "| Tiltag | Indhold | Status ultimo 2024 | 2025 |\n|---|---|---|---|\n| T | t | s | p |\n"
    plan = plan_of(
        "# Handleplan for Østerå Kulturhus 2024-2026\n\nVores indsatsområder:\n\n"
        "- Musik\n- Scenekunst\n- Billedkunst\n\n"
        f"# Indsatsområde 1: Musik\n\n{table}\n#### Tema B – Scenekunst\n\n{table}\n"
        f"## Pejlemærke 3. Billedkunst\n\n{table}\n### Praktisk\n\nÅbent hver dag.\n"
    )
    assert [(p["number"], p["title"]) for p in plan["pillars"]] == [(1, "Musik"), (2, "Scenekunst"), (3, "Billedkunst")]
    assert plan["pillars"][2]["notes"] == [] and plan["notes"][0]["text"] == "Åbent hver dag."
    assert plan["revision"]["status_period"] == "2024"
    assert "pillar-number-mismatch" not in codes(plan)


@pytest.mark.parametrize(
    ("title", "organisation", "period"),
    [
        (
            "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025",
            "Faxe Kommunes Biblioteker & Borgerservice",
            (2021, 2025),
        ),
        ("Sønderkær Bibliotekerne – Handleplan 2025", "Sønderkær Bibliotekerne", (2025, 2025)),
        ("Handleplan 2025-2026 for Center for Kultur, Vestby", "Center for Kultur, Vestby", (2025, 2026)),
        ("Kultur og Fritid: Handleplan 2024-2026", "Kultur og Fritid", (2024, 2026)),
        ("Handleplanen for Egeby Bibliotek", "Egeby Bibliotek", (2025, 2025)),
        ("Bibliotekets plan 2025", None, (2025, 2025)),
    ],
)
def test_title_forms_give_the_organisation_without_a_stray_for(
    title: str, organisation: str | None, period: tuple[int, int]
) -> None:
    plan = plan_of(f"# {title}\n\n## A\n\n1. SKABER vi a.\n\nProjekt\tBeskrivelse\t2025\nP\tp\tx\n")
    assert (plan["organisation"], (plan["period"]["start"], plan["period"]["end"])) == (organisation, period)


def test_continuation_rows_in_a_pipe_table() -> None:
    plan = plan_of(
        "# Handleplan for X 2024-2025\n\n## A\n\n1. SKABER vi a.\n\n"
        "| Initiativ | Beskrivelse | Ansvarlig | Status 2024 | 2025 |\n|---|---|---|---|---|\n"
        "| **Læseklub** | Vi læser (mål | Biblioteket | Godt | Vi |\n|  | 1) sammen |  | i gang. | fortsætter |\n"
    )
    project = plan["pillars"][0]["projects"][0]
    assert (project["title"], project["description"], project["objective_refs"]) == ("Læseklub", "Vi læser sammen", [1])
    assert (project["status"]["text"], project["plans"], project["other"]) == (
        "Godt i gang.",
        {"2025": "Vi fortsætter"},
        {"Ansvarlig": "Biblioteket"},
    )
    assert [c["line"] for c in project["source"]["continued"]] == [10]


PROFILE_PLAN = (
    "# Handleplan for Nordby Bibliotek 2024-2025\n\n"
    "## Område 1 – Læsning\n\n1. SKABER vi læselyst.\n2. STYRKER vi sproget.\n\n"
    "Hvad\tHvordan\tHvem\tFremdrift 2024\t2025\n"
    "Læseklub\tVi læser [1,2] (se bilag 2)\tBiblioteket\tI gang\tFortsætter\n"
)
PROFILE = """[profile]
columns = { "Hvad" = "title", "Hvordan" = "description", "Fremdrift 2024" = "status" }
pillar_pattern = '^Område (?P<n>\\d+) – (?P<title>.+)$'
reference_pattern = '\\[\\d+(?:,\\d+)*\\]'
"""


def test_a_plan_no_rule_foresees_is_refused_naming_its_header_and_the_profile() -> None:
    with pytest.raises(StructureError) as caught:
        plan_of(PROFILE_PLAN)
    assert str(caught.value) == (
        "shape.txt: line 8: table header not recognised: ['Hvad', 'Hvordan', 'Hvem', 'Fremdrift 2024', '2025']; "
        "name its columns in [profile] columns of planpipe.toml (planpipe extract --explain shows what was read)"
    )


def test_the_profile_reads_it() -> None:
    import tomllib

    settings = profile_to_settings(tomllib.loads(PROFILE))
    plan = plan_of(PROFILE_PLAN, settings)
    pillar = plan["pillars"][0]
    project = pillar["projects"][0]
    assert (pillar["number"], pillar["title"]) == (1, "Læsning")
    assert (project["title"], project["description"], project["objective_refs"]) == (
        "Læseklub",
        "Vi læser (se bilag 2)",
        [1, 2],
    )
    assert (project["status"], project["plans"], project["other"]) == (
        {"period": "2024", "text": "I gang"},
        {"2025": "Fortsætter"},
        {"Hvem": "Biblioteket"},
    )
    assert codes(plan) == []


EXPLAINED = """\
line 1     title        Handleplan for Nordby Bibliotek 2024-2025         the first heading, with no table under it
line 3     pillar       Område 1 – Læsning                                the pillar heading pattern (numbered_pillar / [profile] pillar_pattern)
line 5     objective    SKABER vi læselyst.                               a numbered list item
line 6     objective    STYRKER vi sproget.                               a numbered list item
line 8     column       Hvad                                              title: [profile] columns
line 8     column       Hvordan                                           description: [profile] columns
line 8     column       Hvem                                              other: an extra column, kept in other under its header
line 8     column       Fremdrift 2024                                    status: [profile] columns, period 2024
line 8     column       2025                                              year 2025: the one plan year in the header
line 9     reference    [1,2]                                             objective reference 1, 2 (reference / [profile] reference_pattern)
line 9     unrecognised (se bilag 2)                                      a number in brackets not read as a reference: it stays in the description
"""  # noqa: E501


def test_explain_prints_the_rule_of_every_heading_column_and_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.txt").write_text(PROFILE_PLAN, encoding="utf-8")
    (tmp_path / "planpipe.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["extract", "--explain", "plan.txt"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPLAINED
    assert not (tmp_path / "output").exists()  # --explain writes nothing


def test_explain_without_the_profile_shows_the_header_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PROFILE_PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--explain", str(tmp_path / "plan.txt")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].endswith("objectives or a project table stand under it")  # a pillar by content, not by pattern
    assert lines[-1] == (
        "line 8     unrecognised Hvad | Hvordan | Hvem | Fremdrift 2024 | 2025     "
        "table header not recognised: name its columns in [profile] columns of planpipe.toml"
    )


def test_run_and_ingest_read_the_profile_from_the_working_folder_or_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a.txt").write_text(PROFILE_PLAN, encoding="utf-8")
    (plans / "b.txt").write_text(PROFILE_PLAN.replace("Nordby", "Sydby"), encoding="utf-8")
    (tmp_path / "profile.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    refused = runner.invoke(main, ["run", "plans", "-o", "out0"])
    assert refused.exit_code == 1 and "table header not recognised" in refused.stderr
    ingested = runner.invoke(
        main, ["ingest", "plans/a.txt", "plans/b.txt", "-j", "2", "-o", "out1", "--config", "profile.toml"]
    )
    assert ingested.exit_code == 0, ingested.output
    assert ingested.stdout.count("1 pejlemærke, 2 målsætninger, 1 projekt, 0 advarsler") == 2
    (tmp_path / "planpipe.toml").write_text(PROFILE, encoding="utf-8")
    ran = runner.invoke(main, ["run", "plans", "-o", "out2"])
    assert ran.exit_code == 0, ran.output


@given(
    st.lists(
        st.sampled_from(
            ["(", ")", "1", "3", "12", "2024", " ", ",", ";", "mål", "Mål", "og", "jf.", "se", "bilag", "x", "."]
        ),
        max_size=30,
    ).map("".join)
)
@hsettings(max_examples=300, deadline=None)
def test_references_out_of_a_description_lose_and_invent_no_text(text: str) -> None:
    description, refs, taken = split_refs_explained(text)
    assert sorted("".join(description.split()) + "".join("".join(taken).split())) == sorted("".join(text.split()))
    assert refs == sorted(set(refs)) and all(1 <= n <= 99 for n in refs)
    assert description == " ".join(description.split())


def test_objectives_numbered_by_hand_in_an_html_page() -> None:
    page = (
        "<main><h1>Handleplan for Egeby Bibliotek 2024-2025</h1><p>1. Læsning</p><p>2. Digitalt</p>"
        "<h2>Læsning</h2><p>1. Vi arbejder for ro.</p><p>Den 1. januar 2025 åbner vi.</p>"
        "<h3>Projekter</h3><table><tr><td>Projekt</td><td>Beskrivelse</td><td>2025</td></tr>"
        "<tr><td>Læseklub</td><td>Vi læser (1)</td><td>x</td></tr></table>"
        "<h2>Digitalt</h2><p>2. januar holder vi lukket.</p><ol><li>SKABER vi kurser.</li></ol>"
        "<table><tr><td>Projekt</td><td>Beskrivelse</td><td>2025</td></tr><tr><td>Kodeklub</td><td>(1)</td><td>y</td></tr>"
        "</table></main>"
    )
    plan = bytes_to_plan(page.encode("utf-8"), "shape.html")
    assert [(p["number"], p["title"]) for p in plan["pillars"]] == [(1, "Læsning"), (2, "Digitalt")]
    assert [[(o["number"], o["text"]) for o in p["objectives"]] for p in plan["pillars"]] == [
        [(1, "Vi arbejder for ro.")],
        [(1, "SKABER vi kurser.")],
    ]
    assert plan["pillars"][0]["notes"] == ["Den 1. januar 2025 åbner vi."]
    assert plan["pillars"][1]["notes"] == ["2. januar holder vi lukket."]
    assert [h["text"] for h in plan["headings"]] == ["Projekter"]
    assert codes(plan) == []


def test_diff_reads_plan_documents_with_the_profile_given_by_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    (tmp_path / "old.txt").write_text(PROFILE_PLAN, encoding="utf-8")
    (tmp_path / "new.txt").write_text(PROFILE_PLAN.replace("I gang\t", "Færdig\t"), encoding="utf-8")
    (tmp_path / "profile.toml").write_text(PROFILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    refused = runner.invoke(main, ["diff", "old.txt", "new.txt"])
    assert refused.exit_code == 1 and "table header not recognised" in refused.output
    result = runner.invoke(main, ["diff", "--config", "profile.toml", "old.txt", "new.txt"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert (diff["summary"]["changed"], [p["change"] for p in diff["projects"]]) == (1, ["changed"])
