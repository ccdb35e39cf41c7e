"""Core pipeline speed: start-up, throughput and scaling on the seed plan.

    python benchmarks/bench_core.py

Prints three figures, each beside a baseline measured in the same run:
- whole-process ``planpipe extract`` of the seed vs ``python -c "import click, jsonschema"``
  (target: at most 1.5x; no PDF or HTML library is imported for a text file);
- in-process read-to-validated-plan throughput on the seed (target: at least 200 plans/s);
- the seed made 10x and 100x larger (target: time per project stays flat, i.e. linear growth).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import Row, call_seconds, print_report, process_seconds, python  # noqa: E402
from pipeline.run import bytes_to_plan  # noqa: E402

SEED = ROOT / "input" / "faxe-handleplan-2023.txt"


def planpipe_argv() -> list[str]:
    """Return the argv that starts planpipe: the installed script, else cli.py."""
    script = shutil.which("planpipe")
    return [script] if script else [sys.executable, str(ROOT / "cli.py")]


def enlarge(text: str, times: int) -> str:
    """Return the seed with every project row repeated ``times`` times under distinct titles."""
    out = []
    for line in text.split("\n"):
        match = re.match(r"<b>(.*?)</b>(\t.*)", line)
        if match:
            out.extend(f"<b>{match.group(1)} {k}</b>{match.group(2)}" for k in range(times))
        else:
            out.append(line)
    return "\n".join(out)


def main() -> bool:
    data = SEED.read_bytes()
    startup = process_seconds([*planpipe_argv(), "extract", str(SEED), "-o", "-"])
    baseline = process_seconds(python("import click, jsonschema"))
    per_plan = call_seconds(lambda: bytes_to_plan(data, "seed.txt"), repeat=7, number=50)
    rows = [
        Row(
            "planpipe extract seed (whole process)",
            startup,
            baseline,
            target="<= 1.5x import",
            ok=startup <= 1.5 * baseline,
        ),
        Row(
            "seed read->validated plan, plans per second",
            1 / per_plan,
            None,
            unit="/s",
            target=">= 200/s",
            ok=1 / per_plan >= 200,
        ),
    ]
    base_projects = 19
    unit = None
    for times in (1, 10, 100):
        big = enlarge(data.decode(), times).encode()
        seconds = call_seconds(lambda big=big: bytes_to_plan(big, "big.txt"), repeat=3)
        per_project = seconds / (base_projects * times)
        unit = unit or per_project
        rows.append(
            Row(
                f"seed x{times} ({base_projects * times} projects), s per project",
                per_project,
                unit,
                target="<= 1.5x of x1" if times > 1 else "",
                ok=per_project <= 1.5 * unit if times > 1 else None,
            )
        )
    return print_report("planpipe core (text)", rows)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
