"""Hostile files (issue 9, the reader side): limits, bombs, deep nesting, quadratic regexes, crashes.

Every file is made here or by ``tests/hostile.py``; each ends in one
PipelineError (the CLI's one ``Error:`` line) or in a plan, never in a
traceback, a hang or a machine out of memory.
"""

from __future__ import annotations

import os
import re
import signal
import threading

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import main
from pipeline.errors import FormatError, InputError, InvalidPlanError, PipelineError
from pipeline.limits import Limits, check_zip, read_limited
from pipeline.normalise import split_refs
from pipeline.read import load_bytes, read_bytes
from pipeline.read.isolate import read_guarded
from pipeline.read.text import _ATX, _atx_title, strong_to_b
from pipeline.read.textdecode import decode
from pipeline.run import bytes_to_plan, load_plan
from tests import hostile
from tests.conftest import FIXTURES, HEADER, plan_text

MIB = 1024 * 1024

# --- limits are checked settings ----------------------------------------------------------------


def test_limits_check_themselves() -> None:
    with pytest.raises(ValueError, match="max_pdf_pages must be positive"):
        Limits(max_pdf_pages=0)
    with pytest.raises(ValueError, match="max_html_depth must be at most 400"):
        Limits(max_html_depth=5000)
    with pytest.raises(ValueError, match="whole number"):
        Limits(max_line_chars=1.5)
    with pytest.raises(ValueError, match="max_zip_member_bytes must not exceed"):
        Limits(max_zip_member_bytes=2 * MIB, max_zip_total_bytes=MIB)
    assert Limits(reader_memory_bytes=0).reader_memory_bytes == 0  # 0: read in this process


# --- regexes stay linear ---------------------------------------------------------------------------

_OLD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_OLD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")


@settings(max_examples=300)
@given(st.text(alphabet="*_ a\n#\t", max_size=24))
def test_strong_to_b_is_the_old_regex(text: str) -> None:
    assert strong_to_b(text) == _OLD_STRONG.sub(r"<b>\2</b>", text)


@settings(max_examples=300)
@given(st.text(alphabet="# a\tb", max_size=20))
def test_atx_heading_is_the_old_regex(line: str) -> None:
    old, new = _OLD_ATX.match(line), _ATX.match(line)
    assert bool(old) == bool(new)
    if old:
        assert (old.group(1), old.group(2)) == (new.group(1), _atx_title(new.group(2)))


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("(1" + " " * 1_000_000 + "x", []),
        ("a (1)" + " " * 1_000_000 + "(2)", [1, 2]),
        ("(mål 1 og" + " " * 1_000_000 + ")", []),
        (" " * 1_000_000 + "(1)", [1]),
    ],
)
def test_reference_runs_stay_linear_on_long_blank_runs(text: str, refs: list[int]) -> None:
    # Settings.reference_run_re has no leading \s* (retried at every space of a run, it was quadratic).
    assert split_refs(text)[1] == refs


def test_quadratic_inputs_go_through_every_stage() -> None:
    """262,144 ``**a `` on one line and a heading of a million spaces (minutes each before the fix)."""
    wide = Limits(max_line_chars=2_000_000)
    stars = (
        b"# Handleplan\n\n" + b"**a " * 262_144 + b"\n\n" + plan_text(f"## Pejlem\xc3\xa6rke 1\n\n{HEADER}").encode()
    )
    plan = bytes_to_plan(stars, "stars.txt", limits=wide)
    assert plan["pillars"][0]["title"].startswith("Pejlem")
    doc = read_bytes(b"# a" + b" " * 1_000_000 + b"b #\n", "spaces.txt", limits=wide)
    assert doc.blocks[0].text == "a" + " " * 1_000_000 + "b"
    assert split_refs("(1" + " " * 1_000_000 + "x") == ("(1 x", [])


def test_line_length_limit() -> None:
    with pytest.raises(InputError, match=r"line 3: 1048576 characters, the limit is 1000000 \(max_line_chars\)"):
        read_bytes(b"# Plan\n\n" + b"**a " * 262_144, "stars.txt")


# --- input size: files, FIFOs, endless streams ------------------------------------------------------


def test_dev_zero_stops_at_the_input_limit() -> None:
    small = Limits(max_input_bytes=MIB)
    with pytest.raises(InputError, match=r"larger than the input size limit of 1 MB \(max_input_bytes\)"):
        load_bytes("/dev/zero", small)


def test_cli_extract_dev_zero() -> None:
    result = CliRunner().invoke(main, ["extract", "/dev/zero"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: /dev/zero: larger than the input size limit of 128 MB")


def test_endless_fifo_stops_at_the_input_limit(tmp_path) -> None:
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write() -> None:
        try:
            with open(fifo, "wb") as pipe:
                while not stop.is_set():
                    pipe.write(b"y\n" * 65536)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="larger than the input size limit"):
        load_bytes(fifo, Limits(max_input_bytes=MIB))
    stop.set()
    writer.join(5)


def test_large_regular_file_is_refused_before_reading(tmp_path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(2 * MIB)  # sparse: nothing is read
    with pytest.raises(InputError, match=r"2 MB is larger than the input size limit of 1 MB"):
        load_bytes(big, Limits(max_input_bytes=MIB))


def test_read_limited_reads_up_to_the_limit() -> None:
    import io

    assert read_limited(io.BytesIO(b"x" * 100), "s", Limits(max_input_bytes=100)) == b"x" * 100


# --- HTML --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["div", "span", "b", "table"])
def test_deeply_nested_html_is_one_error(tag: str) -> None:
    with pytest.raises(FormatError, match=r"elements nest more than 256 deep \(max_html_depth\)"):
        read_bytes(hostile.nested_html(500, tag), "deep.html")


def test_nested_html_under_the_limit_reads() -> None:
    doc = read_bytes(hostile.nested_html(200), "deep.html")
    assert [b.text for b in doc.blocks] == ["Handleplan 2023"]


def test_cli_nested_divs(tmp_path) -> None:
    page = tmp_path / "deep.html"
    page.write_bytes(hostile.nested_html(500))
    result = CliRunner().invoke(main, ["extract", str(page), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"Error: {page}: elements nest more than 256 deep (max_html_depth)\n"


@pytest.mark.parametrize("label", ["undefined", "rot13", "base64", "x-user-defined", "utf-7"])
def test_meta_charset_that_is_no_text_encoding(label: str) -> None:
    page = f"<html><head><meta charset={label}></head><body><h1>Handleplan æøå</h1></body></html>"
    doc = read_bytes(page.encode(), "page.html")
    assert doc.blocks[0].text == "Handleplan æøå"


# --- text decoding --------------------------------------------------------------------------------


def test_invalid_utf8_names_the_first_bad_byte() -> None:
    data = "Plan æ".encode() + b"\xff ok \x81"
    with pytest.raises(InputError, match=r"invalid UTF-8 at byte 7 \(0xff\), and byte 12 \(0x81\) is not Windows"):
        decode(data, "bad.txt")


# --- tables: a header cell in a data row ------------------------------------------------------------


def test_header_cells_in_a_data_row_are_no_traceback() -> None:
    text = plan_text("## Pejlemærke 1 Læring\n\nProjekt\tBeskrivelse\t2023\nA\tb\tx\nB\tc\tStatus 2023\t2024\t2025")
    plan = bytes_to_plan(text.encode(), "header-in-row.txt")
    project = plan["pillars"][0]["projects"][0]
    assert (project["title"], project["description"]) == ("A", "b")


# --- plan JSON for validate and diff ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "JSON nests more than 64 deep"),
        (b'{"a":' * 65 + b"1" + b"}" * 65, "JSON nests more than 64 deep"),
        (b'{"a": 1' + b"0" * 100_000 + b"}", "Exceeds the limit (4300 digits)"),
        (b'{"a": 1e999}', "number 1e999 is out of range"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": -Infinity}', "-Infinity is not a JSON number"),
    ],
)
def test_hostile_plan_json(tmp_path, data: bytes, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    with pytest.raises(InvalidPlanError, match=re.escape(message)):
        load_plan(path)
    for args in (
        ["validate", str(path)],
        ["diff", str(path), str(path)],
        ["diff", "--fail-if-diff", str(path), str(path)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (1, 2), args
        assert result.output.startswith(f"Error: {path}: not a plan: "), result.output
        assert "Traceback" not in result.output


# --- zip packages (.docx, later .odt) ---------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["plan-2023.docx", "plan-2023.odt"])
def test_zip_member_bomb_is_refused_before_inflating(fixture: str) -> None:
    bomb = hostile.zip_bomb((FIXTURES / fixture).read_bytes(), member_bytes=129 * MIB)
    assert len(bomb) < 1 * MIB
    with pytest.raises(FormatError, match=r"word/media/zeros.bin: inflates to 129 MB, the limit is 64 MB"):
        read_bytes(bomb, f"bomb{fixture[-5:]}")


def test_docx_total_and_member_count_limits() -> None:
    base = (FIXTURES / "plan-2023.docx").read_bytes()
    with pytest.raises(FormatError, match=r"package inflates to \d+ MB, the limit is 2 MB \(max_zip_total_bytes\)"):
        limits = Limits(max_zip_member_bytes=2 * MIB, max_zip_total_bytes=2 * MIB)
        check_zip(hostile.zip_bomb(base, member_bytes=2 * MIB), "b.docx", "docx", limits)
    many = hostile.zip_bomb(base, members=300)
    with pytest.raises(FormatError, match=r"docx package holds \d+ parts, the limit is 200 \(max_zip_members\)"):
        read_bytes(many, "many.docx", limits=Limits(max_zip_members=200))


# --- PDF --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("in_form", [False, True])
def test_pdf_stream_bomb_is_refused(in_form: bool) -> None:
    bomb = hostile.stream_bomb_pdf(10 * MIB, in_form=in_form)
    assert len(bomb) < 40_000
    with pytest.raises(FormatError, match=r"page 1: a content stream inflates past 8 MB \(max_pdf_stream_bytes\)"):
        read_bytes(bomb, "bomb.pdf")


def test_pdf_page_and_character_limits() -> None:
    pdf = hostile.plan_pdf(3)
    with pytest.raises(FormatError, match=r"PDF has 3 pages, the limit is 2 \(max_pdf_pages\)"):
        read_bytes(pdf, "long.pdf", limits=Limits(max_pdf_pages=2))
    with pytest.raises(FormatError, match=r"page 1: \d+ characters, the limit is 100 \(max_chars_per_page\)"):
        read_bytes(pdf, "dense.pdf", limits=Limits(max_chars_per_page=100))


def test_generated_pdf_reads() -> None:
    doc = read_bytes(hostile.plan_pdf(2), "two.pdf")
    assert doc.blocks[0].text == "Handleplan 2023-2026"
    assert doc.blocks[0].pos.page == 1


@pytest.mark.parametrize("seed", range(12))
def test_pdf_with_one_flipped_byte_is_a_plan_or_one_error(seed: int) -> None:
    import random

    data = (FIXTURES / "plan-2023.borderless.pdf").read_bytes()
    index = random.Random(seed).randrange(len(data))
    try:
        bytes_to_plan(hostile.flip_byte(data, index), "flipped.pdf")
    except PipelineError as exc:
        assert "\n" not in str(exc)


def test_pdfminer_logs_nothing(tmp_path, capfd) -> None:
    broken = tmp_path / "broken.pdf"
    data = (FIXTURES / "plan-2023.ruled.pdf").read_bytes()
    broken.write_bytes(data[: len(data) // 2] + b"garbage" * 50 + data[len(data) // 2 + 350 :])
    result = CliRunner().invoke(main, ["extract", str(broken), "-o", str(tmp_path / "out")])
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    assert result.exit_code in (0, 1)


# --- whatever a library raises or however it dies ---------------------------------------------------


def _raises_type_error(data: bytes, name: str) -> list:
    raise TypeError("'NoneType' object is not subscriptable")


def test_unexpected_exception_becomes_format_error(monkeypatch) -> None:
    monkeypatch.delenv("PLANPIPE_DEBUG", raising=False)
    for fmt in ("html", "pdf"):
        with pytest.raises(FormatError, match=rf"^x: corrupt or unreadable {fmt.upper()}: TypeError$"):
            read_guarded(_raises_type_error, b"", "x", fmt, Limits())


def test_planpipe_debug_lets_bugs_through(monkeypatch) -> None:
    monkeypatch.setenv("PLANPIPE_DEBUG", "1")
    with pytest.raises(TypeError):
        read_guarded(_raises_type_error, b"", "x", "html", Limits())
    with pytest.raises(RuntimeError, match="TypeError"):
        read_guarded(_raises_type_error, b"", "x", "pdf", Limits())


def _segfaults(data: bytes, name: str) -> list:
    os.kill(os.getpid(), signal.SIGSEGV)
    return []


def _eats_memory(data: bytes, name: str) -> list:
    hoard = []
    while True:
        hoard.append(bytearray(64 * MIB))


def _spins(data: bytes, name: str) -> list:
    while True:
        pass


def test_native_crash_becomes_format_error() -> None:
    with pytest.raises(FormatError, match=r"^c.pdf: the PDF reader crashed on this file \(SIGSEGV\)"):
        read_guarded(_segfaults, b"", "c.pdf", "pdf", Limits())


def test_memory_cap_becomes_format_error() -> None:
    with pytest.raises(FormatError, match=r"needs more than 512 MB of memory \(reader_memory_bytes\)"):
        read_guarded(_eats_memory, b"", "m.docx", "docx", Limits(reader_memory_bytes=512 * MIB))


def test_cpu_cap_becomes_format_error() -> None:
    with pytest.raises(FormatError, match=r"took more than 1 CPU seconds \(reader_cpu_seconds\)"):
        read_guarded(_spins, b"", "s.pdf", "pdf", Limits(reader_cpu_seconds=1))


def test_child_hands_back_blocks_and_pipeline_errors() -> None:
    doc = read_bytes((FIXTURES / "plan-2023.docx").read_bytes(), "plan.docx")
    in_process = read_bytes(
        (FIXTURES / "plan-2023.docx").read_bytes(), "plan.docx", limits=Limits(reader_memory_bytes=0)
    )
    assert doc == in_process
    with pytest.raises(FormatError, match="encrypted"):
        read_bytes((FIXTURES / "encrypted.pdf").read_bytes(), "encrypted.pdf")
