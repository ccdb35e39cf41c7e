"""PDF limits, checked before the work: page count, inflated content streams, characters per page.

A small PDF can hold a content stream that inflates a thousandfold: its
size is measured by inflating at most one byte past the limit, before
pdfminer interprets it. pdfminer's log lines are silenced: a bad file ends
in our one error line, not in hundreds of warnings before it.
"""

from __future__ import annotations

import logging
import zlib

from pipeline.errors import FormatError
from pipeline.limits import Limits, size_text

_FLATE = {"FlateDecode", "Fl"}


def silence_pdfminer() -> None:
    """Keep pdfminer's warnings and errors off the terminal; its failures reach us as exceptions."""
    logger = logging.getLogger("pdfminer")
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False


def check_page_count(count: int, name: str, limits: Limits) -> None:
    """Raise FormatError when a PDF has more pages than ``limits.max_pdf_pages``."""
    if count > limits.max_pdf_pages:
        raise FormatError(name, f"PDF has {count} pages, the limit is {limits.max_pdf_pages} (max_pdf_pages)")


def check_streams(page, page_number: int, name: str, limits: Limits) -> None:
    """Raise FormatError when a content stream of ``page`` (its own or a form's it draws) inflates past the limit."""
    from pdfminer.pdftypes import PDFStream, resolve1

    limit = limits.max_pdf_stream_bytes
    pending = list(page.page_obj.contents or [])
    resources = [page.page_obj.resources]
    seen: set[int] = set()
    while resources:  # form XObjects, and the forms those draw: iteratively, each object once
        res = resolve1(resources.pop())
        xobjects = resolve1(res.get("XObject")) if isinstance(res, dict) else None
        if not isinstance(xobjects, dict):
            continue
        for ref in xobjects.values():
            key = getattr(ref, "objid", None)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            stream = resolve1(ref)
            if isinstance(stream, PDFStream) and _name(stream.get("Subtype")) == "Form":
                pending.append(stream)
                resources.append(stream.get("Resources"))
    for stream in pending:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream) and _inflated_size(stream, limit) > limit:
            raise FormatError(
                name,
                f"page {page_number}: a content stream inflates past {size_text(limit)} (max_pdf_stream_bytes)",
            )


def check_chars(count: int, page_number: int, name: str, limits: Limits) -> None:
    """Raise FormatError when a page holds more characters than ``limits.max_chars_per_page``."""
    if count > limits.max_chars_per_page:
        raise FormatError(
            name,
            f"page {page_number}: {count} characters, the limit is {limits.max_chars_per_page} (max_chars_per_page)",
        )


def _name(value) -> str:
    return getattr(value, "name", str(value))


def _inflated_size(stream, limit: int) -> int:
    """Return the stream's decoded size, or any number above ``limit`` as soon as it passes it."""
    if stream.data is not None:
        return len(stream.data)
    filters = [_name(f) for f, _ in stream.get_filters()]
    if filters and all(f in _FLATE for f in filters[:1]) and len(filters) == 1 and stream.rawdata is not None:
        inflater = zlib.decompressobj()
        try:
            return len(inflater.decompress(stream.rawdata, limit + 1))
        except zlib.error:
            return 0  # broken data: pdfminer decides what to make of it
    if not filters:
        return len(stream.rawdata or b"")
    return len(stream.get_data() or b"")
