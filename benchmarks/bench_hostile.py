"""Benchmark: hostile and large files end fast and small (issue 9): peak memory and seconds, whole process.

    .venv/bin/python benchmarks/bench_hostile.py

Each file is made by ``tests/hostile.py``. ``planpipe extract`` runs as a
child process; its peak memory is the largest resident set of it and its
reader child (``wait4``). Targets: a 200-page PDF under 250 MB; each bomb
refused within seconds and under 1 GB; the quadratic-regex inputs well under
a second per stage. The 200-page PDF's baseline is a bare pdfplumber pass
(``extract_text()`` on every page) over the same file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, print_report, python  # noqa: E402

from tests import hostile  # noqa: E402

PLANPIPE = str(Path(sys.executable).with_name("planpipe"))
MB = 1024 * 1024


def run(argv: list[str]) -> tuple[float, float, str]:
    """Return (seconds, peak resident MB of the process tree, first stderr line) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, (err.splitlines() or [""])[0]


def stage_seconds(data: bytes, name: str) -> dict[str, float]:
    """Return the seconds of each stage on ``data`` (up to the stage that refuses it)."""
    from pipeline.errors import PipelineError
    from pipeline.limits import Limits
    from pipeline.normalise import document_to_plan
    from pipeline.read import read_bytes
    from pipeline.segment import document_to_sections

    wide = Limits(max_line_chars=4_000_000)
    times: dict[str, float] = {}
    try:
        start = time.perf_counter()
        doc = read_bytes(data, name, limits=wide)
        times["read"] = time.perf_counter() - start
        start = time.perf_counter()
        sections = document_to_sections(doc)
        times["segment"] = time.perf_counter() - start
        start = time.perf_counter()
        document_to_plan(doc, sections)
        times["normalise"] = time.perf_counter() - start
    except PipelineError:
        pass
    return times


def isolation_rows(rounds: int = 5) -> list[Row]:
    """Return the cost of reading a PDF in a child process: the same read in turns, in a child and in-process."""
    import statistics

    from pipeline.limits import Limits
    from pipeline.read import read_bytes

    data = (ROOT / "tests" / "fixtures" / "plan-2023.borderless.pdf").read_bytes()
    in_process = Limits(reader_memory_bytes=0)
    read_bytes(data, "plan.pdf")  # warm: imports, dictionary on disk
    pairs = []
    for _ in range(rounds):
        start = time.perf_counter()
        read_bytes(data, "plan.pdf")
        child = time.perf_counter() - start
        start = time.perf_counter()
        read_bytes(data, "plan.pdf", limits=in_process)
        pairs.append((child, time.perf_counter() - start))
    child, same = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    return [Row("read borderless PDF in a child vs in-process", child, same, "s", "<= 1.1x", child <= 1.1 * same)]


def main() -> int:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        long_pdf = folder / "plan-200-pages.pdf"
        long_pdf.write_bytes(hostile.plan_pdf(200))
        bare = python(
            "import pdfplumber", f"pdf = pdfplumber.open({str(long_pdf)!r})", "[p.extract_text() for p in pdf.pages]"
        )
        ours_s, ours_mb, _ = run([PLANPIPE, "extract", str(long_pdf), "-o", str(folder / "out")])
        base_s, base_mb, _ = run(bare)
        rows.append(Row("extract 200-page PDF, peak memory", ours_mb, base_mb, "MB", "< 250 MB", ours_mb < 250))
        rows.append(Row("extract 200-page PDF, seconds", ours_s, base_s, "s"))

        bombs = {
            "stream-bomb.pdf (content stream inflates to 10 MB)": ("stream-bomb.pdf", hostile.stream_bomb_pdf()),
            "zip-bomb.docx (a member inflates to 129 MB)": (
                "zip-bomb.docx",
                hostile.zip_bomb((ROOT / "tests" / "fixtures" / "plan-2023.docx").read_bytes()),
            ),
            "500 nested divs": ("nested.html", hostile.nested_html(500)),
        }
        for label, (name, data) in bombs.items():
            path = folder / name
            path.write_bytes(data)
            seconds, mb, line = run([PLANPIPE, "extract", str(path), "-o", str(folder / "out")])
            ok = seconds < 10 and mb < 1024 and line.startswith("Error:")
            rows.append(Row(f"{label} ({len(data) // 1024} KB), seconds", seconds, None, "s", "< 10 s, one Error", ok))
            rows.append(Row(f"  peak memory: {line[len(str(path)) + 9 :][:40]}", mb, None, "MB", "< 1 GB", mb < 1024))
        seconds, mb, line = run([PLANPIPE, "extract", "/dev/zero"])
        rows.append(Row("extract /dev/zero, seconds", seconds, None, "s", "< 10 s", seconds < 10 and "limit" in line))

    quadratic = {
        "262,144 x '**a ' on one line": b"# Handleplan\n\n" + b"**a " * 262_144 + b"\n\n## Pejlem\xc3\xa6rke 1\n",
        "heading 'a' + 1,000,000 spaces + 'b'": b"# a" + b" " * 1_000_000 + b"b\n\n## Pejlem\xc3\xa6rke 1\n",
        "'(1' + 1,000,000 spaces in a table cell": (
            b"# Plan\n\n## Pejlem\xc3\xa6rke 1\n\nProjekt\tBeskrivelse\tStatus 2023\n"
            + b"A\t(1"
            + b" " * 1_000_000
            + b"x\tb\n"
        ),
    }
    for label, data in quadratic.items():
        for stage, seconds in stage_seconds(data, "hostile.txt").items():
            rows.append(Row(f"{label}: {stage}", seconds, None, "s", "< 1 s", seconds < 1))
    rows += isolation_rows()
    return 0 if print_report("Hostile files: limits, bombs, linear regexes", rows) else 1


if __name__ == "__main__":
    sys.exit(main())
