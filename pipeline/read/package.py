"""Office packages (Word and OpenDocument): zips opened and read in one place, and the attribute helper both use."""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.errors import FormatError

_LEADING_INT = re.compile(r"\s*([+-]?\d{1,9})")


class BoldRuns:
    """The shown text of a paragraph or cell, gathered run by run: bold runs become ``<b>..</b>``.

    Both office readers walk their own XML and ``add`` each piece of text
    (already escaped) with its boldness; neighbouring pieces of the same
    boldness are one run.
    """

    def __init__(self) -> None:
        self.segments: list[list] = []  # [bold, text]

    def add(self, bold: bool, text: str) -> None:
        """Add ``text`` (escaped) shown bold or not."""
        if self.segments and self.segments[-1][0] == bold:
            self.segments[-1][1] += text
        else:
            self.segments.append([bold, text])

    def markup(self) -> str:
        """Return the text with its bold runs (those holding more than blanks) as ``<b>..</b>``."""
        return "".join(f"<b>{text}</b>" if bold and text.strip() else text for bold, text in self.segments)


def clamped_int(value: str | None, default: int, low: int, high: int) -> int:
    """Return an attribute's ``value`` as an integer clamped to [low, high], or ``default`` when it is not one."""
    if value is None:
        return default
    match = _LEADING_INT.match(value)
    return max(low, min(high, int(match.group(1)))) if match else default


def open_package(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """Return the zip archive in ``data``; raise FormatError naming ``kind`` when it is not one."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        package.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise FormatError(name, f"not a valid {kind}: corrupt or truncated zip ({exc})") from None
    return package


def read_member(package: zipfile.ZipFile, member: str, name: str, kind: str) -> bytes | None:
    """Return the bytes of ``member`` (None when the package has none); FormatError when it cannot be read."""
    try:
        return package.read(member)
    except KeyError:
        return None
    except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError, NotImplementedError (compression) ...
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise FormatError(name, f"not a valid {kind}: {member}: {detail}") from None
