"""The same plan in every format gives the same data as the text seed; run handles a mixed folder."""

from __future__ import annotations

import functools
import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.read import read_path
from pipeline.run import bytes_to_plan, extract
from tests.conftest import FIXTURES, ROOT, SEED

FORMATS = {".html": "html", ".docx": "docx", ".odt": "odt", ".pdf": "pdf", ".txt": "text"}

sys.path.insert(0, str(FIXTURES))  # the fixture scripts import each other as plain modules
import make_cms_html  # noqa: E402
import make_docx  # noqa: E402
import make_html  # noqa: E402
import make_odt  # noqa: E402


def without_sources(value):
    """Return ``value`` with every "source"-like key (source, title_source, intro_source) removed, recursively."""
    if isinstance(value, dict):
        return {k: without_sources(v) for k, v in value.items() if "source" not in k}
    if isinstance(value, list):
        return [without_sources(v) for v in value]
    return value


@pytest.fixture
def seed(seed_plan: dict) -> dict:
    return seed_plan


def test_the_fixture_folder_holds_the_html_and_word_plans():
    names = {p.name for p in FIXTURES.glob("plan-2023.*")}
    assert {"plan-2023.html", "plan-2023.docx", "plan-2023.odt", "plan-2023.odfpy.odt"} <= names


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("plan-2023.*")), ids=lambda p: p.name)
def test_every_format_gives_the_seed_plan_word_for_word(path: Path, seed: dict):
    plan = extract(path)
    assert plan["source"]["format"] == FORMATS[path.suffix]
    assert without_sources(plan) == without_sources(seed)
    # Values read by hand from the seed, so that a reader and the seed cannot be wrong together.
    assert [len(p["projects"]) for p in plan["pillars"]] == [5, 8, 6]
    assert [len(p["objectives"]) for p in plan["pillars"]] == [4, 2, 3]
    film = plan["pillars"][0]["projects"][3]
    assert film["title"] == "Filmklubber efter samtale med Faxe kommunes etablerede filmtilbud"
    assert film["status"]["text"] == (
        "Filmforevisningerne er fortsat. Der var været stor søgning til vores filmarrangementer. "
        "Det vurderes løbende om efterspørgslen er der, og om der er et overlap ift. øvrige tilbud i kommunen."
    )
    assert plan["pillars"][0]["projects"][2]["title"] == "Litterære byvandring er"
    digital = plan["pillars"][2]["projects"][3]
    assert (digital["title"], digital["objective_refs"], digital["plans"]) == (
        "Digital Ung",
        [3],
        {"2024": None, "2025": None},
    )
    # Every value can be found again in its source.
    for pillar in plan["pillars"]:
        for record in [pillar, *pillar["objectives"], *pillar["projects"]]:
            assert {"line", "page", "path"} & set(record["source"]), record


@pytest.mark.parametrize("stem", sorted(make_docx.SOURCES))
@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_the_fixture_scripts_rebuild_what_is_committed(tmp_path: Path, suffix: str, stem: str):
    target = tmp_path / f"{stem}{suffix}"
    (make_html if suffix == ".html" else make_docx).write_fixture(make_docx.SOURCES[stem], target)
    assert read_path(target).blocks == read_path(FIXTURES / target.name).blocks


@pytest.mark.parametrize("stem", sorted(make_docx.SOURCES))
def test_the_odfpy_script_rebuilds_what_is_committed(tmp_path: Path, stem: str):
    target = tmp_path / f"{stem}.odfpy.odt"
    make_odt.write_fixture(make_docx.SOURCES[stem], target)
    assert read_path(target).blocks == read_path(FIXTURES / target.name).blocks


@pytest.mark.parametrize("stem", sorted(make_docx.SOURCES))
@pytest.mark.parametrize("label", sorted(make_cms_html.FIXED))
def test_the_cms_script_rebuilds_what_is_committed(tmp_path: Path, label: str, stem: str):
    target = tmp_path / f"{stem}.{label}.html"
    make_cms_html.write_fixture(make_docx.SOURCES[stem], target, make_cms_html.FIXED[label])
    assert target.read_bytes() == (FIXTURES / target.name).read_bytes()


@pytest.mark.parametrize("seed_number", range(12))
def test_random_cms_pages_give_the_plan_word_for_word(seed_number: int, seed: dict):
    rng = random.Random(seed_number)
    variant = make_cms_html.random_variant(rng)
    plan = bytes_to_plan(make_cms_html.cms_page(seed, variant).encode(), "cms.html")
    assert plan["warnings"] == []
    assert without_sources(plan) == without_sources(seed), variant


def test_the_cms_fixtures_hold_chrome_that_must_not_become_plan():
    for name, markers in {
        "plan-2023.cms.html": (
            'role="dialog"',
            'aria-modal="true"',
            "<h2",
            "Brødkrummesti",
            "Relaterede sider",
            '<th scope="row">',
            "<td><p>",
            "<main",
            "<article>",
            '<div class="rte-table">',
        ),
        "plan-2023.cms-divs.html": ("<dialog open>", "<br>", "<td><strong>", 'class="breadcrumbs"', "Tlf. 56 20 30 00"),
    }.items():
        page = (FIXTURES / name).read_text(encoding="utf-8")
        for marker in markers:
            assert marker in page, (name, marker)
        # The consent dialog's heading comes before every heading of the plan.
        assert page.index("<h2") < page.index("<h1>Handleplan")


def test_run_handles_a_mixed_input_folder(tmp_path: Path, seed: dict):
    inputs = tmp_path / "input"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "faxe.txt")
    # Three different plans, so that each gets its own output folder.
    html_plan = dict(seed, title="Handleplan for Testby Bibliotek 2021-2025")
    docx_plan = dict(seed, title="Handleplan for Prøvested Borgerservice 2021-2025")
    (inputs / "testby.html").write_bytes(make_html.page_html(html_plan).encode("cp1252", "xmlcharrefreplace"))
    make_docx.build_docx(docx_plan, inputs / "proevested.docx", ruled=False, col_widths_cm=(3, 4, 4, 3, 3))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert len(result.stdout.splitlines()) == 3
    written = {}
    for plan_id in (
        "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025",
        "handleplan-for-testby-bibliotek-2021-2025",
        "handleplan-for-proevested-borgerservice-2021-2025",
    ):
        plan = json.loads((out / plan_id / "2023" / "plan.json").read_text(encoding="utf-8"))
        written[plan["source"]["format"]] = plan
        assert (out / plan_id / "2023" / "projects.csv").is_file()
    assert set(written) == {"text", "html", "docx"}
    for plan in written.values():
        assert without_sources(plan["pillars"]) == without_sources(seed["pillars"])


def test_run_writes_the_good_files_of_a_mixed_folder_and_reports_the_bad(tmp_path: Path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    shutil.copy(FIXTURES / "plan-2023.docx", inputs / "plan.docx")
    (inputs / "nyheder.html").write_bytes(b"<html><body><h1>Nyheder</h1><p>Lukket i dag.</p></body></html>")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inputs), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {inputs / 'nyheder.html'}: /html/body/h1: no pillar")
    assert (out / "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025" / "2023" / "plan.json").is_file()


HEAVY = ("bs4", "lxml", "docx", "pdfplumber")


def test_extracting_a_text_plan_imports_no_format_library():
    code = (
        "import sys, io, contextlib\n"
        "from cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['extract', {str(SEED)!r}, '-o', '-'], standalone_mode=False)\n"
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_extracting_html_and_word_loads_only_their_libraries():
    code = (
        "import sys\n"
        "from pipeline.run import extract\n"
        f"extract({str(FIXTURES / 'plan-2023.html')!r})\n"
        "html = {m.split('.')[0] for m in sys.modules}\n"
        f"extract({str(FIXTURES / 'plan-2023.docx')!r})\n"
        "word = {m.split('.')[0] for m in sys.modules} - html\n"
        "print(sorted(html & {'bs4', 'docx', 'pdfplumber'}), sorted(word & {'bs4', 'docx', 'pdfplumber'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['bs4'] ['docx']"


def test_extracting_opendocument_loads_lxml_and_no_other_format_library():
    code = (
        "import sys\n"
        "from pipeline.run import extract\n"
        f"extract({str(FIXTURES / 'plan-2023.odt')!r})\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bs4', 'docx', 'pdfplumber', 'lxml'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['lxml']"


def test_the_fixtures_hold_the_situations_they_are_made_for():
    page = (FIXTURES / "plan-2023.html").read_bytes()
    for marker in (b"charset=windows-1252", b"<header", b"<nav", b"<aside", b"<footer", b"<script>", b"<noscript>"):
        assert marker in page, marker
    for marker in (
        b'<td colspan="2">',
        b'<td rowspan="2">',
        b'<td rowspan="2"><b>',
        b"<tr><td></td>",
        b"&nbsp;",
        b"<br>",
    ):
        assert marker in page, marker
    with zipfile.ZipFile(FIXTURES / "plan-2023.docx") as package:
        body = package.read("word/document.xml").decode()
        numbering = package.read("word/numbering.xml").decode()
    assert body.count('<w:gridSpan w:val="2"/>') == 5
    assert body.count('<w:vMerge w:val="restart"/>') == 4
    assert body.count("<w:numId ") == 3 + 4 + 2 + 3  # intro list and each pillar's objectives: Word numbering
    assert numbering.count('<w:startOverride w:val="1"/>') == 4  # the intro list and one restart per pillar


ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.glob("plan-2023.*") if p.suffix in (".html", ".odt")),
    ids=lambda p: p.name,
)
def test_every_block_path_finds_its_element_and_text_in_the_source(path: Path):
    """A path is an XPath: into the page (lxml.html adds no tbody), or into content.xml from office:body."""
    from lxml import etree
    from lxml import html as lxml_html

    from pipeline.text import clean

    if path.suffix == ".html":
        tree = lxml_html.fromstring(path.read_bytes()).getroottree()
        find = tree.xpath
    else:
        body = etree.fromstring(zipfile.ZipFile(path).read("content.xml")).find("office:body", ODF_NS)
        find = functools.partial(body.xpath, namespaces=ODF_NS)
    for block in read_path(path).blocks:
        (element,) = find(block.pos.path)
        shown = "".join("".join(element.itertext()).split())
        for text in block.cells or (block.text,):
            assert "".join(clean(text).split()) in shown, (block.pos.path, text)
