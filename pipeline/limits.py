"""How much a reader may take from one file: sizes, counts and depths, checked before the work.

Hostile or broken files must end in one clear error within seconds, not
exhaust the machine. Every limit here has a default that is safe on a
small machine (2 cores, a few GB) and generous for a real plan (under 100
pages, a few MB). Each check raises its own error naming the limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import ConfigError, FormatError, InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most a reader takes from one input file; see the README's "Limits" section."""

    #: Bytes of one input file (a FIFO or ``/dev/zero`` is read up to here and refused).
    max_input_bytes: int = 128 * MIB
    #: Pages of one PDF.
    max_pdf_pages: int = 2_000
    #: Characters on one PDF page (a dense A4 page holds about 6,000).
    max_chars_per_page: int = 100_000
    #: Bytes of one PDF content stream once inflated (a page of text is tens of KB).
    max_pdf_stream_bytes: int = 8 * MIB
    #: Members of one .docx or .odt (zip) package.
    max_zip_members: int = 10_000
    #: Bytes of one member of a .docx or .odt package once inflated (parsing XML takes ~10x its size in memory).
    max_zip_member_bytes: int = 64 * MIB
    #: Bytes of all members of a .docx or .odt package once inflated.
    max_zip_total_bytes: int = 256 * MIB
    #: Elements nested in one another in an HTML page.
    max_html_depth: int = 256
    #: Characters on one line of a text file.
    max_line_chars: int = 1_000_000
    #: Nesting of arrays and objects in a plan JSON.
    max_json_depth: int = 64
    #: Address space of the child process that reads a PDF or .docx (0: read in this process).
    reader_memory_bytes: int = 1024 * MIB
    #: CPU seconds of that child process.
    reader_cpu_seconds: int = 120

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{f.name} must be a whole number, not {value!r}")
            if value < 0 or (value == 0 and f.name != "reader_memory_bytes"):
                raise ValueError(f"{f.name} must be positive, not {value}")
        if self.max_zip_member_bytes > self.max_zip_total_bytes:
            raise ValueError("max_zip_member_bytes must not exceed max_zip_total_bytes")
        if self.max_html_depth > 400:
            # The HTML walker descends one Python frame pair per level: keep far from the recursion limit.
            raise ValueError(f"max_html_depth must be at most 400, not {self.max_html_depth}")
        if self.max_json_depth > 400:
            raise ValueError(f"max_json_depth must be at most 400, not {self.max_json_depth}")


DEFAULT_LIMITS = Limits()

_UNITS = {"": 1, "b": 1, "bytes": 1, "kb": 1024, "k": 1024, "mb": MIB, "m": MIB, "gb": 1024 * MIB, "g": 1024 * MIB}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def limits_from_config(config: dict, file: str = "planpipe.toml", base: Limits = DEFAULT_LIMITS) -> Limits:
    """Given the tables of a planpipe.toml, return ``base`` with its ``[limits]`` applied.

    Keys are the names of ``Limits``' fields; a value is a whole number, and
    a size (a name ending in ``_bytes``) may also be written with its unit:
    ``max_input_bytes = "256 MB"``. A wrong key or value raises ConfigError.
    """
    table = config.get("limits")
    if table is None:
        return base
    if not isinstance(table, dict):
        raise ConfigError(file, "[limits] must be a table")
    names = [f.name for f in fields(Limits)]
    changes: dict[str, int] = {}
    for key, value in table.items():
        if key not in names:
            raise ConfigError(file, f"[limits] has no setting {key!r}; settings are {', '.join(names)}")
        if isinstance(value, str) and key.endswith("_bytes"):
            found = _SIZE.match(value)
            if not found or found.group(2).lower() not in _UNITS:
                raise ConfigError(file, f"[limits] {key}: {value!r} is no size; write e.g. 256 MB, 512 KB or 1000000")
            value = int(float(found.group(1)) * _UNITS[found.group(2).lower()])
        changes[key] = value
    try:
        return replace(base, **changes)
    except ValueError as exc:
        raise ConfigError(file, f"[limits] {exc}") from None


def load_limits(path: str | Path | None = None) -> Limits:
    """Return the Limits of planpipe.toml's ``[limits]`` (``path``, or the working folder's file)."""
    from pipeline.config import load_config

    return limits_from_config(load_config(path), str(path) if path is not None else "planpipe.toml")


def size_text(n: int) -> str:
    """Return a byte count for a message: ``128 MB``, ``512 KB`` or ``900 bytes``."""
    if n >= MIB:
        return f"{n / MIB:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def read_limited(stream: BinaryIO, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return the bytes of ``stream``, refusing more than ``limits.max_input_bytes`` (an endless stream too)."""
    limit = limits.max_input_bytes
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(MIB, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise InputError(name, f"larger than the input size limit of {size_text(limit)} (max_input_bytes)")
    return b"".join(chunks)


def check_input_size(size: int, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise InputError when ``size`` bytes are more than one input may have."""
    if size > limits.max_input_bytes:
        raise InputError(
            name,
            f"{size_text(size)} is larger than the input size limit of "
            f"{size_text(limits.max_input_bytes)} (max_input_bytes)",
        )


def check_zip(data: bytes, name: str, kind: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise FormatError when a zip package (.docx, .odt) would inflate past the limits.

    The sizes are the ones the package declares; Python's zipfile never
    inflates a member past its declared size (it stops there and fails the
    checksum), so a lying package cannot slip by.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return  # not a zip at all: the format's reader says so in its own words
    if len(members) > limits.max_zip_members:
        raise FormatError(
            name, f"{kind} package holds {len(members)} parts, the limit is {limits.max_zip_members} (max_zip_members)"
        )
    total = 0
    for member in members:
        if member.file_size > limits.max_zip_member_bytes:
            raise FormatError(
                name,
                f"{member.filename}: inflates to {size_text(member.file_size)}, the limit is "
                f"{size_text(limits.max_zip_member_bytes)} (max_zip_member_bytes)",
            )
        total += member.file_size
    if total > limits.max_zip_total_bytes:
        raise FormatError(
            name,
            f"{kind} package inflates to {size_text(total)}, the limit is "
            f"{size_text(limits.max_zip_total_bytes)} (max_zip_total_bytes)",
        )
