"""Bytes to text for the text-like formats: BOMs, UTF-8, Windows-1252, binary refusal."""

from __future__ import annotations

import codecs
import re

from pipeline.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters never occur in text; tab, line feed, \v, \f and \r do.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, name: str) -> str:
    """Return ``data`` as text with ``\\n`` line ends.

    A BOM decides the encoding; otherwise UTF-8, then Windows-1252 (the
    encoding of Danish office files). Bytes that are not text (NUL or other
    control characters) raise InputError naming the first offending byte.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(name, f"invalid {encoding} at byte {exc.start + len(bom)}") from None
            bad = _CONTROL_CHARS.search(text)
            if bad:
                raise InputError(name, f"binary data at character {bad.start()}: not a text file")
            break
    else:
        bad = _CONTROL_BYTES.search(data)
        if bad:
            raise InputError(name, f"binary data at byte {bad.start()} (0x{data[bad.start()]:02x}): not a text file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as cp1252:
                # Name the first byte that is not UTF-8: the file is most likely UTF-8 gone bad there.
                first = utf8.start
                raise InputError(
                    name,
                    f"invalid UTF-8 at byte {first} (0x{data[first]:02x}), and byte {cp1252.start} "
                    f"(0x{data[cp1252.start]:02x}) is not Windows-1252 either",
                ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
