"""Run the matrix: render every (producer, layout seed, revision), extract each with planpipe, score it strictly.

Rendering runs producer by producer; while one producer renders, the files
of the one before are extracted in a pool of worker processes. Extraction
is in-process through the library (``pipeline.run.bytes_to_plan``): a
``PipelineError`` is a failed rendering with its one-line message, any other
exception a crash (a reader bug) with its type.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.fidelity.content import SOURCES, source_plan
from tests.fidelity.facts import Score, failed_score, score_plan
from tests.fidelity.layouts import draw_layout
from tests.fidelity.producers import PRODUCERS


@dataclass
class Result:
    """One rendering and how it came out."""

    producer: str
    revision: str
    seed: int
    file: Path | None
    score: Score
    #: None when the plan was extracted; else "render: ...", "error: ..." or "crash: ...".
    failure: str | None = None
    seconds: float = 0.0


@dataclass
class ProducerRun:
    """Every result of one producer, with the wall time its rendering took."""

    name: str
    results: list[Result] = field(default_factory=list)
    render_seconds: float = 0.0
    skipped: str | None = None


def extract_score(path: str, source: str) -> tuple[Score, str | None, float]:
    """Extract the plan file ``path`` and score it against the text plan ``source`` (runs in a worker).

    Returns the score, the failure (None when a plan came out) and the seconds the extraction took.
    """
    from pipeline.errors import PipelineError
    from pipeline.run import bytes_to_plan

    expected = source_plan(Path(source))
    start = time.perf_counter()
    try:
        got = bytes_to_plan(Path(path).read_bytes(), Path(path).name)
    except PipelineError as exc:
        failure = f"error: {getattr(exc, 'detail', exc)}"
        return failed_score(expected), failure, time.perf_counter() - start
    except Exception as exc:  # a crash is a reader bug; it is scored, not raised, so the run goes on
        return failed_score(expected), f"crash: {type(exc).__name__}: {exc}", time.perf_counter() - start
    return score_plan(expected, got), None, time.perf_counter() - start


def run_matrix(
    producers: Sequence[str],
    seeds: Sequence[int],
    out_dir: Path,
    revisions: Sequence[str] = tuple(SOURCES),
    jobs: int = 1,
) -> list[ProducerRun]:
    """Render and score every producer x seed x revision; return one ProducerRun per producer."""
    runs: list[ProducerRun] = []
    pending: list[tuple[Result, Future]] = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for name in producers:
            producer = PRODUCERS[name]
            run = ProducerRun(name)
            runs.append(run)
            if not producer.available():
                run.skipped = "not installed"
                continue
            work = [(SOURCES[rev], draw_layout(seed), rev, seed) for seed in seeds for rev in revisions]
            start = time.perf_counter()
            made = producer.render_many([(src, lay) for src, lay, _, _ in work], out_dir / name)
            run.render_seconds = time.perf_counter() - start
            for (src, _, rev, seed), file in zip(work, made, strict=True):
                if isinstance(file, Exception):
                    failure = f"render: {file}"
                    run.results.append(Result(name, rev, seed, None, failed_score(source_plan(src)), failure))
                    continue
                result = Result(name, rev, seed, file, failed_score(source_plan(src)))
                run.results.append(result)
                pending.append((result, pool.submit(extract_score, str(file), str(src))))
        for result, future in pending:
            result.score, result.failure, result.seconds = future.result()
    return runs


_NAME = re.compile(r"^(?P<producer>.+)-(?P<revision>\d{4})-s(?P<seed>\d+)\.\w+$")


def score_files(files: Sequence[Path], jobs: int = 1, producers: Sequence[str] = ()) -> list[ProducerRun]:
    """Extract and score renderings already made (named ``<producer>-<revision>-s<seed>.<suffix>``).

    With ``producers``, only their renderings are scored.
    """
    runs: dict[str, ProducerRun] = {}
    pending: list[tuple[Result, Future]] = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for file in sorted(files):
            match = _NAME.match(file.name)
            if not match or match["revision"] not in SOURCES:
                continue
            if producers and match["producer"] not in producers:
                continue
            source = SOURCES[match["revision"]]
            expected = failed_score(source_plan(source))
            result = Result(match["producer"], match["revision"], int(match["seed"]), file, expected)
            runs.setdefault(result.producer, ProducerRun(result.producer)).results.append(result)
            pending.append((result, pool.submit(extract_score, str(file), str(source))))
        for result, future in pending:
            result.score, result.failure, result.seconds = future.result()
    order = list(PRODUCERS)
    return sorted(runs.values(), key=lambda r: order.index(r.name) if r.name in order else len(order))
