"""The committed subset of the fidelity matrix, each rendering compared fact by fact with the plan of its text file.

The renderings under tests/fixtures/fidelity/ come from other producers
than our fixture scripts (LibreOffice from .docx and .odt, Chromium's print
to PDF, WeasyPrint, reportlab, a CMS-shaped page), in random layouts; the
manifest names each one's producer, layout seed and source, and marks the
ones that do not come out whole yet as strict xfails with their failure.
``python -m tests.fidelity.make_subset`` rebuilds them; the tests only read.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.run import extract
from tests.fidelity.facts import mismatch_kind, plan_facts, score_plan, snippet
from tests.fidelity.layouts import Layout, draw_layout, layout_seeds

ROOT = Path(__file__).resolve().parents[1]
FIDELITY = ROOT / "tests" / "fixtures" / "fidelity"
MANIFEST = json.loads((FIDELITY / "manifest.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4)
def text_plan(source: str) -> dict:
    return extract(ROOT / source)


def _params() -> list:
    params = []
    for entry in MANIFEST:
        # An expected failure is a wrong fact (AssertionError), never an error of the reader: a crash fails.
        marks = (
            [pytest.mark.xfail(strict=True, raises=AssertionError, reason=entry["xfail"])] if entry.get("xfail") else []
        )
        params.append(pytest.param(entry, id=entry["file"], marks=marks))
    return params


@pytest.mark.parametrize("entry", _params())
def test_rendering_has_every_fact_of_its_text_plan(entry):
    expected = plan_facts(text_plan(entry["source"]))
    got = plan_facts(extract(FIDELITY / entry["file"]))
    wrong = {key: snippet(value, got.get(key)) for key, value in expected.items() if got.get(key) != value}
    assert wrong == {}
    assert sorted(set(got) - set(expected)) == []


def test_manifest_names_committed_small_files_of_every_producer():
    from tests.fidelity.make_subset import subset_layout
    from tests.fidelity.producers import PRODUCERS

    assert {e["producer"] for e in MANIFEST} == set(PRODUCERS)
    for entry in MANIFEST:
        path = FIDELITY / entry["file"]
        assert path.stat().st_size < 300_000, entry["file"]
        assert entry["layout"] == subset_layout(entry["producer"], entry["seed"]).describe()
        assert entry["file"].startswith(f"{entry['producer']}-{entry['revision']}-s{entry['seed']}.")
    assert sum(p.stat().st_size for p in FIDELITY.iterdir()) < 3_000_000


def test_facts_of_the_2023_plan_are_every_pillar_objective_and_project_field():
    facts = plan_facts(text_plan("input/faxe-handleplan-2023.txt"))
    # 1 title + 3 pillars x 2 + 9 objectives x 3 + 19 projects x (title, description, refs, status x 2, 2 years)
    assert len(facts) == 1 + 6 + 27 + 19 * 7 == 167
    assert facts["p1.title"] == "Kultur for alle"
    assert facts["p1.objective1.keyword"] == "SKABER"
    assert facts["p1.project2.refs"] == "(1) (3)"
    assert facts["p1.project1.status.period"] == "2021-2023"
    assert facts["p3.project6.title"] == "Makerspace eller byg og kod med biblioteket"
    assert facts["p3.project6.plan.2025"] == "Makerspacet kører videre"


def test_score_is_strict_and_counts_split_projects():
    plan = text_plan("input/faxe-handleplan-2023.txt")
    glued = json.loads(json.dumps(plan))
    project = glued["pillars"][0]["projects"][2]
    project["description"] = project["description"].replace("kunstvandring er", "kunstvandringer")
    score = score_plan(plan, glued)
    assert score.matched == score.expected - 1
    assert [m[0] for m in score.mismatches] == ["p1.project3.description"]
    assert not score.whole

    split = json.loads(json.dumps(plan))
    projects = split["pillars"][1]["projects"]
    projects.insert(3, dict(projects[2], title="tail"))
    score = score_plan(plan, split)
    assert (score.extra_projects, score.missing_projects) == (1, 0)
    assert "p2.project9.title" in score.extra
    assert score.mismatches[0][0] == "p2.project4.title"


def test_score_collapses_whitespace_only():
    plan = text_plan("input/faxe-handleplan-2023.txt")
    spaced = json.loads(json.dumps(plan))
    spaced["pillars"][0]["title"] = "  Kultur   for\nalle "
    assert score_plan(plan, spaced).whole
    spaced["pillars"][0]["title"] = "Kultur for Alle"
    assert not score_plan(plan, spaced).whole


def test_layouts_are_reproducible_and_checked():
    assert draw_layout(7) == draw_layout(7)
    assert len({draw_layout(s) for s in layout_seeds(1, 30)}) == 30
    assert abs(sum(draw_layout(3).column_fractions(5)) - 1) < 1e-9
    with pytest.raises(ValueError, match="font"):
        Layout(**{**draw_layout(1).describe(), "col_weights": draw_layout(1).col_weights, "font": "Comic Sans"})


@pytest.mark.parametrize(
    ("expected", "got", "kind"),
    [
        ("kunstvandring er vil vi", "kunstvandringer vil vi", "glued"),
        ("undervisningsmateriale", "undervisningsmate riale", "split"),
        ("flere gode projekter", "\ufb02ere gode projekter", "ligature"),
        ("køn og interesser.", "køn og", "truncated"),
        ("Åben skole tilbud", "Åben skole tilbud Brætspils aftener", "overlong"),
        ("Kultur for alle", None, "missing"),
        ("Kultur for alle", "2021-2025", "other"),
        ("", "(1) (3)", "other"),
    ],
)
def test_mismatch_kind_names_what_went_wrong(expected, got, kind):
    assert mismatch_kind(expected, got) == kind


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_space_lost_in_any_project_field_costs_exactly_that_fact(data):
    plan = text_plan("input/faxe-handleplan-2023.txt")
    changed = json.loads(json.dumps(plan))
    p = data.draw(st.integers(0, len(changed["pillars"]) - 1))
    projects = changed["pillars"][p]["projects"]
    k = data.draw(st.integers(0, len(projects) - 1))
    field = data.draw(st.sampled_from(["title", "description", "status", "2025"]))
    holder, name = {
        "title": (projects[k], "title"),
        "description": (projects[k], "description"),
        "status": (projects[k]["status"], "text"),
        "2025": (projects[k]["plans"], "2025"),
    }[field]
    spaces = [i for i, ch in enumerate(holder[name] or "") if ch == " "]
    assume(spaces)
    at = data.draw(st.sampled_from(spaces))
    holder[name] = holder[name][:at] + holder[name][at + 1 :]
    score = score_plan(plan, changed)
    assert score.matched == score.expected - 1
    assert mismatch_kind(score.mismatches[0][1], score.mismatches[0][2]) == "glued"


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(1, id="list-numbering"),
        pytest.param(2, id="typed-numbers"),  # '1.<tab>SKABER vi …' and <p>1. SKABER vi …</p> are objectives too
    ],
)
@pytest.mark.parametrize("kind", ["docx", "html"])
def test_producer_inputs_carry_every_fact(kind, seed, tmp_path):
    """The Word file and the printable page the producers start from read back whole: a loss is the producer's."""
    from tests.fidelity.content import SOURCES, source_parts

    layout = draw_layout(seed)
    assert layout.list_numbering is (seed == 1)
    parts = source_parts(SOURCES["2023"])
    path = tmp_path / f"plan.{kind}"
    if kind == "docx":
        from tests.fidelity.docx_build import build_docx

        build_docx(parts, layout, path)
    else:
        from tests.fidelity.html_build import page_html

        path.write_text(page_html(parts, layout), encoding="utf-8")
    score = score_plan(text_plan("input/faxe-handleplan-2023.txt"), extract(path))
    assert score.mismatches == []
    assert score.whole
