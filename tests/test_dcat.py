"""The DCAT-AP 3.0 catalogue and per-revision dcat.jsonld, validated by pySHACL against our DCAT-AP 3.0.0 shapes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.dcat import jsonld_to_turtle
from tests.conftest import ROOT

SHAPES = ROOT / "schemas" / "shacl" / "dcat-ap-3.0.0.ttl"
PLAN = "handleplan-for-faxe-kommunes-biblioteker-borgerservice-2021-2025"
CONFIG = """\
[publish]
publisher = "Faxe Kommune"
publisher_uri = "https://www.faxekommune.dk"
contact_email = "bibliotek@faxekommune.dk"
licence = "CC-BY-4.0"
base_url = "https://data.faxekommune.dk/handleplaner/"
ckan_organisation = "faxe-kommune"
language = "da"
spatial = "https://dawa.aws.dk/kommuner/0320"
"""
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``planpipe run`` on input/ from a folder holding a planpipe.toml; return that folder."""
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "input", work / "input")
    (work / "planpipe.toml").write_text(CONFIG, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        result = CliRunner().invoke(main, ["run"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return work / "output"


def shacl(data, shapes_text: str | None = None) -> list[tuple[str, str, str]]:
    """Return every SHACL result as (severity, path, constraint), empty when the data conforms."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph().parse(data=shapes_text or SHAPES.read_text(encoding="utf-8"), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    results = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        results.append(
            (
                str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[1],
                str(report.value(result, SH.resultPath)),
                str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[1],
            )
        )
    assert conforms == (not [r for r in results if r[0] == "Violation"])
    return sorted(results)


def graph(path: Path):
    import rdflib

    return rdflib.Graph().parse(path, format="turtle" if path.suffix == ".ttl" else "json-ld")


def test_catalogue_from_run_has_no_violations_nor_warnings(published: Path) -> None:
    assert shacl(graph(published / "catalog.ttl")) == []
    assert shacl(graph(published / "catalog.jsonld")) == []


def test_every_revision_dcat_jsonld_has_no_violations_nor_warnings(published: Path) -> None:
    for label in ("2023", "2024"):
        assert shacl(graph(published / PLAN / label / "dcat.jsonld")) == []


def test_turtle_and_jsonld_are_the_same_graph(published: Path) -> None:
    from rdflib.compare import isomorphic

    assert isomorphic(graph(published / "catalog.ttl"), graph(published / "catalog.jsonld"))


def test_catalogue_lists_the_plan_as_one_dataset_with_every_revision_file(published: Path) -> None:
    import rdflib
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

    spdx = rdflib.Namespace("http://spdx.org/rdf/terms#")
    vcard = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
    g = graph(published / "catalog.ttl")
    [catalog] = g.subjects(RDF.type, DCAT.Catalog)
    [dataset] = g.objects(catalog, DCAT.dataset)
    assert str(dataset) == f"https://data.faxekommune.dk/handleplaner/{PLAN}/#dataset"
    assert str(g.value(catalog, FOAF.homepage)) == "https://data.faxekommune.dk/handleplaner/index.html"
    title = g.value(dataset, DCTERMS.title)
    assert (str(title), title.language) == ("Handleplan for Faxe Kommunes Biblioteker & Borgerservice 2021-2025", "da")
    assert g.value(dataset, DCTERMS.description).language == "da"
    publisher = g.value(dataset, DCTERMS.publisher)
    assert publisher == rdflib.URIRef("https://www.faxekommune.dk") == g.value(catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g and str(g.value(publisher, FOAF.name)) == "Faxe Kommune"
    contact = g.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, vcard.Kind) in g
    assert g.value(contact, vcard.hasEmail) == rdflib.URIRef("mailto:bibliotek@faxekommune.dk")
    themes = sorted(str(t) for t in g.objects(dataset, DCAT.theme))
    assert themes == [
        "http://publications.europa.eu/resource/authority/data-theme/EDUC",
        "http://publications.europa.eu/resource/authority/data-theme/GOVE",
    ]
    assert all(g.value(rdflib.URIRef(t), SKOS.prefLabel) for t in themes)
    assert str(g.value(dataset, DCAT.landingPage)) == f"https://data.faxekommune.dk/handleplaner/index.html#{PLAN}"
    period = g.value(dataset, DCTERMS.temporal)
    assert (str(g.value(period, DCAT.startDate)), str(g.value(period, DCAT.endDate))) == ("2021-01-01", "2025-12-31")
    # Both revisions' files are distributions of the one dataset, each with its sha256 and size.
    distributions = list(g.objects(dataset, DCAT.distribution))
    on_disk = sorted(p for p in (published / PLAN).glob("*/*") if p.is_file())
    assert len(distributions) == len(on_disk) == 23  # 10 files of 2023, 13 of 2024 (with its diff reports)
    for dist in distributions:
        url = str(g.value(dist, DCAT.downloadURL))
        assert url == str(g.value(dist, DCAT.accessURL))
        local = published / url.removeprefix("https://data.faxekommune.dk/handleplaner/")
        checksum = g.value(dist, spdx.checksum)
        assert g.value(checksum, spdx.algorithm) == spdx.checksumAlgorithm_sha256
        assert str(g.value(checksum, spdx.checksumValue)) == hashlib.sha256(local.read_bytes()).hexdigest()
        assert int(g.value(dist, DCAT.byteSize)) == local.stat().st_size
        assert str(g.value(dist, DCTERMS.license)).endswith("/licence/CC_BY_4_0")
    csv = next(d for d in distributions if str(g.value(d, DCAT.downloadURL)).endswith("/2024/projects.csv"))
    assert str(g.value(csv, DCTERMS.format)) == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert str(g.value(csv, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/text/csv"
    assert str(g.value(csv, DCTERMS.title)) == "projects.csv, revision 2024"


def test_without_settings_links_are_relative_and_there_are_no_violations(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(ROOT / "input"), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads((out / "catalog.jsonld").read_text(encoding="utf-8"))
    [listed] = next(n for n in document["@graph"] if n["@type"] == "dcat:Catalog")["dcat:dataset"]
    [dataset] = [n for n in document["@graph"] if n["@type"] == "dcat:Dataset"]
    assert listed == {"@id": dataset["@id"]}
    assert dataset["@id"] == f"urn:planpipe:dataset:{PLAN}"
    assert dataset["dcat:distribution"][0]["dcat:accessURL"]["@id"].startswith(f"{PLAN}/2023/")
    results = shacl(graph(out / "catalog.ttl"))
    # Only what needs settings is missing: contact point and geographical coverage, as warnings.
    assert {(severity, path.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for severity, path, _ in results} == {
        ("Warning", "contactPoint"),
        ("Warning", "spatial"),
        ("Warning", "homepage"),
    }


# --- the shapes catch what they promise ----------------------------------------------------------------

BAD = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix spdx: <http://spdx.org/rdf/terms#> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<urn:c> a dcat:Catalog ; dct:title "T"@da ; dct:description "D"@da ; dcat:dataset <urn:d> {catalog} .
<urn:a> a foaf:Agent ; foaf:name "A" .
<urn:d> a dcat:Dataset ; dct:title "T"@da ; dct:description "D"@da ; dcat:distribution <urn:x> {dataset} .
<urn:x> a dcat:Distribution ; dcat:accessURL <https://x/f.csv> {distribution} .
<https://x/f.csv> a <http://www.w3.org/2000/01/rdf-schema#Resource> .
"""


def bad(catalog: str = "; dct:publisher <urn:a>", dataset: str = "", distribution: str = "") -> object:
    import rdflib

    text = BAD.replace("{catalog}", catalog).replace("{dataset}", dataset).replace("{distribution}", distribution)
    return rdflib.Graph().parse(data=text, format="turtle")


def violations(data: object) -> set[tuple[str, str]]:
    return {
        (path.rsplit("/", 1)[-1].rsplit("#", 1)[-1], kind)
        for severity, path, kind in shacl(data)
        if severity == "Violation"
    }


def test_the_minimal_catalogue_has_no_violations() -> None:
    assert violations(bad()) == set()


def test_a_catalogue_without_publisher_is_a_violation() -> None:
    assert violations(bad(catalog="")) == {("publisher", "MinCountConstraintComponent")}


def test_a_publisher_that_is_not_an_agent_is_a_violation() -> None:
    data = bad(catalog="; dct:publisher <urn:k>")
    data.parse(data="<urn:k> a <http://www.w3.org/2006/vcard/ns#Kind> .", format="turtle")
    assert violations(data) == {("publisher", "ClassConstraintComponent")}


def test_wrong_ranges_and_cardinalities_are_violations() -> None:
    data = bad(
        dataset="; dct:publisher <urn:a>, <urn:a2> ; dcat:theme <http://publications.europa.eu/resource/authority/"
        "data-theme/EDUC>",
        distribution='; dcat:byteSize "12"^^xsd:decimal ; dcat:mediaType <http://www.iana.org/assignments/media-types/'
        'text/csv> ; spdx:checksum [ a spdx:Checksum ; spdx:checksumValue "ab12" ]',
    )
    data.parse(
        data='<urn:a2> a <http://xmlns.com/foaf/0.1/Agent> ; <http://xmlns.com/foaf/0.1/name> "B" .', format="turtle"
    )
    assert violations(data) == {
        ("publisher", "MaxCountConstraintComponent"),  # one publisher at most
        ("theme", "ClassConstraintComponent"),  # a theme must be a skos:Concept
        ("byteSize", "DatatypeConstraintComponent"),  # xsd:nonNegativeInteger
        ("mediaType", "ClassConstraintComponent"),  # a dct:MediaType
        ("algorithm", "MinCountConstraintComponent"),  # a checksum names its algorithm
        ("checksumValue", "DatatypeConstraintComponent"),  # as xsd:hexBinary
    }


def test_a_distribution_without_access_url_is_a_violation() -> None:
    import rdflib
    from rdflib.namespace import DCAT

    data = bad()
    data.remove((rdflib.URIRef("urn:x"), DCAT.accessURL, None))
    assert violations(data) == {("accessURL", "MinCountConstraintComponent")}


def test_turtle_writer_escapes_text() -> None:
    import rdflib

    text = 'Plan "A"\nmed \\ og\ttab'
    document = {
        "@context": {},
        "@graph": [{"@id": "urn:x", "@type": "dcat:Dataset", "dct:title": {"@value": text, "@language": "da"}}],
    }
    g = rdflib.Graph().parse(data=jsonld_to_turtle(document), format="turtle")
    assert str(g.value(rdflib.URIRef("urn:x"), rdflib.URIRef("http://purl.org/dc/terms/title"))) == text
