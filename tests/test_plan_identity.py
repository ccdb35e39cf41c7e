"""Issue 9, finding 5: two different plans must never become one (plan ids, --plan-id, the identity check)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.identity import plan_id
from pipeline.ingest import Options, ingest
from pipeline.run import bytes_to_plan
from tests.conftest import SEED
from tests.synthetic import faxe_2024

PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
SEED_TITLE = "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def retitled(tmp_path: Path, name: str, title: str, text: str | None = None) -> Path:
    """The seed (or ``text``) under another title line, written to ``tmp_path/name``."""
    text = text if text is not None else SEED.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(text.replace(f"# {SEED_TITLE}", f"# {title}", 1), encoding="utf-8")
    return path


def test_faxe_keeps_its_id() -> None:
    assert bytes_to_plan(SEED.read_bytes(), SEED.name)["id"] == PLAN
    assert plan_id(SEED_TITLE, "Faxe Kommunes Biblioteker & Borgerservice") == PLAN


def test_ids_that_slugs_would_share_get_a_stable_hash() -> None:
    greek, russian = "Σχέδιο δράσης βιβλιοθήκης 2021-2025", "План действий библиотеки 2021-2025"
    assert plan_id(greek, None) != plan_id(russian, None)
    assert plan_id(greek, None) == plan_id(greek, None)
    assert plan_id(greek, None).startswith("2021-2025-") and len(plan_id(greek, None)) == len("2021-2025-") + 8
    long = "Handleplan for Faxe Kommunes Biblioteker og Borgerservice, Kultur og Fritid, Idræt og Sundhed, del "
    one, two = plan_id(long + "et", None, 80), plan_id(long + "to", None, 80)
    assert one != two and len(one) <= 80 and len(two) <= 80
    assert one.startswith("handleplan-for-faxe-kommunes-biblioteker-og-borgerservice")
    # Case, spacing and quote style are the same title: the same id.
    assert plan_id(long.upper() + "ET", None, 80) == one
    # The organisation goes in front when the title does not name it.
    assert plan_id("Handleplan 2021-2025", "Køge Kommune") == "koege-kommune-handleplan-2021-2025"


def test_two_non_latin_titles_are_two_plans(tmp_path: Path) -> None:
    a = retitled(tmp_path, "a.txt", "Σχέδιο δράσης βιβλιοθήκης 2021-2025")
    b = retitled(tmp_path, "b.txt", "План действий библиотеки 2021-2025")
    out = tmp_path / "out"
    results = ingest([a, b], out)
    assert [r.status for r in results] == ["added", "added"]
    assert results[0].revision_id != results[1].revision_id
    assert query(out / "plans.sqlite", "select title from plans order by title") == [
        ("Σχέδιο δράσης βιβλιοθήκης 2021-2025",),
        ("План действий библиотеки 2021-2025",),
    ]


def test_a_revision_under_a_changed_title_is_refused_unless_plan_id_joins_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED], out)
    # '&' and '+' both slug away: the same id, another title (and organisation).
    text = faxe_2024(SEED.read_text(encoding="utf-8"))
    renamed = retitled(tmp_path, "faxe-2024.txt", SEED_TITLE.replace("&", "+"), text)
    refused = invoke("ingest", str(renamed), "-o", str(out))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"Error: {renamed}: plan id {PLAN} is stored for {SEED_TITLE!r} (Faxe Kommunes Biblioteker & Borgerservice), "
        f"not {SEED_TITLE.replace('&', '+')!r}"
    )
    assert f"give --plan-id {PLAN}" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert not (out / PLAN / "2024").exists()
    assert query(out / "plans.sqlite", "select title from plans") == [(SEED_TITLE,)]
    joined = invoke("ingest", str(renamed), "-o", str(out), "--plan-id", PLAN)
    assert joined.exit_code == 0, joined.stderr
    assert joined.stdout.startswith(f"{PLAN} 2024: ") and "siden 2023" in joined.stdout
    # The plan's row takes the title of its latest revision.
    assert query(out / "plans.sqlite", "select title from plans") == [(SEED_TITLE.replace("&", "+"),)]


def test_an_earlier_revision_does_not_overwrite_the_plan_title(tmp_path: Path) -> None:
    out = tmp_path / "out"
    later = tmp_path / "faxe-2024.txt"
    later.write_text(faxe_2024(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    ingest([later], out)
    earlier = retitled(tmp_path, "faxe-2023.txt", "Handleplan for Faxe Bibliotekerne 2021-2025")
    [result] = ingest([earlier], out, Options(plan_id=PLAN))
    assert (result.status, result.revision_id) == ("added", f"{PLAN}/2023")
    assert query(out / "plans.sqlite", "select title from plans") == [(SEED_TITLE,)]


def test_same_title_from_two_organisations_kept_apart_by_plan_id(tmp_path: Path) -> None:
    # Nothing in the text tells the two apart: the same label from other bytes is refused, with the way out.
    generic = "Handleplan for Biblioteket 2021-2025"
    faxe = retitled(tmp_path, "faxe.txt", generic)
    koege_text = SEED.read_text(encoding="utf-8").replace("Brætspils aftener", "Brætspilsaftener i Køge")
    koege = retitled(tmp_path, "koege.txt", generic, koege_text)
    out = tmp_path / "out"
    ingest([faxe], out)
    [refused] = ingest([koege], out)
    assert refused.status == "error" and "give it its own --plan-id" in str(refused.error)
    [kept] = ingest([koege], out, Options(plan_id="koege-handleplan-for-biblioteket-2021-2025"))
    assert kept.status == "added"
    assert len(query(out / "plans.sqlite", "select id from plans")) == 2


def test_plan_id_option_on_extract_and_its_checks(tmp_path: Path) -> None:
    result = invoke("extract", str(SEED), "-o", str(tmp_path / "x"), "--plan-id", "faxe-biblioteker")
    assert result.exit_code == 0
    assert (tmp_path / "x" / "faxe-biblioteker" / "2023" / "plan.json").is_file()
    for bad in ("../etc", "Faxe", "a--b", "x" * 101, "-a"):
        refused = invoke("extract", str(SEED), "-o", str(tmp_path / "y"), "--plan-id", bad)
        assert refused.exit_code == 2 and "is not a plan id" in refused.stderr, bad
        refused = invoke("run", str(SEED), "-o", str(tmp_path / "y"), "--plan-id", bad)
        assert refused.exit_code == 2, bad
    assert not (tmp_path / "y").exists()


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_plan_id_option_on_ingest_and_run(tmp_path: Path, command: str) -> None:
    out = tmp_path / "out"
    result = invoke(command, str(SEED), "-o", str(out), "--plan-id", "faxe-biblioteker")
    assert result.exit_code == 0
    assert query(out / "plans.sqlite", "select id, title from plans") == [("faxe-biblioteker", SEED_TITLE)]
    assert (out / "faxe-biblioteker" / "2023" / "dcat.jsonld").is_file()
