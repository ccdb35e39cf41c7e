"""Rebuild renderings of the fidelity matrix from a seed.

    python -m tests.fidelity.render --seed S --n N [--producers a,b] [--revisions 2023,2024] --out DIR

Writes ``DIR/<producer>/<producer>-<revision>-s<seed>.<suffix>`` for layout
seeds S .. S+N-1 and prints each file with its layout; the same arguments
give the same layouts (the files differ only where a producer stamps a date).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tests.fidelity.content import SOURCES
from tests.fidelity.layouts import draw_layout, layout_seeds
from tests.fidelity.producers import PRODUCERS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity.render", description=__doc__.splitlines()[1])
    parser.add_argument("--seed", type=int, default=1, help="first layout seed (default 1)")
    parser.add_argument("--n", type=int, default=1, help="layouts per producer (default 1)")
    parser.add_argument("--producers", default=",".join(PRODUCERS), help="comma-separated producer names")
    parser.add_argument("--revisions", default=",".join(SOURCES), help="comma-separated revisions (2023,2024)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    names = [p for p in args.producers.split(",") if p]
    revisions = [r for r in args.revisions.split(",") if r]
    bad = [p for p in names if p not in PRODUCERS] + [r for r in revisions if r not in SOURCES]
    if bad:
        parser.error(f"unknown producer or revision: {', '.join(bad)}")
    failed = 0
    for name in names:
        producer = PRODUCERS[name]
        if not producer.available():
            print(f"{name}: skipped, not installed", file=sys.stderr)
            continue
        jobs = [(SOURCES[rev], draw_layout(seed)) for seed in layout_seeds(args.seed, args.n) for rev in revisions]
        for (_, layout), made in zip(jobs, producer.render_many(jobs, args.out / name), strict=True):
            if isinstance(made, Exception):
                failed += 1
                print(f"{name} s{layout.seed}: failed: {made}", file=sys.stderr)
            else:
                print(f"{made}\t{json.dumps(layout.describe(), ensure_ascii=False)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
