"""Ingest speed and memory: synthetic revisions into a fresh history, one and two parsing processes.

    python benchmarks/bench_ingest.py [--count 500] [--repeat 3]

Generates ``count`` varied synthetic plan revisions (tests/synthetic.py: 100
plans x 5 revisions when the revision diff is installed, so 4 in 5 are
diffed against the one before; otherwise ``count`` first revisions), then
prints, each beside a baseline measured in the same run:
- revisions per second with ``--jobs 1`` (baseline) and ``--jobs 2``
  (target: at least 1.6x on a 2-core machine; parsing in worker processes,
  one writer to the database);
- peak memory (ru_maxrss) of the writer process and of the largest worker
  at ``count`` revisions against 100 revisions (target: flat, at most 1.25x).

Each measurement runs ``planpipe ingest`` in a fresh process into a fresh folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import Row, print_report  # noqa: E402
from tests.synthetic import write_revisions  # noqa: E402

#: Runs one ingest in this fresh process and reports its time and peak memory as JSON.
_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from pipeline.ingest import Options, ingest
files = [Path(p) for p in Path(sys.argv[1]).read_text().split("\\n") if p]
start = time.perf_counter()
results = ingest(files, Path(sys.argv[2]), Options(), jobs=int(sys.argv[3]))
seconds = time.perf_counter() - start
assert all(r.status == "added" for r in results), [str(r.error) for r in results if r.error]
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "n": len(results), "writer_kb": me.ru_maxrss, "worker_kb": kids.ru_maxrss,
                  "writer_cpu": me.ru_utime + me.ru_stime, "worker_cpu": kids.ru_utime + kids.ru_stime}))
"""


def has_diff() -> bool:
    """Return True when the revision diff (pipeline.diff) is installed."""
    try:
        import pipeline.diff  # noqa: F401
    except ImportError:
        return False
    return True


def make_inputs(folder: Path, count: int) -> list[Path]:
    """Write ``count`` synthetic revisions, revision-major so each plan's revisions come in order."""
    if has_diff():
        return write_revisions(folder, plans=count // 5, revisions=5)
    return write_revisions(folder, plans=count, revisions=1)


def measure(files: list[Path], jobs: int, work: Path) -> dict:
    """Ingest ``files`` into a fresh folder in a fresh process; return its figures."""
    listing = work / f"files-{len(files)}.txt"
    listing.write_text("\n".join(map(str, files)))
    out = Path(tempfile.mkdtemp(dir=work, prefix=f"out-j{jobs}-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(listing), str(out), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout)


def main() -> bool:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        files = make_inputs(work / "in", args.count)
        small = make_inputs(work / "in-small", 100)
        rates: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[dict]] = {1: [], 2: []}
        load = os.getloadavg()[0]
        start = time.perf_counter()
        for _ in range(args.repeat):
            for jobs in (1, 2):  # interleaved, so a busy spell slows both
                figures = measure(files, jobs, work)
                rates[jobs].append(figures["n"] / figures["seconds"])
                cpu[jobs].append(figures)
        memory = {n: measure(f, 2, work) for n, f in ((100, small), (len(files), files))}
        memory_one = {n: measure(f, 1, work) for n, f in ((100, small), (len(files), files))}
        elapsed = time.perf_counter() - start
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    kind = "100 plans x 5 revisions, diffed" if has_diff() else f"{len(files)} first revisions (no diff installed)"
    rows = [
        Row(
            f"revisions/s, --jobs 2 vs --jobs 1 ({len(files)})",
            two,
            one,
            unit="/s",
            target=">= 1.6x",
            ok=two >= 1.6 * one,
        ),
    ]
    for label, figures in (("--jobs 1", memory_one), ("--jobs 2", memory)):
        big, base = figures[len(files)], figures[100]
        rows.append(
            Row(
                f"writer peak RSS {label}, {len(files)} vs 100 revisions",
                big["writer_kb"] / 1024,
                base["writer_kb"] / 1024,
                unit="MB",
                target="<= 1.25x (flat)",
                ok=big["writer_kb"] <= 1.25 * base["writer_kb"],
            )
        )
    big, base = memory[len(files)], memory[100]
    rows.append(
        Row(
            f"worker peak RSS --jobs 2, {len(files)} vs 100 revisions",
            big["worker_kb"] / 1024,
            base["worker_kb"] / 1024,
            unit="MB",
            target="<= 1.25x (flat)",
            ok=big["worker_kb"] <= 1.25 * base["worker_kb"],
        )
    )
    # What the CPU time says two idle cores would give: jobs 1's total CPU over jobs 2's critical path,
    # the longer of the one writer's CPU and half of all CPU. Shown, not judged: the wall clock is judged.
    n = len(files)
    serial = statistics.median((f["writer_cpu"] + f["worker_cpu"]) / n for f in cpu[1])
    writer = statistics.median(f["writer_cpu"] / n for f in cpu[2])
    total = statistics.median((f["writer_cpu"] + f["worker_cpu"]) / n for f in cpu[2])
    rows.append(Row("CPU ms/revision: jobs 2 writer vs jobs 1 all", writer * 1000, serial * 1000, unit="ms"))
    rows.append(Row("CPU ms/revision: jobs 2 all (writer + workers)", total * 1000, serial * 1000, unit="ms"))
    rows.append(
        Row("idle 2-core estimate from CPU time, jobs 2 speed-up", serial / max(writer, total / 2), None, unit="x")
    )
    ok = print_report(f"planpipe ingest: {kind}; {os.cpu_count()} CPUs, load average {load:.1f} at start", rows)
    print(f"runs: jobs 1 {[round(r) for r in rates[1]]}/s, jobs 2 {[round(r) for r in rates[2]]}/s; {elapsed:.0f} s")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
