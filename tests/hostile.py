"""Hostile and large files, made on the spot: bombs, deep nesting, long PDFs (no committed binaries).

A minimal PDF writer is here too, so that tests control every byte of a
content stream (reportlab would not write a stream bomb). Run as a script
to write the files into a folder: ``python tests/hostile.py OUT_DIR``.
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

MIB = 1024 * 1024


def pdf_bytes(
    contents: list[bytes], compress: bool = True, width: int = 595, height: int = 842, forms: tuple[bytes, ...] = ()
) -> bytes:
    """Return a PDF with one page per content stream, Helvetica as /F1, a correct xref table.

    Each of ``forms`` becomes a form XObject ``/Fm0``, ``/Fm1`` ... that every page may draw (``/Fm0 Do``).
    """
    n = len(contents)
    first_form = 4 + 2 * n
    xobjects = " ".join(f"/Fm{k} {first_form + k} 0 R" for k in range(len(forms)))
    # Objects: 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(n))
        + f"] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        body = zlib.compress(content, 9) if compress else content
        flt = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(body), flt) + body + b"\nendstream")
    for form in forms:
        body = zlib.compress(form, 9)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Length %d /Filter /FlateDecode >>\nstream\n" % (width, height, len(body)) + body + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_page(
    lines: list[tuple[float, float, float, str]], rules: list[tuple[float, float, float, float]] = ()
) -> bytes:
    """Return a content stream drawing ``(x, y, size, text)`` lines and ``(x0, y0, x1, y1)`` rules."""
    ops = []
    for x0, y0, x1, y1 in rules:
        ops.append(f"{x0:.1f} {y0:.1f} m {x1:.1f} {y1:.1f} l S".encode())
    for x, y, size, text in lines:
        ops.append(b"BT /F1 %.1f Tf %.1f %.1f Td " % (size, x, y) + _pdf_string(text) + b" Tj ET")
    return b"\n".join(ops)


def plan_pdf(pages: int = 200) -> bytes:
    """Return a plan-shaped PDF of ``pages`` pages: a title, pillars with objectives, full text pages."""
    contents = []
    for p in range(pages):
        lines = []
        y = 800.0
        if p == 0:
            lines.append((72, y, 20, "Handleplan 2023-2026"))
            y -= 40
        if p % 20 == 0:
            lines.append((72, y, 16, f"Pejlemærke {p // 20 + 1} - Område {p // 20 + 1}"))
            y -= 30
            for k in range(1, 4):
                lines.append((72, y, 10, f"{k}. Mål nummer {k} for området skal nås inden udgangen af planperioden."))
                y -= 16
        while y > 80:
            lines.append((72, y, 10, f"Side {p + 1}: tekst om indsatsen, linje {int(y)}, med beskrivelse af arbejdet."))
            y -= 14
        lines.append((290, 40, 9, str(p + 1)))
        contents.append(text_page(lines))
    return pdf_bytes(contents)


def stream_bomb_pdf(inflated_bytes: int = 10 * MIB, in_form: bool = False) -> bytes:
    """Return a small PDF (tens of KB) whose one content stream inflates to ``inflated_bytes`` of text operators.

    With ``in_form`` the stream is a form XObject that the page draws.
    """
    op = b"1 0 Td (a) Tj "
    content = b"BT /F1 1 Tf " + op * (inflated_bytes // len(op) + 1) + b"ET"
    if in_form:
        return pdf_bytes([b"/Fm0 Do"], forms=(content,))
    return pdf_bytes([content])


def flip_byte(data: bytes, index: int) -> bytes:
    """Return ``data`` with the byte at ``index`` inverted."""
    return data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]


def zip_bomb(base: bytes, member_bytes: int = 129 * MIB, members: int = 0) -> bytes:
    """Return the zip package ``base`` (a .docx) plus one member of ``member_bytes`` zeros, or ``members`` tiny ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        if members:
            for i in range(members):
                dst.writestr(f"customXml/bulk{i}.xml", b"<a/>")
        else:
            info = zipfile.ZipInfo("word/media/zeros.bin")
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as member:
                block = bytes(MIB)
                for _ in range(member_bytes // MIB):
                    member.write(block)
    return out.getvalue()


def nested_html(depth: int = 500, tag: str = "div") -> bytes:
    """Return a page with ``depth`` nested ``tag`` elements around a plan-like heading."""
    return (
        b"<!doctype html><html><body>"
        + f"<{tag}>".encode() * depth
        + b"<h1>Handleplan 2023</h1>"
        + f"</{tag}>".encode() * depth
        + b"</body></html>"
    )


def write_all(folder: Path) -> list[Path]:
    """Write the hostile files into ``folder`` and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "plan-200-pages.pdf": plan_pdf(200),
        "stream-bomb.pdf": stream_bomb_pdf(),
        "nested-500-divs.html": nested_html(500),
        "stars.txt": b"# Handleplan\n\n" + b"**a " * 262_144 + b"\n",
        "spaces-heading.txt": b"# a" + b" " * 1_000_000 + b"b\n",
        "meta-undefined.html": b"<html><head><meta charset=undefined></head><body><h1>Plan</h1></body></html>",
        "deep.json": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "huge-number.json": b'{"a": 1' + b"0" * 100_000 + b"}",
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")):
        print(written)
