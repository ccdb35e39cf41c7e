"""Datasette serves plans.sqlite: a real server on 127.0.0.1, read through its JSON API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.ingest import ingest
from tests.conftest import SEED

DATASETTE = str(Path(sys.executable).with_name("datasette"))
REV = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025/2023"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_serves_the_projects_of_a_revision(tmp_path: Path) -> None:
    out = tmp_path / "output"
    ingest([SEED], out)
    metadata = out / "datasette-metadata.json"
    assert (
        json.loads(metadata.read_text(encoding="utf-8"))["license"] == "Creative Commons Attribution 4.0 International"
    )
    with datasette(out) as base:
        rows = get_json(f"{base}/plans/projects.json?revision_id={REV}&_shape=array&_size=max&_sort=key")
        assert len(rows) == 19
        by_id = {row["id"]: row for row in rows}
        assert by_id["p3-borgerservice-on-the-fly"]["title"] == "Borgerservice on the fly"
        assert by_id["p3-borgerservice-on-the-fly"]["objective_refs"] == "2;3"
        assert by_id["p1-braetspils-aftener"]["status_text"] == (
            "Samarbejdet med frivillige er fortsat da det er oplevet som en succes på den måde det kører."
        )
        assert by_id["p1-braetspils-aftener"]["pillar_key"] == f"{REV}/p1"
        served = get_json(f"{base}/-/metadata.json")
        assert served["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
        assert served["source"].startswith("planpipe")
        table = get_json(f"{base}/plans/projects.json?_size=1&_labels=on&revision_id={REV}")
        assert table["rows"][0]["pillar_key"]["label"] in {"Kultur for alle", "Glæden ved sprog, litteratur og læsning"}


@contextmanager
def datasette(out: Path) -> Iterator[str]:
    """Serve ``out``'s plans.sqlite with its metadata from a real Datasette on 127.0.0.1; yield its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            DATASETTE,
            "serve",
            str(out / "plans.sqlite"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "-m",
            str(out / "datasette-metadata.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_json(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "datasette did not start within 30 s"
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_datasette_search_finds_a_project_by_a_word_of_its_status_text(tmp_path: Path) -> None:
    out = tmp_path / "output"
    ingest([SEED], out)
    ingest([SEED.parent / "faxe-handleplan-2024.txt"], out)  # the second ingest must keep the index in step
    with datasette(out) as base:
        # "biblioteksorienteringer" is only in p2-biblioteksorientering's status text (its title has the singular).
        rows = get_json(f"{base}/plans/projects.json?_search=biblioteksorienteringer&_shape=array&_sort=key")
        assert [(r["revision_id"].rsplit("/", 1)[1], r["id"]) for r in rows] == [
            ("2023", "p2-biblioteksorientering"),
            ("2024", "p2-biblioteksorientering"),
        ]
        assert "biblioteksorienteringer" in rows[0]["status_text"]
        # A word of a plan text, and of an objective.
        rows = get_json(f"{base}/plans/projects.json?_search=frivillige&_shape=array&revision_id={REV}")
        assert {r["id"] for r in rows} >= {"p1-braetspils-aftener", "p1-etablering-af-en-reparations-cafe"}
        objectives = get_json(f"{base}/plans/objectives.json?_search=SKABER&_shape=array&revision_id={REV}")
        assert objectives and all(o["keyword"] == "SKABER" or "SKABER" in o["text"].upper() for o in objectives)
        # A word that is nowhere finds nothing (before, ?_search= was ignored and every row came back).
        assert get_json(f"{base}/plans/projects.json?_search=zzyzx&_shape=array") == []
