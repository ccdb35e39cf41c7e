"""Benchmark: fidelity across producers, scored strictly, fact by fact.

    python benchmarks/bench_fidelity.py [--n N] [--seed S] [--producers a,b] [--jobs J] [--keep DIR] [--json F]
                                        [--twins]

Renders the 2023 and 2024 revisions through every producer of the matrix
(tests/fidelity/producers.py) in N random layouts each (layout seeds S ..
S+N-1, the same layouts for every producer), extracts each rendering with
planpipe in-process and compares its facts with the plan read from the
text file: exact strings after collapsing whitespace, nothing fuzzy.
Prints per producer the renderings that came out whole, the facts matched
out of those expected, the failures and wrong facts by kind with an example
each, the layout fields that split whole renderings from the rest, and the
first mismatches. ``--jobs`` is the number of extraction processes (they
run while the next producer renders); ``--json`` writes every result.
``--twins`` renders every fact wrong only in its spaces again as its twin,
the source written as planpipe read it (tests/fidelity/twins.py), and
prints how many are indistinguishable: the same glyphs at the same places,
which no reader can get right.
Target: 100% for every producer. Exit 1 when a producer is under it.
Needs the producers (LibreOffice, Chromium, ``pip install -e '.[fixtures]'``);
a producer that is not installed is reported as skipped.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fidelity.layouts import layout_seeds  # noqa: E402
from tests.fidelity.matrix import run_matrix  # noqa: E402
from tests.fidelity.producers import PRODUCERS  # noqa: E402
from tests.fidelity.report import report, result_rows, write_json  # noqa: E402
from tests.fidelity.twins import judge, summary  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="random layouts per producer (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="first layout seed (default 1)")
    parser.add_argument("--producers", default=",".join(PRODUCERS), help="comma-separated producer names")
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes (default 1)")
    parser.add_argument("--keep", type=Path, help="keep the renderings in this folder")
    parser.add_argument("--json", type=Path, help="also write every rendering's result to this JSON file")
    parser.add_argument("--twins", action="store_true", help="judge each spaces-only mismatch by its twin rendering")
    args = parser.parse_args(argv)
    names = [p.strip() for p in args.producers.split(",") if p.strip()]
    unknown = [p for p in names if p not in PRODUCERS]
    if unknown:
        parser.error(f"unknown producer(s) {', '.join(unknown)}; known: {', '.join(PRODUCERS)}")
    out = args.keep or Path(tempfile.mkdtemp(prefix="fidelity-"))
    start = time.perf_counter()
    try:
        runs = run_matrix(names, layout_seeds(args.seed, args.n), out, jobs=args.jobs)
        title = f"{args.n} layouts (seeds {args.seed}..{args.seed + args.n - 1}) x 2 revisions each"
        ok = report(runs, title)
        if args.twins:
            print("\nTwins of the facts wrong only in their spaces (indistinguishable: the file is the same):")
            print("\n".join(summary(judge(result_rows(runs), out / "twins"))) or "  none")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    if args.json:
        write_json(runs, args.json)
    print(f"\n{time.perf_counter() - start:.0f} s in all" + (f"; renderings kept in {out}" if args.keep else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
