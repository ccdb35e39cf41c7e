"""Zip packages (OpenDocument files): opened and read through one place, so that limits apply to all of them."""

from __future__ import annotations

import io
import zipfile

from pipeline.errors import FormatError


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
