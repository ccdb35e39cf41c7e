"""Structured fuzzing: hypothesis builds real documents per format (not random bytes) that reach a plan.

A drawn plan (pillars, numbered objectives, a project table) is written as a
PDF page with text and rules, a .docx with a table, an HTML page nested in
random containers, or a plan JSON with random values swapped in. Each must
give back the drawn projects, or, where it is drawn broken on purpose, end in
one PipelineError: never another exception. Example counts are modest so CI
stays fast.
"""

from __future__ import annotations

import html
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InvalidPlanError, PipelineError
from pipeline.limits import Limits
from pipeline.run import bytes_to_plan, load_plan
from tests import hostile

WORD = st.text(alphabet="abcdefghijklmnoprstuvyæøå", min_size=3, max_size=10)
PHRASE = st.lists(WORD, min_size=1, max_size=4).map(" ".join).map(str.capitalize)
SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def plans(draw) -> dict:
    """Draw a small plan: a title, one to three pillars with objectives and projects."""
    pillars = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        objectives = draw(st.lists(PHRASE, min_size=1, max_size=3))
        titles = draw(st.lists(PHRASE, min_size=1, max_size=3, unique_by=str.casefold))
        projects = [
            {
                "title": title,
                "description": draw(PHRASE),
                "refs": sorted(draw(st.sets(st.integers(1, len(objectives)), max_size=2))),
                "status": draw(st.sampled_from(["Igang", "Afsluttet", ""])),
                "year": draw(st.sampled_from(["x", "", "Ja"])),
            }
            for title in titles
        ]
        pillars.append({"title": f"Pejlemærke {n} - {draw(PHRASE)}", "objectives": objectives, "projects": projects})
    return {"title": f"Handleplan {draw(PHRASE)} 2023-2026", "pillars": pillars}


def _description(project: dict) -> str:
    refs = " ".join(f"({r})" for r in project["refs"])
    return f"{project['description']} {refs}".strip()


HEADER = ["Projekt", "Beskrivelse", "Status 2023", "2024"]


def _rows(pillar: dict) -> list[list[str]]:
    return [[p["title"], _description(p), p["status"], p["year"]] for p in pillar["projects"]]


def assert_projects(plan: dict, drawn: dict) -> None:
    got = [[p["title"] for p in pillar["projects"]] for pillar in plan["pillars"]]
    assert got == [[p["title"] for p in pillar["projects"]] for pillar in drawn["pillars"]]
    refs = [[p["objective_refs"] for p in pillar["projects"]] for pillar in plan["pillars"]]
    assert refs == [[p["refs"] for p in pillar["projects"]] for pillar in drawn["pillars"]]


# --- PDF: pages with text lines and ruled tables ------------------------------------------------------


def plan_to_pdf(plan: dict) -> bytes:
    """Return the plan as a PDF: one page per pillar, its table drawn with rules."""
    pages = []
    for index, pillar in enumerate(plan["pillars"]):
        lines, rules = [], []
        y = 790.0
        if index == 0:
            lines.append((56, y, 18, plan["title"]))
            y -= 36
        lines.append((56, y, 14, pillar["title"]))
        y -= 26
        for _ in range(4):  # body text, so that the headings stand out by size
            lines.append((56, y, 10, "Indsatsen beskrives her med almindelig brødtekst i planens sprog."))
            y -= 14
        y -= 10
        for k, objective in enumerate(pillar["objectives"], start=1):
            lines.append((56, y, 10, f"{k}. {objective}"))
            y -= 16
        y -= 12
        xs = [40, 220, 450, 510, 560]  # wide enough for the longest drawn cell at 7 pt: no cell overflows
        rows = [HEADER, *_rows(pillar)]
        top = y + 12
        for row in rows:
            for x, cell in zip(xs, row, strict=False):
                if cell:
                    lines.append((x + 4, y, 7, cell))
            y -= 20
        bottom = y + 12
        for r in range(len(rows) + 1):
            rules.append((xs[0], top - 20 * r, xs[-1], top - 20 * r))
        rules += [(x, top, x, bottom) for x in xs]
        pages.append(hostile.text_page(lines, rules))
    return hostile.pdf_bytes(pages)


@SLOW
@given(plans())
def test_drawn_pdf_reaches_its_plan(drawn: dict) -> None:
    assert_projects(bytes_to_plan(plan_to_pdf(drawn), "drawn.pdf"), drawn)


@SLOW
@given(plans(), st.integers(0, 10**9), st.sampled_from([0x00, 0xFF, 0x28, 0x29, 0x2F, 0x3C]))
def test_drawn_pdf_with_a_byte_changed(drawn: dict, where: int, value: int) -> None:
    data = bytearray(plan_to_pdf(drawn))
    data[where % len(data)] = value
    try:
        bytes_to_plan(bytes(data), "changed.pdf")
    except PipelineError as exc:
        assert "\n" not in str(exc)


# --- .docx with tables ------------------------------------------------------------------------------


def plan_to_docx(plan: dict) -> bytes:
    """Return the plan as a .docx made by python-docx: headings, numbered paragraphs, one table per pillar."""
    import docx

    document = docx.Document()
    document.add_heading(plan["title"], level=1)
    for pillar in plan["pillars"]:
        document.add_heading(pillar["title"], level=2)
        for k, objective in enumerate(pillar["objectives"], start=1):
            document.add_paragraph(f"{k}. {objective}")
        rows = [HEADER, *_rows(pillar)]
        table = document.add_table(rows=len(rows), cols=len(HEADER))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@SLOW
@given(plans())
def test_drawn_docx_reaches_its_plan(drawn: dict) -> None:
    assert_projects(bytes_to_plan(plan_to_docx(drawn), "drawn.docx"), drawn)


# --- HTML nested in random containers ---------------------------------------------------------------

CONTAINERS = st.lists(
    st.sampled_from(["div", "section", "article", "main", "span", "center", "blockquote"]), max_size=40
)


def plan_to_html(plan: dict, wrappers: list[str]) -> bytes:
    """Return the plan as an HTML page whose content sits inside ``wrappers``, outermost first."""
    e = html.escape
    parts = [f"<h1>{e(plan['title'])}</h1>"]
    for pillar in plan["pillars"]:
        parts.append(f"<h2>{e(pillar['title'])}</h2><ol>")
        parts += [f"<li>{e(o)}</li>" for o in pillar["objectives"]]
        parts.append("</ol><table><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>")
        for row in _rows(pillar):
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    body = "".join(f"<{w}>" for w in wrappers) + "".join(parts) + "".join(f"</{w}>" for w in reversed(wrappers))
    return f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>".encode()


@settings(max_examples=40, deadline=None)
@given(plans(), CONTAINERS)
def test_drawn_html_reaches_its_plan(drawn: dict, wrappers: list[str]) -> None:
    assert_projects(bytes_to_plan(plan_to_html(drawn, wrappers), "drawn.html"), drawn)


@settings(max_examples=20, deadline=None)
@given(plans(), st.integers(0, 400), st.sampled_from(["div", "span", "b", "li", "td"]))
def test_deep_html_is_a_plan_or_the_depth_error(drawn: dict, depth: int, tag: str) -> None:
    page = plan_to_html(drawn, [tag] * depth)
    try:
        bytes_to_plan(page, "deep.html", limits=Limits(max_html_depth=100))
    except PipelineError as exc:
        assert "\n" not in str(exc)


# --- plan JSON with values swapped ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_plan_json_with_a_value_swapped(tmp_path_factory, drawn: dict, data: st.DataObject) -> None:
    plan = bytes_to_plan(plan_to_html(drawn, []), "drawn.html")
    paths = [p for p in _paths(plan) if p]
    path = data.draw(st.sampled_from(paths))
    node = plan
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(JSON_VALUES)
    target = tmp_path_factory.mktemp("json") / "plan.json"
    target.write_text(json.dumps(plan), encoding="utf-8")
    try:
        load_plan(target)
    except InvalidPlanError as exc:
        assert "\n" not in str(exc)
