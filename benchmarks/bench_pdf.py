"""Benchmark: `planpipe extract` of the 5-page PDF fixtures against a bare pdfplumber script, same run.

    .venv/bin/python benchmarks/bench_pdf.py

The baseline is a process that imports click and jsonschema, opens the same
file with pdfplumber and calls extract_tables() and extract_text() on every
page. Target: at most 1.3x. Also measured in-process: the reader alone, with
and without the Danish dictionary (the PDF's word-break candidates that the
document's own words cannot decide need it; the hot path loads it only then).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, call_seconds, print_report, process_seconds, python  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PLANPIPE = str(Path(sys.executable).with_name("planpipe"))


def baseline_argv(pdf: Path) -> list[str]:
    return python(
        "import click, jsonschema, pdfplumber",
        f"pdf = pdfplumber.open({str(pdf)!r})",
        "[(p.extract_tables(), p.extract_text()) for p in pdf.pages]",
    )


def warm_up(argv: list[str]) -> None:
    """Run ``argv`` once to warm the file cache and write the bytecode of planpipe's own modules.

    With PYTHONDONTWRITEBYTECODE set (as in some shells and CI), every timed
    run would compile planpipe from source (about 50 ms) while the baseline's
    libraries come precompiled from their install, which is not how an
    installed planpipe runs. The timed runs keep the caller's environment.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def interleaved(ours: list[str], base: list[str], rounds: int = 9) -> tuple[float, float]:
    """Return the median times of two commands run in turns, so a busy spell slows both alike."""
    warm_up(ours)
    warm_up(base)
    pairs = [(process_seconds(ours, 1, 0), process_seconds(base, 1, 0)) for _ in range(rounds)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> int:
    import pdfplumber

    from pipeline.read import pdf as reader
    from pipeline.read.pdf import wordbreak

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("plan-2023.ruled.pdf", "plan-2023.borderless.pdf", "row-split-across-pages.pdf"):
            pdf = FIXTURES / name
            with pdfplumber.open(pdf) as doc:
                pages = len(doc.pages)
            ours, base = interleaved([PLANPIPE, "extract", str(pdf), "-o", str(Path(tmp, name))], baseline_argv(pdf))
            rows.append(
                Row(f"extract {name} ({pages} p), whole process", ours, base, "s", "<= 1.3x", ours <= 1.3 * base)
            )
            rows.append(Row(f"  pages per second, {name}", pages / ours, pages / base, "/s"))

        data = (FIXTURES / "plan-2023.ruled.pdf").read_bytes()

        def cold() -> None:
            wordbreak._load_dictionary.cache_clear()
            reader.read_pdf(data, "plan.pdf")

        def no_dictionary() -> None:
            real = wordbreak.danish_lookup
            wordbreak.danish_lookup = lambda words: lambda word: True
            try:
                reader.read_pdf(data, "plan.pdf")
            finally:
                wordbreak.danish_lookup = real

        rows.append(Row("read_pdf ruled, dictionary loaded and used", call_seconds(cold, repeat=3)))
        rows.append(Row("read_pdf ruled, dictionary stubbed out", call_seconds(no_dictionary, repeat=3)))
        words = ["programmeringskurs", "programmerings", "filmforevisningern", "filmforevisningerne"]
        rows.append(
            Row(
                "dictionary load for 4 candidate words",
                call_seconds(lambda: (wordbreak._load_dictionary.cache_clear(), wordbreak.danish_lookup(words))),
            )
        )
    ok = print_report("PDF extraction (median wall time)", rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
