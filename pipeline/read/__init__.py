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
from pipeline.limits import DEFAULT_LIMITS, Limits, check_input_size, check_zip, read_limited
from pipeline.model import Block, Document, Reading, SourceInfo
from pipeline.read.isolate import read_guarded

Reader = Callable[[bytes, str], "list[Block] | Reading"]

#: format name -> "module:function"; the module is imported on first use.
READERS: dict[str, str] = {
    "text": "pipeline.read.text:read_text",
    "html": "pipeline.read.html:read_html",
    "pdf": "pipeline.read.pdf:read_pdf",
    "docx": "pipeline.read.docx:read_docx",
    "odt": "pipeline.read.odt:read_odt",
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
    ".odt": "odt",
    ".ott": "odt",
}

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<body", b"<head")
#: An OpenDocument package starts with its uncompressed ``mimetype`` member (ODF 1.2, part 3, 3.3).
_ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument."


def sniff(data: bytes, name: str) -> str:
    """Return the format name of ``data``: by magic bytes, then markup, then suffix."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE container: a password-protected .docx is one too, holding an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FormatError(name, "Word file is encrypted: save it without a password")
        raise FormatError(name, "legacy Word .doc (OLE) file: save it as .docx or PDF")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<") and any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return SUFFIXES.get(Path(name).suffix.lower(), "text")


def _zip_format(data: bytes, name: str) -> str:
    """Return "odt" for an OpenDocument package (the .odt reader refuses other ODF kinds by name), else "docx"."""
    import io
    import zipfile

    # An OpenDocument package names its kind in its first member, stored uncompressed.
    if data[30:].startswith(_ODF_MIMETYPE):
        return "odt"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        # A damaged zip: its reader (by name, else Word) says what is wrong with it.
        return "odt" if SUFFIXES.get(Path(name).suffix.lower()) == "odt" else "docx"
    return "odt" if "content.xml" in names and "word/document.xml" not in names else "docx"


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


#: Formats packed in a zip: their inflated sizes are checked before a reader opens them.
ZIP_FORMATS = frozenset({"docx", "odt"})


def read_bytes(data: bytes, name: str, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Given the bytes of one file and its name, return its Document.

    The limits are checked before the work; whatever the reader's libraries
    raise or however they die ends in a PipelineError naming the file.
    """
    check_input_size(len(data), name, limits)
    if not data.strip():
        raise InputError(name, "file is empty")
    fmt = fmt or sniff(data, name)
    if fmt in ZIP_FORMATS and data.startswith(b"PK"):
        check_zip(data, name, fmt, limits)
    read = read_guarded(get_reader(fmt, name), data, name, fmt, limits)
    reading = read if isinstance(read, Reading) else Reading(read)
    source = SourceInfo(file=name, format=fmt, sha256=hashlib.sha256(data).hexdigest())
    return Document(source=source, blocks=tuple(reading.blocks), warnings=reading.warnings)


def load_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, str]:
    """Return the bytes of ``path`` (``-`` is standard input) and the name to report.

    No more than ``limits.max_input_bytes`` are read: an endless stream
    (``/dev/zero``, a FIFO) is refused when it reaches the limit.
    """
    if str(path) == "-":
        return read_limited(sys.stdin.buffer, "<stdin>", limits), "<stdin>"
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise InputError(name, "is a directory, not a plan file")
    try:
        if p.is_file():
            check_input_size(p.stat().st_size, name, limits)
        with p.open("rb") as stream:
            return read_limited(stream, name, limits), name
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def read_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Given a path (or ``-`` for standard input), return its Document."""
    data, name = load_bytes(path, limits)
    return read_bytes(data, name, limits=limits)
