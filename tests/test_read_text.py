"""The text reader: lines to blocks, and bytes to text."""

from __future__ import annotations

import pytest

from pipeline.errors import FormatError, InputError
from pipeline.read import read_bytes, sniff
from pipeline.read.text import lines_to_blocks
from pipeline.read.textdecode import decode


def kinds(text: str) -> list[tuple]:
    return [
        (b.kind, b.pos.line, b.level or b.number or None, b.text or b.cells) for b in lines_to_blocks(text.split("\n"))
    ]


def test_headings_items_paragraphs_and_rows_with_line_numbers() -> None:
    text = "# Title\n\nFirst line\nsecond line\n\n1. One\n2) Two\n- bullet\n\nA\tB\tC\n| x | y |\n### Deep ###"
    assert kinds(text) == [
        ("heading", 1, 1, "Title"),
        ("paragraph", 3, None, "First line second line"),
        ("item", 6, 1, "One"),
        ("item", 7, 2, "Two"),
        ("item", 8, None, "bullet"),
        ("row", 10, None, ("A", "B", "C")),
        ("row", 11, None, ("x", "y")),
        ("heading", 12, 3, "Deep"),
    ]


def test_plain_line_after_item_continues_the_item() -> None:
    blocks = lines_to_blocks(["1. SKABER vi et trygt", "mødested i hverdagen", "", "Next"])
    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "SKABER vi et trygt mødested i hverdagen"),
        ("paragraph", "Next"),
    ]


def test_setext_heading() -> None:
    assert kinds("Plan title\n==========\nSub\n---") == [("heading", 1, 1, "Plan title"), ("heading", 3, 2, "Sub")]


def test_tab_row_keeps_empty_cells_and_markup() -> None:
    (row,) = lines_to_blocks(["\t\tder, og om\t\t"])
    assert row.cells == ("", "", "der, og om", "", "")
    (bold,) = lines_to_blocks(["<b>Åben skole</b>\tx"])
    assert bold.cells[0] == "<b>Åben skole</b>"


def test_escaped_pipe_stays_in_cell() -> None:
    (row,) = lines_to_blocks([r"| a \| b | c |"])
    assert row.cells == ("a | b", "c")


@pytest.mark.parametrize(
    "data",
    [
        "Læsning – “citat”\n".encode(),
        b"\xef\xbb\xbf" + "Læsning – “citat”\n".encode(),
        "Læsning – “citat”\r\n".encode(),
        "Læsning – “citat”\n".encode("cp1252"),
        b"\xff\xfe" + "Læsning – “citat”\n".encode("utf-16-le"),
    ],
    ids=["utf8", "bom", "crlf", "cp1252", "utf16-bom"],
)
def test_decode_gives_the_same_text_for_every_encoding(data: bytes) -> None:
    assert decode(data, "x.txt") == "Læsning – “citat”\n"


def test_binary_bytes_are_refused_with_their_offset() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: binary data at byte 3 \(0x00\)"):
        decode(b"abc\x00def", "x.txt")


def test_empty_file_is_refused() -> None:
    with pytest.raises(InputError, match="file is empty"):
        read_bytes(b" \n\t\n", "empty.txt")


@pytest.mark.parametrize(
    ("data", "name", "fmt"),
    [
        (b"%PDF-1.7\n...", "renamed.txt", "pdf"),
        (b"PK\x03\x04rest", "plan.bin", "docx"),
        (b"<!DOCTYPE html><html>", "page.txt", "html"),
        (b"\xef\xbb\xbf<html lang=da>", "page", "html"),
        (b"# Plan", "plan.md", "text"),
        (b"<b>x</b>\ty", "plan.txt", "text"),
        (b"anything", "plan.HTM", "html"),
    ],
)
def test_sniff_by_content_then_suffix(data: bytes, name: str, fmt: str) -> None:
    assert sniff(data, name) == fmt


def test_markdown_strong_emphasis_becomes_the_neutral_bold_markup() -> None:
    blocks = lines_to_blocks(
        ["## **Kultur** for alle", "", "**Åben skole**\t__tilbud__\tsnake__case", "", "x __init__"]
    )
    assert blocks[0].text == "<b>Kultur</b> for alle"
    assert blocks[1].cells == ("<b>Åben skole</b>", "<b>tilbud</b>", "snake__case")
    assert blocks[2].text == "x <b>init</b>"


def test_ole_files_are_refused_and_an_encrypted_word_file_is_named() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(FormatError, match=r"^old\.doc: legacy Word \.doc \(OLE\) file"):
        sniff(ole, "old.doc")
    # The directory entry of the stream an encrypted OOXML file keeps its package in (names are UTF-16LE).
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 96
    with pytest.raises(FormatError, match=r"^plan\.docx: Word file is encrypted: save it without a password$"):
        sniff(encrypted, "plan.docx")
