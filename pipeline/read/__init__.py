"""Readers: one per format, each turning bytes into the same neutral blocks.

The format is chosen by content first (magic bytes, markup), then by suffix,
so a PDF renamed to ``.txt`` is still read as a PDF. Reader modules are
imported only when their format is read: reading a text file never loads
pdfplumber, BeautifulSoup or python-docx.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import FormatError, InputError
from pipeline.model import Block, Document, Reading, SourceInfo

Reader = Callable[[bytes, str], "list[Block] | Reading"]

#: format name -> "module:function"; the module is imported on first use.
READERS: dict[str, str] = {
    "text": "pipeline.read.text:read_text",
    "html": "pipeline.read.html:read_html",
    "pdf": "pipeline.read.pdf:read_pdf",
    "docx": "pipeline.read.docx:read_docx",
}

#: file suffix -> format name, used when the content does not tell.
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<body", b"<head")


def sniff(data: bytes, name: str) -> str:
    """Return the format name of ``data``: by magic bytes, then markup, then suffix."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: a password-protected .docx is one too, holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FormatError(name, "Word file is encrypted: save it without a password")
        raise FormatError(name, "legacy Word .doc (OLE) file: save it as .docx or PDF")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<") and any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return SUFFIXES.get(Path(name).suffix.lower(), "text")


def get_reader(fmt: str, name: str) -> Reader:
    """Return the reader function for ``fmt``, importing its module now."""
    try:
        target = READERS[fmt]
    except KeyError:
        raise FormatError(name, f"no reader for format {fmt!r}") from None
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise FormatError(name, f"{fmt.upper()} files are not supported yet") from None
        raise FormatError(name, f"reading {fmt.upper()} needs the package {exc.name!r}") from None
    return getattr(module, func_name)


def read_bytes(data: bytes, name: str, fmt: str | None = None) -> Document:
    """Given the bytes of one file and its name, return its Document."""
    if not data.strip():
        raise InputError(name, "file is empty")
    fmt = fmt or sniff(data, name)
    read = get_reader(fmt, name)(data, name)
    reading = read if isinstance(read, Reading) else Reading(read)
    source = SourceInfo(file=name, format=fmt, sha256=hashlib.sha256(data).hexdigest())
    return Document(source=source, blocks=tuple(reading.blocks), warnings=reading.warnings)


def load_bytes(path: str | Path) -> tuple[bytes, str]:
    """Return the bytes of ``path`` (``-`` is standard input) and the name to report."""
    if str(path) == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise InputError(name, "is a directory, not a plan file")
    try:
        return p.read_bytes(), name
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def read_path(path: str | Path) -> Document:
    """Given a path (or ``-`` for standard input), return its Document."""
    data, name = load_bytes(path)
    return read_bytes(data, name)
