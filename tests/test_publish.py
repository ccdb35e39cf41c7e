"""planpipe.toml [publish], `planpipe publish` rebuilding portal files from the history, and the CKAN step."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.errors import ConfigError
from pipeline.publishing import PublishSettings, load_settings
from tests.ckan_stub import Ckan, serve
from tests.conftest import ROOT

PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
CONFIG = """\
[publish]
publisher = "Faxe Kommune"
publisher_uri = "https://www.faxekommune.dk"
contact_email = "bibliotek@faxekommune.dk"
licence = "{licence}"
base_url = "{base_url}"
ckan_organisation = "{org}"
"""


def write_config(
    folder: Path, licence: str = "CC-BY-4.0", base_url: str = "https://a.example.dk/planer/", org: str = "faxe-kommune"
) -> Path:
    path = folder / "planpipe.toml"
    path.write_text(CONFIG.format(licence=licence, base_url=base_url, org=org), encoding="utf-8")
    return path


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


# --- settings -------------------------------------------------------------------------------------------


def test_settings_from_the_working_folder_and_options_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings() == PublishSettings()
    write_config(tmp_path)
    settings = load_settings()
    assert (settings.publisher, settings.licence, settings.ckan_organisation) == (
        "Faxe Kommune",
        "CC-BY-4.0",
        "faxe-kommune",
    )
    assert settings.revision_url(PLAN, "2024") == f"https://a.example.dk/planer/{PLAN}/2024/"
    over = load_settings(licence="CC0-1.0", base_url="https://b.example.dk", publisher=None)
    assert (over.licence, over.base_url, over.publisher) == ("CC0-1.0", "https://b.example.dk", "Faxe Kommune")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('base_url = "ftp://x.dk/"', r"^planpipe\.toml: \[publish\] base_url: must be an http\(s\) URL with a host"),
        ('base_url = "data/planer"', r"^planpipe\.toml: \[publish\] base_url: must be an http\(s\) URL"),
        ('licence = "MIT"', r"^planpipe\.toml: \[publish\] licence: unknown licence 'MIT'"),
        ('contact_email = "bibliotek"', r"^planpipe\.toml: \[publish\] contact_email: is not an e-mail address"),
        ('publisher_uri = "faxe kommune"', r"^planpipe\.toml: \[publish\] publisher_uri: must be an absolute URI"),
        ('ckan_organisation = "Faxe Kommune"', r"^planpipe\.toml: \[publish\] ckan_organisation: CKAN names are"),
        ('language = "sv"', r"^planpipe\.toml: \[publish\] language: must be one of da, en, not 'sv'$"),
        ('themes = ["CULT"]', r"^planpipe\.toml: \[publish\] themes: unknown EU data-theme code 'CULT'"),
        ("licence = 4", r"^planpipe\.toml: \[publish\] licence: must be text, not 4$"),
        ('homepage = "x"', r"^planpipe\.toml: \[publish\] homepage: unknown setting; known: base_url, "),
    ],
)
def test_bad_settings_are_one_line_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "planpipe.toml").write_text(f"[publish]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings()
    assert "\n" not in str(caught.value)


def test_run_with_a_bad_setting_fails_before_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path, base_url="file:///srv/planer")
    result = invoke("run", str(ROOT / "input"), "-o", "out")
    assert result.exit_code == 1
    assert result.output.startswith("Error: planpipe.toml: [publish] base_url: must be an http(s) URL")
    assert not (tmp_path / "out").exists()


def test_run_reads_the_portal_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path)
    assert invoke("run", str(ROOT / "input"), "-o", "out").exit_code == 0
    ckan = json.loads((tmp_path / "out" / PLAN / "2023" / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["owner_org"] == "faxe-kommune" and ckan["author"] == "Faxe Kommune"
    assert {r["url"] for r in ckan["resources"]} >= {f"https://a.example.dk/planer/{PLAN}/2023/projects.csv"}
    assert all(r["url"].startswith(f"https://a.example.dk/planer/{PLAN}/2023/") for r in ckan["resources"])


# --- publish ----------------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """input/ ingested from a folder with a planpipe.toml (CC BY, base URL a.example.dk); return the output folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "input", tmp_path / "input")
    write_config(tmp_path)
    result = invoke("ingest", "input/faxe-handleplan-2023.txt", "input/faxe-handleplan-2024.txt")
    assert result.exit_code == 0, result.output
    return tmp_path / "output"


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_publish_rebuilds_portal_files_after_the_settings_change(store: Path, tmp_path: Path) -> None:
    before = snapshot(store)
    # The same bytes ingested again keep the old values: ingest says "unchanged".
    write_config(tmp_path, licence="CC0-1.0", base_url="https://b.example.dk/")
    again = invoke("ingest", "input/faxe-handleplan-2023.txt")
    assert "uændret" in again.output and snapshot(store) == before

    result = invoke("publish")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "output: portalfilerne for 2 revision(er) genopbygget, 2 ændret; "
        "catalog.ttl og catalog.jsonld viser 1 plan(er)\n"
    )
    after = snapshot(store)
    # The history records the new files and settings (run checks the files against them): both databases change.
    changed = sorted(name for name in after if after[name] != before.get(name) and not name.endswith("sqlite"))
    assert {".planpipe.sqlite", "plans.sqlite"} <= {name for name in after if after[name] != before.get(name)}
    portal = [
        f"{PLAN}/{label}/{name}"
        for label in ("2023", "2024")
        for name in ("ckan_package.json", "datapackage.json", "dcat.jsonld")
    ]
    assert changed == sorted(
        [*portal, "catalog.jsonld", "catalog.ttl", "datasette-metadata.json", "index.html", "index.json"]
    ) or (
        # index.html/json only list files: they are rewritten with the same bytes
        changed == sorted([*portal, "catalog.jsonld", "catalog.ttl", "datasette-metadata.json"])
    )
    folder = store / PLAN / "2024"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC0-1.0"
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["license_id"] == "cc-zero"
    assert {r["url"] for r in ckan["resources"]} >= {f"https://b.example.dk/{PLAN}/2024/projects.csv"}
    dcat = (folder / "dcat.jsonld").read_text(encoding="utf-8")
    assert "https://a.example.dk" not in dcat and f"https://b.example.dk/{PLAN}/2024/projects.csv" in dcat
    assert "/licence/CC0" in dcat
    catalog = (store / "catalog.ttl").read_text(encoding="utf-8")
    assert "https://a.example.dk" not in catalog and "<https://b.example.dk/index.html>" in catalog
    assert json.loads((store / "datasette-metadata.json").read_text(encoding="utf-8"))["license"].startswith(
        "Creative Commons Zero"
    )
    # Data files and diff reports are the stored history: untouched.
    for name in ("plan.json", "projects.csv", "diff.json", "diff.html"):
        assert after[f"{PLAN}/2024/{name}"] == before[f"{PLAN}/2024/{name}"]
    # Nothing changed since: publish again rewrites nothing.
    assert "0 ændret" in invoke("publish").output


def test_run_after_publish_keeps_what_was_published_and_restores_it(store: Path, tmp_path: Path) -> None:
    # publish records the new files in the history, so run's check of stored files does not undo it ...
    assert invoke("publish", "--licence", "CC0-1.0").exit_code == 0
    published = snapshot(store)
    again = invoke("run", "input", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "restored" not in again.output and "unchanged" in again.output
    assert {k: v for k, v in snapshot(store).items() if "/" in k} == {k: v for k, v in published.items() if "/" in k}
    # ... and a portal file that goes missing comes back as published, not as first ingested.
    (store / PLAN / "2024" / "ckan_package.json").unlink()
    repaired = invoke("run", "input", "--lang", "en")
    assert f"{PLAN}/2024: restored ckan_package.json" in repaired.output
    assert snapshot(store)[f"{PLAN}/2024/ckan_package.json"] == published[f"{PLAN}/2024/ckan_package.json"]


def test_lang_wins_over_the_configured_language(store: Path, tmp_path: Path) -> None:
    (tmp_path / "planpipe.toml").write_text(
        (tmp_path / "planpipe.toml").read_text(encoding="utf-8") + 'language = "en"\n', encoding="utf-8"
    )
    english = invoke("publish")
    assert english.output.startswith("output: portal files of 2 revision(s) rebuilt, 2 changed;")
    folder = store / PLAN / "2024"
    assert (folder / "diff.md").read_text(encoding="utf-8").startswith("# Changes in ")
    assert '<html lang="en">' in (store / "index.html").read_text(encoding="utf-8")
    ckan = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    assert {e["key"]: e["value"] for e in ckan["extras"]}["language"] == "en"
    danish = invoke("publish", env={"PLANPIPE_LANG": "da"})
    assert danish.output.startswith("output: portalfilerne for 2 revision(er) genopbygget, 2 ændret;")
    assert (folder / "diff.md").read_text(encoding="utf-8").startswith("# Ændringer i ")
    assert invoke("publish", "--lang", "en", env={"PLANPIPE_LANG": "da"}).output.startswith("output: portal files")


def test_publish_options_win_over_the_file(store: Path) -> None:
    result = invoke("publish", "--licence", "vilkaar-dk", "--base-url", "https://c.example.dk/x")
    assert result.exit_code == 0, result.output
    ckan = json.loads((store / PLAN / "2023" / "ckan_package.json").read_text(encoding="utf-8"))
    assert ckan["license_id"] == "other-at" and ckan["resources"][0]["url"].startswith(
        f"https://c.example.dk/x/{PLAN}/"
    )


def test_publish_without_a_store_is_an_error(tmp_path: Path) -> None:
    result = invoke("publish", "-o", str(tmp_path / "none"), "--config", str(write_config(tmp_path)))
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "no history database here" in result.output


def test_publish_options_are_checked(store: Path) -> None:
    assert invoke("publish", "--ckan", "http://127.0.0.1:9").exit_code == 2
    assert invoke("publish", "--base-url", "data.example.dk").exit_code == 2


# --- CKAN -------------------------------------------------------------------------------------------------


@pytest.fixture
def ckan_site():
    site = Ckan(api_key="secret-key", organisations={"faxe-kommune"})
    server, url = serve(site)
    yield site, url
    server.shutdown()
    server.server_close()


def test_publish_creates_then_updates_the_plan_dataset_on_ckan(store: Path, ckan_site) -> None:
    site, url = ckan_site
    env = {"CKAN_KEY": "secret-key"}
    result = invoke("publish", "--ckan", url, "--api-key-env", "CKAN_KEY", env=env)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"{PLAN}: created on CKAN; 19 resource(s) added, 0 refreshed"
    assert [a for a, _ in site.calls][:2] == ["package_show", "package_create"]
    assert [a for a, _ in site.calls][2:] == ["resource_create"] * 19  # 8 files of 2023, 11 of 2024
    [dataset] = site.datasets.values()
    assert dataset["name"] == PLAN and dataset["owner_org"] == "faxe-kommune" and dataset["license_id"] == "cc-by"
    assert dataset["title"] == "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"
    names = sorted(r["name"] for r in dataset["resources"])
    assert names[:3] == ["2023/datapackage.json", "2023/objectives.csv", "2023/pillars.csv"]
    assert "2024/diff.html" in names and len(names) == 19
    csv = next(r for r in dataset["resources"] if r["name"] == "2024/projects.csv")
    assert csv["url"] == f"https://a.example.dk/planer/{PLAN}/2024/projects.csv" and csv["format"] == "CSV"
    assert len(csv["hash"]) == 64

    # Once there, the dataset is updated in place: same id, same resources, nothing added twice.
    first_id = dataset["id"]
    site.calls.clear()
    result = invoke("publish", "--ckan", url, "--api-key-env", "CKAN_KEY", env=env)
    assert result.output.splitlines()[-1] == f"{PLAN}: updated on CKAN; 0 resource(s) added, 19 refreshed"
    assert [a for a, _ in site.calls] == ["package_show", "package_update"]
    [dataset] = site.datasets.values()
    assert dataset["id"] == first_id and len(dataset["resources"]) == 19


def test_ckan_refusals_are_one_line_errors(store: Path, tmp_path: Path, ckan_site) -> None:
    site, url = ckan_site
    env = {"CKAN_KEY": "secret-key"}
    write_config(tmp_path, org="borgerservice")  # an organisation the site does not have
    result = invoke("publish", "--ckan", url, "--api-key-env", "CKAN_KEY", env=env)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f'Error: {url}: dataset {PLAN}: rejected: owner_org: ["Organization does not exist"]'
    )
    write_config(tmp_path)
    result = invoke("publish", "--ckan", url, "--api-key-env", "CKAN_KEY", env={"CKAN_KEY": "wrong"})
    assert result.output.splitlines()[-1].startswith(f"Error: {url}: dataset {PLAN}: not authorised")
    result = invoke("publish", "--ckan", url, "--api-key-env", "NO_SUCH_VARIABLE")
    assert (
        result.output.splitlines()[-1]
        == f"Error: {url}: environment variable NO_SUCH_VARIABLE holding the API key is not set"
    )
    assert site.datasets == {}


def test_ckan_needs_absolute_urls_and_an_organisation(store: Path, tmp_path: Path, ckan_site) -> None:
    _, url = ckan_site
    (tmp_path / "planpipe.toml").write_text('[publish]\npublisher = "Faxe Kommune"\n', encoding="utf-8")
    result = invoke("publish", "--ckan", url, "--api-key-env", "CKAN_KEY", env={"CKAN_KEY": "secret-key"})
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: planpipe.toml: [publish] base_url is needed: CKAN resources link to absolute URLs"
    )


def test_publish_reports_a_revision_whose_plan_json_is_gone(store: Path) -> None:
    (store / PLAN / "2023" / "plan.json").unlink()
    result = invoke("publish")
    assert result.exit_code == 1
    assert result.output == (f"Error: output/{PLAN}/2023/plan.json: revision {PLAN}/2023 has no plan.json\n")
