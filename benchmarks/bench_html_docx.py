"""HTML, Word and OpenDocument extraction, whole process, against a bare script that parses the same file.

ours:     ``planpipe extract <fixture> -o -`` (start-up, read, segment, normalise,
          validate, JSON out), as a new process.
baseline: a new process that imports click and jsonschema, parses the same
          file with BeautifulSoup(lxml) (resp. loads it with python-docx, or
          parses the .odt's content.xml with lxml) and walks every table's
          rows and cells, measured in the same run. The CMS page is the
          plan in a site's chrome, so the main-content search is measured too.
Target (issue 3): at most 1.5x the baseline.

Run: ``.venv/bin/python benchmarks/bench_html_docx.py``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from harness import Row, print_report, python

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TARGET = 1.5


def ours(path: Path) -> list[str]:
    """Return the argv of the whole planpipe process on ``path``."""
    return [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())", "extract", str(path), "-o", "-"]


def bare_html(path: Path) -> list[str]:
    return python(
        "import click, jsonschema",
        "from bs4 import BeautifulSoup",
        f"soup = BeautifulSoup(open({str(path)!r}, 'rb').read(), 'lxml')",
        "rows = [[c.get_text(' ', strip=True) for c in tr.find_all(['td', 'th'])]"
        " for t in soup.find_all('table') for tr in t.find_all('tr')]",
    )


def bare_docx(path: Path) -> list[str]:
    return python(
        "import click, jsonschema, docx",
        f"document = docx.Document({str(path)!r})",
        "rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]",
    )


def bare_odt(path: Path) -> list[str]:
    return python(
        "import click, jsonschema, zipfile",
        "from lxml import etree",
        f"root = etree.fromstring(zipfile.ZipFile({str(path)!r}).read('content.xml'))",
        "T = '{urn:oasis:names:tc:opendocument:xmlns:table:1.0}'",
        "rows = [[''.join(c.itertext()) for c in r.iter(T + 'table-cell')] for r in root.iter(T + 'table-row')]",
    )


BARE = {".html": ("bs4(lxml)", bare_html), ".docx": ("python-docx", bare_docx), ".odt": ("lxml", bare_odt)}


def paired_process_seconds(a: list[str], b: list[str], repeat: int = 11) -> tuple[float, float]:
    """Return the median wall times of ``a`` and ``b``, run alternately so that machine load hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(repeat + 1):
        order = ((0, a), (1, b)) if i % 2 else ((1, b), (0, a))
        for slot, argv in order:
            start = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i:  # the first round warms the disk cache
                times[slot].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> int:
    rows = []
    for name in ("plan-2023.html", "plan-2023.cms.html", "plan-2023.docx", "plan-2023.odt"):
        path = FIXTURES / name
        label, bare = BARE[path.suffix]
        mine, base = paired_process_seconds(ours(path), bare(path))
        rows.append(
            Row(
                f"extract {name} vs bare {label}+tables",
                mine,
                base,
                target=f"<= {TARGET}x baseline",
                ok=mine <= TARGET * base,
            )
        )
    return 0 if print_report("planpipe extract, whole process (median of 11, run alternately)", rows) else 1


if __name__ == "__main__":
    sys.exit(main())
