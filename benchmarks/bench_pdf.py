"""Benchmark: `planpipe extract` of the 5-page PDF fixtures against a bare pdfplumber script, same run.

    .venv/bin/python benchmarks/bench_pdf.py [--rounds N]

The baseline is a process that imports click and jsonschema, opens the same
file with pdfplumber and calls extract_tables() and extract_text() on every
page. Target: at most 1.3x, the ratio of the two medians. The two run in
turns, N rounds (default 21), the one that goes first alternating, so a busy
spell on a shared machine slows both alike; the spread printed under the
table (quartiles of each side and of the ratio pair by pair) says how far
one figure can be trusted, and the CPU seconds of each side (user and
system, the reader's child process included), which waiting for a busy
core does not inflate, are printed beside the wall times. Also measured in-process: the reader alone, with
and without the Danish dictionary (the PDF's word-break candidates that the
document's own words cannot decide need it; the hot path loads it only then).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, call_seconds, print_report, python  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PLANPIPE = str(Path(sys.executable).with_name("planpipe"))
#: the candidates of plan-2023.borderless.pdf that its own words cannot decide, as the reader asks the dictionary
BORDERLESS_CANDIDATES = (
    "biblioteksorientering biblioteksorienteringer filmarrangementer filmforevisningerne herfraimplementeres "
    "introduktionernefortsættes læseglædeforældre oglæsefællesskaber personalegruppen programmeringskurs "
    "undervisningsforløb"
).split()


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


@dataclass(frozen=True)
class Run:
    """One timed run of a command: wall seconds, and CPU seconds (user + system, with its child processes)."""

    wall: float
    cpu: float


def timed(argv: list[str]) -> Run:
    """Run ``argv`` once and return its wall and CPU time."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def interleaved(ours: list[str], base: list[str], rounds: int) -> list[tuple[Run, Run]]:
    """Return (ours, baseline) runs of two commands run in turns, the first of each pair alternating."""
    warm_up(ours)
    warm_up(base)
    pairs = []
    for n in range(rounds):
        if n % 2:
            b = timed(base)
            pairs.append((timed(ours), b))
        else:
            pairs.append((timed(ours), timed(base)))
    return pairs


def cpu_seconds(func: Callable[[], object], repeat: int = 5) -> float:
    """Return the median CPU time of a call of ``func`` (after one call to warm up)."""
    func()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """Return the first quartile, the median and the third quartile of ``values``."""
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    return q1, q2, q3


def spread(name: str, pairs: list[tuple[Run, Run]]) -> str:
    """Return one line on how far the pairs of ``name`` scatter: quartiles of each side and of the ratios."""
    ours, base = quartiles([p[0].wall for p in pairs]), quartiles([p[1].wall for p in pairs])
    ratio = quartiles([p[0].wall / p[1].wall for p in pairs])
    return (
        f"  {name}: ours {ours[0]:.3f}-{ours[2]:.3f}s, baseline {base[0]:.3f}-{base[2]:.3f}s, "
        f"ratio pair by pair {ratio[1]:.2f}x ({ratio[0]:.2f}x-{ratio[2]:.2f}x), {len(pairs)} pairs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="runs of each command, in turns (default 21)")
    args = parser.parse_args(argv)
    import pdfplumber

    from pipeline.read import pdf as reader
    from pipeline.read.pdf import danish, wordbreak

    rows: list[Row] = []
    spreads: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("plan-2023.ruled.pdf", "plan-2023.borderless.pdf", "row-split-across-pages.pdf"):
            pdf = FIXTURES / name
            with pdfplumber.open(pdf) as doc:
                pages = len(doc.pages)
            argv = [PLANPIPE, "extract", str(pdf), "-o", str(Path(tmp, name))]
            pairs = interleaved(argv, baseline_argv(pdf), args.rounds)
            ours, base = statistics.median(p[0].wall for p in pairs), statistics.median(p[1].wall for p in pairs)
            spreads.append(spread(name, pairs))
            rows.append(
                Row(f"extract {name} ({pages} p), whole process", ours, base, "s", "<= 1.3x", ours <= 1.3 * base)
            )
            cpu = statistics.median(p[0].cpu for p in pairs), statistics.median(p[1].cpu for p in pairs)
            rows.append(Row("  CPU seconds (steadier on a busy machine)", *cpu, "s"))
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
        # the words the borderless plan asks about (the dictionary's .aff read again too, as in a new process)
        words = BORDERLESS_CANDIDATES

        def load() -> None:
            wordbreak._load_dictionary.cache_clear()
            danish.read_affixes.cache_clear()
            wordbreak.danish_lookup(words)

        rows.append(Row(f"dictionary load for the borderless plan's {len(words)} words", call_seconds(load)))
        rows.append(Row("  the same, CPU seconds", cpu_seconds(load)))
    ok = print_report("PDF extraction (median wall time)", rows)
    print("spread (first to third quartile):")
    print("\n".join(spreads))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
