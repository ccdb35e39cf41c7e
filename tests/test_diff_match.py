"""Matching and comparing two plan revisions, on short inline plan dicts."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.diff import diff_plans
from pipeline.diff.compare import word_ops
from pipeline.diff.match import DiffSettings
from pipeline.text import slugify
from pipeline.validate import schema_errors


def project(title: str, description: str = "", refs=(), status: str | None = "Kører", plans=None) -> dict:
    return {"title": title, "description": description, "objective_refs": list(refs), "status": status, "plans": plans}


def plan(*pillars: tuple, years=(2024, 2025), status_period="2021-2023", name="old.txt", objectives=None) -> dict:
    """Return a schema-valid plan dict; each pillar is (title, [project(...)...])."""
    out = []
    for number, (title, projects) in enumerate(pillars, start=1):
        pid = f"p{number}"
        texts = (objectives or {}).get(title, ["SKABER vi noget."])
        out.append(
            {
                "number": number,
                "id": pid,
                "title": title,
                "table": {"columns": []},
                "notes": [],
                "objectives": [
                    {"number": n, "id": f"{pid}-o{n}", "keyword": None, "text": t} for n, t in enumerate(texts, start=1)
                ],
                "projects": [
                    {
                        "id": f"{pid}-{slugify(p['title'])}",
                        "title": p["title"],
                        "description": p["description"],
                        "objective_refs": p["objective_refs"],
                        "status": {"period": status_period, "text": p["status"]},
                        "plans": p["plans"] or {str(y): f"Plan {y}" for y in years},
                        "source": {"line": 1},
                    }
                    for p in projects
                ],
            }
        )
    result = {
        "schema_version": "1.0",
        "id": "handleplan",
        "title": "Handleplan 2021-2025",
        "organisation": None,
        "period": {"start": 2021, "end": 2025},
        "revision": {"label": status_period[-4:], "status_period": status_period, "years": list(years)},
        "source": {"file": name, "format": "text", "sha256": hashlib.sha256(name.encode()).hexdigest()},
        "intro": [],
        "headings": [],
        "notes": [],
        "pillars": out,
        "warnings": [],
    }
    assert schema_errors(result) == []
    return result


def checked(old: dict, new: dict, **kw) -> dict:
    diff = diff_plans(old, new, **kw)
    assert schema_errors(diff, "diff.schema.json") == []
    return diff


def pairs(diff: dict) -> list[tuple]:
    """Return (change, renamed, moved, old pillar, old title, new pillar, new title) per project."""
    out = []
    for p in diff["projects"]:
        old, new = p["old"] or {}, p["new"] or {}
        out.append(
            (
                p["change"],
                p["renamed"],
                p["moved"],
                old.get("pillar"),
                old.get("title"),
                new.get("pillar"),
                new.get("title"),
            )
        )
    return sorted(out, key=repr)


def test_identical_plans_are_the_same():
    a = plan(("Kultur", [project("Brætspil", "Spilaftener"), project("Film", "Filmklub")]))
    diff = checked(a, plan(("Kultur", [project("Brætspil", "Spilaftener"), project("Film", "Filmklub")])))
    assert diff["same"] is True
    assert diff["summary"] == {"added": 0, "removed": 0, "changed": 0, "unchanged": 2, "renamed": 0, "moved": 0}
    assert diff["document"] == [] and diff["objectives"] == []
    assert all(p["fields"] == [] and p["similarity"] == 1.0 for p in diff["projects"])


def test_title_folding_matches_case_quotes_dashes_and_markup():
    old = plan(("Kultur", [project('Projekt "Nye serviceformer" – borgerservice', "Hjemmebesøg")]))
    new = plan(("Kultur", [project("<b>projekt ”nye  serviceformer” - Borgerservice</b>", "Hjemmebesøg")]))
    diff = checked(old, new)
    entry = diff["projects"][0]
    assert (entry["match"], entry["renamed"], entry["moved"]) == ("exact", False, False)
    # The typography of the title did change, and a diff never hides a change.
    assert [f["field"] for f in entry["fields"]] == ["title"]


def test_rename_inside_a_pillar():
    desc = "Gennem litteratur og kunstvandring er vil vi vise nye sider af Faxe kommune"
    old = plan(("Kultur", [project("Litterære byvandring er", desc), project("Film", "Filmklub")]))
    new = plan(("Kultur", [project("Litterære byvandringer", desc), project("Film", "Filmklub")]))
    diff = checked(old, new)
    assert pairs(diff)[0] == (
        "changed",
        True,
        False,
        "Kultur",
        "Litterære byvandring er",
        "Kultur",
        "Litterære byvandringer",
    )
    renamed = next(p for p in diff["projects"] if p["renamed"])
    assert renamed["match"] == "rename" and renamed["similarity"] > 0.9
    assert renamed["fields"][0]["field"] == "title"
    assert diff["summary"]["renamed"] == 1 and diff["summary"]["changed"] == 1


def test_unrelated_new_and_old_projects_are_added_and_removed_not_renamed():
    old = plan(("Digital", [project("Digital Ung", "Undervisningsmateriale til folkeskolens ældste klasser")]))
    new = plan(("Digital", [project("Digital hjælp til MitID", "Træffetider med hjælp til MitID og Digital Post")]))
    diff = checked(old, new)
    assert [(p["change"], p["similarity"]) for p in diff["projects"]] == [("added", None), ("removed", None)]
    assert diff["summary"]["added"] == 1 and diff["summary"]["removed"] == 1


def test_move_to_another_pillar_keeps_the_project():
    drift = project("Drift og udvikling", "Uddannelsesforløb for personalet")
    old = plan(("Kultur", [project("Film", "Filmklub")]), ("Sprog", [drift, project("Læsecenter", "Læsning")]))
    new = plan(("Kultur", [project("Film", "Filmklub"), drift]), ("Sprog", [project("Læsecenter", "Læsning")]))
    diff = checked(old, new)
    moved = [p for p in diff["projects"] if p["moved"]]
    assert len(moved) == 1
    assert (moved[0]["old"]["pillar"], moved[0]["new"]["pillar"], moved[0]["change"]) == ("Sprog", "Kultur", "changed")
    assert moved[0]["renamed"] is False and moved[0]["fields"] == []
    assert diff["summary"] == {"added": 0, "removed": 0, "changed": 1, "unchanged": 2, "renamed": 0, "moved": 1}


def test_move_and_rename_together():
    old = plan(
        ("Kultur", []),
        (
            "Sprog",
            [
                project(
                    "Drift og udvikling af kompetencer",
                    "Uddannelsesforløb for personalet, så driften af det klassiske bibliotek sikres",
                )
            ],
        ),
    )
    new = plan(
        (
            "Kultur",
            [
                project(
                    "Drift og udvikling af faglige kompetencer",
                    "Uddannelsesforløb for personalet, så driften af det klassiske bibliotek sikres",
                )
            ],
        ),
        ("Sprog", []),
    )
    diff = checked(old, new)
    [entry] = diff["projects"]
    assert (entry["change"], entry["renamed"], entry["moved"], entry["match"]) == ("changed", True, True, "move")


def test_title_in_two_pillars_is_matched_inside_its_own_pillar_first():
    skole = "I samarbejde med skolerne udvikler vi projekter"
    old = plan(
        ("Kultur", [project("Åben skole tilbud", skole, status="Makerspace aktiviteter")]),
        ("Sprog", [project("Åben skole tilbud", skole, status="En succes")]),
    )
    new = plan(
        ("Kultur", [project("Åben skole tilbud", skole, status="Programmeringskurser")]),
        ("Sprog", [project("Åben skole tilbud", skole, status="En succes")]),
    )
    diff = checked(old, new)
    by_pillar = {p["new"]["pillar"]: p for p in diff["projects"]}
    assert by_pillar["Kultur"]["old"]["pillar"] == "Kultur" and by_pillar["Kultur"]["change"] == "changed"
    assert by_pillar["Kultur"]["fields"][0]["new"] == "Programmeringskurser"
    assert by_pillar["Sprog"]["old"]["pillar"] == "Sprog" and by_pillar["Sprog"]["change"] == "unchanged"
    assert not any(p["moved"] for p in diff["projects"])


def test_title_in_two_pillars_one_moved_away():
    skole = "I samarbejde med skolerne udvikler vi projekter"
    old = plan(
        ("Kultur", [project("Åben skole tilbud", skole)]),
        ("Sprog", [project("Åben skole tilbud", skole)]),
        ("Digital", []),
    )
    new = plan(
        ("Kultur", [project("Åben skole tilbud", skole)]),
        ("Sprog", []),
        ("Digital", [project("Åben skole tilbud", skole)]),
    )
    assert pairs(checked(old, new)) == [
        ("changed", False, True, "Sprog", "Åben skole tilbud", "Digital", "Åben skole tilbud"),
        ("unchanged", False, False, "Kultur", "Åben skole tilbud", "Kultur", "Åben skole tilbud"),
    ]


def test_an_exact_title_in_another_pillar_beats_a_fuzzy_rename_in_the_same_pillar():
    old = plan(("Kultur", []), ("Sprog", [project("Drift og udvikling", "Kurser for personalet")]))
    new = plan(
        ("Kultur", [project("Drift og udvikling", "Kurser for personalet")]),
        ("Sprog", [project("Drift og udvikling af læsecentret", "Kurser for personalet i læsecentret")]),
    )
    assert pairs(checked(old, new)) == [
        ("added", False, False, None, None, "Sprog", "Drift og udvikling af læsecentret"),
        ("changed", False, True, "Sprog", "Drift og udvikling", "Kultur", "Drift og udvikling"),
    ]


def test_duplicate_titles_in_one_pillar_pair_in_order():
    old = plan(("Kultur", [project("Film", "A", status="1"), project("Film", "B", status="2")]))
    new = plan(("Kultur", [project("Film", "A", status="1"), project("Film", "B", status="2")]))
    assert checked(old, new)["same"] is True


def test_changed_fields_refs_status_and_common_plan_years_only():
    old = plan(
        (
            "Kultur",
            [
                project(
                    "Brætspil",
                    "Spilaftener",
                    refs=[1, 3],
                    status="Fortsat",
                    plans={"2024": "Fortsættes", "2025": "Drives af frivillige"},
                )
            ],
        )
    )
    new = plan(
        (
            "Kultur",
            [
                project(
                    "Brætspil",
                    "Spilaftener i lokalområderne",
                    refs=[1, 3, 4],
                    status="Drives nu",
                    plans={"2025": "Drives af frivillige alene"},
                )
            ],
        ),
        years=(2025,),
        status_period="2021-2024",
        name="new.txt",
    )
    diff = checked(old, new)
    assert diff["document"][0] == {
        "field": "status_period",
        "old": "2021-2023",
        "new": "2021-2024",
        "words": [{"op": "delete", "text": "2021-2023"}, {"op": "insert", "text": "2021-2024"}],
    }
    assert [(d["field"], d["old"], d["new"]) for d in diff["document"][1:]] == [("years", [2024, 2025], [2025])]
    fields = diff["projects"][0]["fields"]
    assert [(f["field"], f["old"], f["new"]) for f in fields] == [
        ("description", "Spilaftener", "Spilaftener i lokalområderne"),
        ("objective_refs", [1, 3], [1, 3, 4]),
        ("status.text", "Fortsat", "Drives nu"),
        ("plans.2025", "Drives af frivillige", "Drives af frivillige alene"),
    ]
    assert fields[3]["words"] == [{"op": "equal", "text": "Drives af frivillige"}, {"op": "insert", "text": " alene"}]
    assert diff["old"]["revision"] == "2023" and diff["new"]["revision"] == "2024"


def test_objectives_added_removed_reworded():
    old = plan(("Kultur", []), objectives={"Kultur": ["SKABER vi et mødested.", "TILBYDER vi viden.", "FOKUSERER vi."]})
    new = plan(("Kultur", []), objectives={"Kultur": ["SKABER vi et mødested.", "TILBYDER vi viden og læring."]})
    new["pillars"][0]["objectives"][1]["number"] = 2
    new["pillars"][0]["objectives"].append({"number": 5, "id": "p1-o5", "keyword": None, "text": "NYT mål."})
    diff = checked(old, new)
    assert [(o["change"], o["pillar"], o["number"], o["old"], o["new"]) for o in diff["objectives"]] == [
        ("reworded", "Kultur", 2, "TILBYDER vi viden.", "TILBYDER vi viden og læring."),
        ("removed", "Kultur", 3, "FOKUSERER vi.", None),
        ("added", "Kultur", 5, None, "NYT mål."),
    ]
    assert diff["same"] is False


def test_pillars_renamed_added_removed_and_their_projects_follow():
    old = plan(("Kultur for alle", [project("Film", "Filmklub")]), ("Borgeren digitalt", [project("Digital Ung", "x")]))
    new = plan(
        ("Kultur for alle borgere", [project("Film", "Filmklub")]),
        ("Læring hele livet", []),
        ("Borgeren digitalt", [project("Digital Ung", "x")]),
    )
    diff = checked(old, new)
    assert [
        (p["change"], (p["old"] or {}).get("title"), (p["new"] or {}).get("title"), p["renumbered"])
        for p in diff["pillars"]
    ] == [
        ("renamed", "Kultur for alle", "Kultur for alle borgere", False),
        ("unchanged", "Borgeren digitalt", "Borgeren digitalt", True),
        ("added", None, "Læring hele livet", False),
    ]
    # A project whose pillar was renamed is not moved.
    film = next(p for p in diff["projects"] if p["new"]["title"] == "Film")
    assert (film["change"], film["moved"], film["old"]["pillar"]) == ("unchanged", False, "Kultur for alle")


def test_project_of_a_removed_pillar_moves_to_a_kept_one():
    old = plan(("Kultur", []), ("Sprog", [project("Læsecenter", "Læsning i Faxe")]))
    new = plan(("Kultur", [project("Læsecenter", "Læsning i Faxe")]))
    diff = checked(old, new)
    assert [p["change"] for p in diff["pillars"]] == ["unchanged", "removed"]
    assert pairs(diff) == [("changed", False, True, "Sprog", "Læsecenter", "Kultur", "Læsecenter")]


def test_thresholds_are_checked_and_used():
    with pytest.raises(ValueError, match="rename_threshold"):
        DiffSettings(rename_threshold=1.5)
    desc = "Gennem litteratur vil vi vise nye sider af kommunen"
    old = plan(("Kultur", [project("Byvandring", desc)]))
    new = plan(("Kultur", [project("Litterære vandringer", desc)]))
    assert checked(old, new)["summary"]["renamed"] == 1
    strict = checked(old, new, settings=DiffSettings(rename_threshold=0.99, move_threshold=0.99))
    assert strict["summary"] == {"added": 1, "removed": 1, "changed": 0, "unchanged": 0, "renamed": 0, "moved": 0}


def test_word_ops_fold_small_equal_runs_into_one_change():
    ops = word_ops("Samarbejdet med frivillige er fortsat", "Spilaftenerne drives af de frivillige, og er kommet")
    assert [o["op"] for o in ops] == ["delete", "insert"]
    assert word_ops("et aktuelt og nærværende program", "et aktuelt, nærværende og varieret program") == [
        {"op": "equal", "text": "et "},
        {"op": "delete", "text": "aktuelt og nærværende"},
        {"op": "insert", "text": "aktuelt, nærværende og varieret"},
        {"op": "equal", "text": " program"},
    ]


@given(st.text(alphabet="ab cæ.\n", max_size=40), st.text(alphabet="ab cæ.\n", max_size=40))
def test_word_ops_rebuild_both_texts(old, new):
    ops = word_ops(old, new)
    assert "".join(o["text"] for o in ops if o["op"] != "insert") == old
    assert "".join(o["text"] for o in ops if o["op"] != "delete") == new
    assert all(o["text"] for o in ops)


def test_large_leftovers_score_only_pairs_sharing_an_uncommon_word():
    desc = "Gennem litteratur og kunstvandringer vil vi vise nye sider af kommunen"
    old = plan(("Kultur", [project("Byvandring", desc), project("Film", "Filmklub for dem på barsel")]))
    new = plan(("Kultur", [project("Litterære byvandringer", desc), project("Brætspil", "Spilaftener")]))
    exhaustive = checked(old, new)
    blocked = checked(old, new, settings=DiffSettings(max_exhaustive_pairs=0))
    assert pairs(blocked) == pairs(exhaustive)
    assert blocked["summary"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 0, "renamed": 1, "moved": 0}
    with pytest.raises(ValueError, match="max_exhaustive_pairs"):
        DiffSettings(max_exhaustive_pairs=-1)


def test_same_number_is_a_renamed_pillar_only_with_some_likeness():
    kept = project("Makerspace", "Værksted for digitale og fysiske skaberprocesser")
    old = plan(("Kultur", []), ("Borgeren i den digitale transformation", [kept]))
    renamed = checked(old, plan(("Kultur", []), ("Digital dannelse", [kept])))
    assert [p["change"] for p in renamed["pillars"]] == ["unchanged", "renamed"]
    assert renamed["projects"][0]["change"] == "unchanged"
    replaced = checked(old, plan(("Kultur", []), ("Sundhed", [project("Motion", "Gåture for ældre")])))
    assert [p["change"] for p in replaced["pillars"]] == ["unchanged", "removed", "added"]
    assert sorted(p["change"] for p in replaced["projects"]) == ["added", "removed"]


_texts = st.text(alphabet="abcæ ", min_size=1, max_size=8)
_projects = st.lists(st.tuples(_texts, _texts), max_size=5)
_pillars = st.lists(
    st.tuples(st.sampled_from(["Kultur", "Sprog", "Digital", "Læring"]), _projects),
    min_size=1,
    max_size=3,
    unique_by=lambda p: p[0],
)


@given(_pillars, _pillars)
def test_any_two_plans_give_a_valid_one_to_one_diff(old_pillars, new_pillars):
    def build(pillars, name):
        return plan(*((t, [project(a, b) for a, b in ps]) for t, ps in pillars), name=name)

    old, new = build(old_pillars, "old.txt"), build(new_pillars, "new.txt")
    diff = checked(old, new)
    s = diff["summary"]
    assert s["added"] + s["changed"] + s["unchanged"] == sum(len(ps) for _, ps in new_pillars)
    assert s["removed"] + s["changed"] + s["unchanged"] == sum(len(ps) for _, ps in old_pillars)
    old_ids = [(p["old"]["pillar"], p["old"]["id"]) for p in diff["projects"] if p["old"]]
    new_ids = [(p["new"]["pillar"], p["new"]["id"]) for p in diff["projects"] if p["new"]]
    assert sorted(old_ids) == sorted((pl["title"], pr["id"]) for pl in old["pillars"] for pr in pl["projects"])
    assert sorted(new_ids) == sorted((pl["title"], pr["id"]) for pl in new["pillars"] for pr in pl["projects"])
    assert checked(old, old)["same"] is True
