"""The twin renderings of the fidelity benchmark (tests/fidelity/twins.py): a fact wrong only in its spaces is
rendered again from the source written as it was read; the same glyphs mean no reader could have told."""

from __future__ import annotations

from pathlib import Path

import reportlab  # noqa: F401  (the producer of the real twins below)

from tests.fidelity.content import SOURCES
from tests.fidelity.layouts import draw_layout
from tests.fidelity.producers import PRODUCERS
from tests.fidelity.twins import judge, local_change, spaces_only, twin_sources


def test_only_a_mismatch_of_spaces_has_a_twin():
    assert spaces_only("Brætspils aftener", "Brætspilsaftener")
    assert spaces_only("Læselyst og læseglædeforældre", "Læselyst og læ seglædeforældre")
    assert not spaces_only("Brætspils aftener", "Brætspils aftener")
    assert not spaces_only("(1)", "(1) (3)")
    assert not spaces_only("Brætspils aftener", None)


def test_a_twin_source_rewrites_one_occurrence_each_whatever_its_whitespace(tmp_path):
    source = tmp_path / "plan.txt"
    text = "<b>Litterære byvandring er</b>\tGennem kunstvandring\ner vil vi\tkunstvandring er\n"
    source.write_text(text, encoding="utf-8")
    twins = twin_sources(source, "kunstvandring er", "kunstvandringer", tmp_path, "t")
    assert [p.read_text(encoding="utf-8") for p in twins] == [
        "<b>Litterære byvandring er</b>\tGennem kunstvandringer vil vi\tkunstvandring er\n",
        "<b>Litterære byvandring er</b>\tGennem kunstvandring\ner vil vi\tkunstvandringer\n",
    ]
    assert twin_sources(source, "Reparations cafe", "Reparationscafe", tmp_path, "u") == []


def test_a_reportlab_twin_tells_a_word_the_file_cannot_hold_from_one_it_can(tmp_path):
    """reportlab, seed 35 (2023): the title "Brætspils aftener" wraps at its space on a full line, so the file is
    the same for "Brætspilsaftener" broken there; read as "Brætspil saftener", the lines break elsewhere."""
    producer = PRODUCERS["reportlab"]
    made = producer.render(SOURCES["2023"], draw_layout(35), tmp_path / "made")
    result = {"producer": "reportlab", "revision": "2023", "seed": 35, "file": str(made), "mismatches": []}
    for got in ("Brætspilsaftener", "Brætspil saftener"):
        result["mismatches"].append({"key": "p1.project2.title", "expected": "Brætspils aftener", "got": got})
    twins = judge([result], tmp_path / "twins")
    assert [t.verdict for t in twins] == ["indistinguishable", "distinguishable"]
    assert Path(made).exists()


def test_a_fact_held_in_pieces_by_the_source_is_twinned_at_its_one_change():
    """A cell the text plan splits over a page-break fragment is not in the source as one string: its one
    change, with a word on each side, is."""
    expected = "stor søgning til vores filmarrangementer. Det vurderes løbende om efterspørgslen er der"
    got = expected.replace("filmarrangementer.", "film arrangementer.")
    assert local_change(expected, got) == ("vores filmarrangementer. Det", "vores film arrangementer. Det")
    assert local_change("a b c d e", "ab c de") is None  # two changes
