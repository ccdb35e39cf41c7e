"""The catalogue as CKAN's DCAT harvester reads it: ckanext-dcat's RDFParser with the euro_dcat_ap_3 profile.

ckanext-dcat imports CKAN itself (no server, no database, but CKAN's Python
requirements, pinned), so it lives in its own virtualenv, ``.venv-ckan``,
made by .ci/run from tests/ckan-requirements.txt; PLANPIPE_CKAN_PYTHON may
name another interpreter that has it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_dcat import PLAN, published  # noqa: F401  (the module fixture)

CKAN_PYTHON = Path(os.environ.get("PLANPIPE_CKAN_PYTHON", ROOT / ".venv-ckan" / "bin" / "python"))


@pytest.mark.skipif(not CKAN_PYTHON.exists(), reason=f"no ckanext-dcat interpreter at {CKAN_PYTHON} (.ci/run makes it)")
@pytest.mark.parametrize(("name", "fmt"), [("catalog.ttl", "turtle"), ("catalog.jsonld", "json-ld")])
def test_ckanext_dcat_reads_the_plan_as_one_dataset(published: Path, name: str, fmt: str) -> None:  # noqa: F811
    done = subprocess.run(
        [str(CKAN_PYTHON), str(ROOT / "tests" / "ckanext_dcat_parse.py"), str(published / name), fmt],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [dataset] = json.loads(done.stdout)
    extras = {e["key"]: e["value"] for e in dataset["extras"]}
    assert dataset["title"] == "Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025"
    assert dataset["url"] == f"https://data.faxekommune.dk/handleplaner/index.html#{PLAN}"
    assert (extras["publisher_name"], extras["publisher_uri"]) == ("Faxe Kommune", "https://www.faxekommune.dk")
    assert extras["contact_email"] == "bibliotek@faxekommune.dk"
    assert (extras["temporal_start"], extras["temporal_end"]) == ("2021-01-01", "2025-12-31")
    assert json.loads(extras["theme"]) == [
        "http://publications.europa.eu/resource/authority/data-theme/EDUC",
        "http://publications.europa.eu/resource/authority/data-theme/GOVE",
    ]
    resources = dataset["resources"]
    # 2023: plan.json, 6 CSVs, datapackage.json, ckan_package.json, dcat.jsonld; 2024: the same and the 3 diff files.
    assert len(resources) == 10 + 13
    csv = next(r for r in resources if r["url"].endswith("/2024/projects.csv"))
    assert csv["format"] == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert csv["mimetype"] == "http://www.iana.org/assignments/media-types/text/csv"
    assert csv["hash_algorithm"] == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256" and len(csv["hash"]) == 64
    assert csv["license"] == "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
