"""Property tests: any input gives a plan or our own error, never another exception."""

from __future__ import annotations

import string
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.normalise import split_refs
from pipeline.run import bytes_to_plan
from pipeline.validate import schema_errors
from tests.conftest import SEED

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def plan_or_our_error(data: bytes, name: str) -> dict | None:
    try:
        plan = bytes_to_plan(data, name)
    except PipelineError as exc:
        assert str(exc).startswith(f"{name}: ")
        assert "\n" not in str(exc)
        return None
    assert schema_errors(plan) == []
    return plan


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    plan_or_our_error(data, "any.txt")


# Text made of the pieces plans are made of: headings, items, tabs, pipes, refs, markup.
PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "1. ",
        "2) ",
        "- ",
        "\t",
        "|",
        "\n",
        "\n\n",
        "(1)",
        "(2, 3)",
        "(2023)",
        "<b>",
        "</b>",
        "Projekt",
        "Beskrivelse",
        "Status 2021-2023",
        "2024",
        "2025",
        "Pejlemærke 1 - ",
        "SKABER vi",
        "--",
        " ",
        "æøå",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(string.printable + "æøåÆØÅ–“”", max_size=12)), max_size=80))
def test_any_plan_like_text(pieces: list[str]) -> None:
    plan_or_our_error("".join(pieces).encode(), "plan.txt")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_seed_with_lines_dropped_or_shuffled(data: st.DataObject) -> None:
    lines = data.draw(st.lists(st.sampled_from(SEED_LINES), max_size=len(SEED_LINES)))
    plan_or_our_error("\n".join(lines).encode(), "seed-mutant.txt")


@given(st.text(alphabet=st.sampled_from(list("ab (),;123 2023\t")), max_size=60) | st.text(max_size=60))
def test_split_refs_removes_only_reference_characters(text: str) -> None:
    stripped, refs = split_refs(text)
    assert refs == sorted(set(refs))
    assert all(1 <= r <= 99 for r in refs)
    # What is kept is the source's characters in order; what is removed is only parentheses, digits, separators.
    kept = [c for c in stripped if not c.isspace()]
    removed = Counter(c for c in text if not c.isspace())
    removed.subtract(kept)
    assert all(n >= 0 for n in removed.values())
    assert set(+removed) <= set("0123456789(),;")
    it = iter(c for c in text if not c.isspace())
    assert all(c in it for c in kept)
    assert bool(refs) == bool(+removed)


GLYPH = st.fixed_dictionaries(
    {
        "text": st.sampled_from([*"abcæøå -.", "ﬁ"]),
        "x0": st.floats(0, 200, allow_nan=False),
        "width": st.floats(0, 12, allow_nan=False),
        "top": st.sampled_from([100.0, 100.4, 112.0, 113.0]),
        "size": st.sampled_from([8.0, 10.0, 12.0]),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(GLYPH, max_size=60))
def test_pdf_glyphs_anywhere_read_into_lines_keep_every_glyph_once(glyphs: list[dict]) -> None:
    # Glyphs in any order and place, painted over each other or not (overprints), become lines holding each
    # glyph's letters exactly once: nothing lost, nothing invented.
    from pipeline.read.pdf.layout import chars_to_lines

    chars = [
        {
            "text": g["text"],
            "x0": g["x0"],
            "x1": g["x0"] + g["width"],
            "top": g["top"],
            "bottom": g["top"] + g["size"],
            "size": g["size"],
            "fontname": "AAAAAA+LiberationSans",
            "upright": True,
        }
        for g in glyphs
    ]
    lines = chars_to_lines(chars, 1)
    letters = Counter(ch for g in glyphs for ch in ("fi" if g["text"] == "ﬁ" else g["text"]) if ch.strip())
    assert Counter(ch for line in lines for seg in line.segments for ch in seg.text if ch.strip()) == letters
