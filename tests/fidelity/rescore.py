"""Score renderings already made, without rendering again: the quick loop while fixing a reader.

    python -m tests.fidelity.rescore DIR [--producers a,b] [--jobs J]

DIR is a folder of renderings (``bench_fidelity.py --keep DIR`` or
``python -m tests.fidelity.render --out DIR``), searched recursively for
``<producer>-<revision>-s<seed>.<suffix>`` files; the report is the
benchmark's. Exit 1 when a producer is under 100%.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.fidelity.matrix import score_files
from tests.fidelity.report import report, write_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity.rescore", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of renderings")
    parser.add_argument("--producers", default="", help="comma-separated producers (default: all found)")
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes (default 1)")
    parser.add_argument("--json", type=Path, help="also write every rendering's result to this JSON file")
    args = parser.parse_args(argv)
    wanted = {p for p in args.producers.split(",") if p}
    files = [f for f in args.folder.rglob("*-s*.*") if f.is_file()]
    runs = score_files(files, args.jobs, sorted(wanted))
    if not runs:
        parser.error(f"no renderings named <producer>-<revision>-s<seed>.<suffix> under {args.folder}")
    ok = report(runs, f"{sum(len(r.results) for r in runs)} renderings in {args.folder}")
    if args.json:
        write_json(runs, args.json)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
