"""DCAT-AP 3.0 metadata: one revision's ``dcat.jsonld`` and the store's catalogue (``catalog.ttl``, ``.jsonld``).

A dataset is a plan; each revision's files are distributions of it (titled
with the revision), so a portal shows one dataset per plan that grows a set
of files per revision. The metadata is built as JSON-LD node dicts with
prefixed names and written both as JSON-LD and, by the small writer here, as
Turtle: no RDF library is needed at run time. Every object whose class
DCAT-AP 3.0.0 names as a range is typed (``rdfs:Resource`` for URLs,
``foaf:Document`` for pages, ``dct:MediaType`` ...), because SHACL's
``sh:class`` checks a type stated in the data.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from pipeline.emit import revision_label
from pipeline.opendata import Licence, description_da, find_licence, keywords, media_type, resource_description
from pipeline.publishing import DATA_THEMES, LANGUAGES, PublishSettings

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "adms": "http://www.w3.org/ns/adms#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
#: The language of the plans and of the catalogue's texts (language-tagged ``da``): Danish, whatever language
#: ``[publish] language`` / ``--lang`` gives the reports and the CKAN texts.
TEXT_LANGUAGE = "da"
IANA = "http://www.iana.org/assignments/media-types/"
#: Our format names (pipeline.opendata.MEDIA_TYPES) -> EU file-type codes. Markdown has no code of its own.
EU_FILE_TYPES = {"CSV": "CSV", "JSON": "JSON", "HTML": "HTML", "JSON-LD": "JSON_LD", "Markdown": "TXT", "Binary": "BIN"}
DCAT_FILES = ("catalog.ttl", "catalog.jsonld")
#: Licence key -> its type in the ADMS licence-type vocabulary.
LICENCE_TYPES = {"CC-BY-4.0": "Attribution", "CC0-1.0": "PublicDomain", "vilkaar-dk": "Attribution"}
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"

#: (size in bytes, sha256 hex) of one file.
FileInfo = tuple[int, str]


@dataclass(frozen=True)
class StoredRevision:
    """One revision as the catalogue lists it: its label, when it landed, and its files."""

    label: str
    ingested_at: str
    files: dict[str, FileInfo]


def file_infos(files: dict[str, bytes]) -> dict[str, FileInfo]:
    """Return (size, sha256) for each file."""
    return {name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in files.items()}


def revision_to_dcat(
    plan: dict, files: dict[str, bytes], settings: PublishSettings, issued: str, modified: str
) -> dict:
    """Return the revision's ``dcat.jsonld``: the plan's dataset with this revision's files as distributions.

    Links are relative to the revision's folder unless ``settings.base_url`` is set.
    """
    revision = StoredRevision(revision_label(plan), issued, file_infos(files))
    url = settings.revision_url(plan["id"], revision.label) if settings.base_url else ""
    home = settings.site_url("index.html") if settings.base_url else "../../index.html"
    dataset = _dataset(plan, [revision], settings, issued, modified, lambda _label: url, home)
    return _document([dataset, *_shared(settings)])


def catalogue_nodes(
    plans: list[dict], datasets: Iterable[tuple[dict, list[StoredRevision]]], settings: PublishSettings
) -> Iterator[dict]:
    """Yield the catalogue's top nodes one at a time: the dcat:Catalog, each plan's dataset, the shared nodes.

    ``plans`` are the store's plan rows with their revision rows (``store.catalogue``);
    ``datasets`` yields each plan's latest plan dict with its revisions, oldest
    first, in the same order. One dataset is in memory at a time, so memory
    stays flat however large the store. Links are relative to the output folder
    unless ``base_url`` is set.
    """
    times = [r["ingested_at"] for plan in plans for r in plan["revisions"]]
    publisher = settings.publisher or next((p["organisation"] for p in plans if p.get("organisation")), "planpipe")
    da = _lang("da")
    catalog: dict = {
        "@id": settings.site_url("#catalog") if settings.base_url else "urn:planpipe:catalog",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Kommunale handleplaner", **da},
        "dct:description": {
            "@value": f"Handleplaner og deres revisioner som åbne data: {_count(len(plans), 'plan', 'planer')}, "
            f"{_count(len(times), 'revision', 'revisioner')}. "
            "Hver plan er et datasæt; hver revisions filer er distributioner af det.",
            **da,
        },
        "dct:publisher": _agent(publisher, settings),
        "dct:language": {"@id": EU + "language/" + LANGUAGES[TEXT_LANGUAGE]},
        "dct:license": {"@id": find_licence(settings.licence).dcat_uri},
        "dcat:themeTaxonomy": {
            "@id": EU + "data-theme",
            "@type": "skos:ConceptScheme",
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
        "dcat:dataset": [{"@id": _dataset_iri(p["id"], settings)} for p in plans if p["revisions"]],
    }
    if times:
        catalog["dct:issued"] = _datetime(min(times))
        catalog["dct:modified"] = _datetime(max(times))
    if settings.spatial:
        catalog["dct:spatial"] = {"@id": settings.spatial, "@type": "dct:Location"}
    if settings.base_url:
        catalog["foaf:homepage"] = {"@id": settings.site_url("index.html"), "@type": "foaf:Document"}
    yield catalog
    for plan, revisions in datasets:
        yield _dataset(
            plan,
            revisions,
            settings,
            revisions[0].ingested_at,
            max(r.ingested_at for r in revisions),
            lambda label, plan_id=plan["id"]: settings.revision_url(plan_id, label),
            settings.site_url("index.html"),
        )
    yield from _shared(settings)


def write_graph(nodes: Iterable[dict], jsonld: IO[str], turtle: IO[str]) -> None:
    """Write top nodes as they come to a JSON-LD document and a Turtle document at once."""
    jsonld.write('{"@context":' + json.dumps(PREFIXES, separators=(",", ":")) + ',"@graph":[\n')
    turtle.write("\n".join(f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()) + "\n")
    written: set[str] = set()
    for n, node in enumerate(nodes):
        jsonld.write(("," if n else "") + json.dumps(node, ensure_ascii=False, separators=(",", ":")) + "\n")
        turtle.write(_node_to_turtle(node, written))
    jsonld.write("]}\n")


def jsonld_to_turtle(document: dict) -> str:
    """Return Turtle text for a JSON-LD document made by this module (prefixed names, nested blank nodes)."""
    written: set[str] = set()
    head = "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()) + "\n"
    return head + "".join(_node_to_turtle(node, written) for node in document["@graph"])


def _node_to_turtle(node: dict, written: set[str]) -> str:
    """Return the Turtle blocks of a top node and of the described nodes it holds, skipping IRIs ``written``."""
    pending = deque([node])
    blocks = []
    while pending:
        item = pending.popleft()
        if item["@id"] in written:  # a node met again (a publisher of many datasets): described once
            continue
        written.add(item["@id"])
        blocks.append(f"\n{_iri(item['@id'])}\n{_properties(item, pending, '    ')} .\n")
    return "".join(blocks)


def _document(graph: list[dict]) -> dict:
    return {"@context": dict(PREFIXES), "@graph": graph}


def _dataset(
    plan: dict,
    revisions: list[StoredRevision],
    settings: PublishSettings,
    issued: str,
    modified: str,
    url_of: object,
    home: str,
) -> dict:
    """Return one plan's dcat:Dataset node with a distribution per file of each revision."""
    da = _lang("da")
    licence = find_licence(settings.licence)
    plan_id = plan["id"]
    node: dict = {
        "@id": _dataset_iri(plan_id, settings),
        "@type": "dcat:Dataset",
        "dct:identifier": plan_id,
        "dct:title": {"@value": plan["title"], **da},
        "dct:description": {"@value": description_da(plan), **da},
        "dcat:keyword": [{"@value": k, **da} for k in keywords(plan)],
        "dct:publisher": _agent(settings.publisher_for(plan.get("organisation")) or "planpipe", settings),
        "dcat:theme": [{"@id": f"{EU}data-theme/{code}"} for code in settings.themes],
        "dcat:landingPage": {"@id": f"{home}#{_safe(plan_id)}", "@type": "foaf:Document"},
        "dct:language": {"@id": EU + "language/" + LANGUAGES[TEXT_LANGUAGE]},
        "dct:accessRights": {"@id": EU + "access-right/PUBLIC"},
        "dct:issued": _datetime(issued),
        "dct:modified": _datetime(modified),
        "dcat:version": revision_label(plan),
        "dcat:distribution": [
            _distribution(plan_id, revision, name, info, licence, settings, url_of(revision.label))  # type: ignore[operator]
            for revision in revisions
            for name, info in sorted(revision.files.items())
        ],
    }
    if settings.email:
        node["dcat:contactPoint"] = {
            "@type": "vcard:Kind",
            "vcard:fn": settings.publisher_for(plan.get("organisation")) or settings.email,
            "vcard:hasEmail": {"@id": f"mailto:{settings.email}"},
        }
    if settings.spatial:
        node["dct:spatial"] = {"@id": settings.spatial, "@type": "dct:Location"}
    start, end = plan["period"]["start"], plan["period"]["end"]
    if start or end:
        period: dict = {"@type": "dct:PeriodOfTime"}
        if start:
            period["dcat:startDate"] = {"@value": f"{start}-01-01", "@type": "xsd:date"}
        if end:
            period["dcat:endDate"] = {"@value": f"{end}-12-31", "@type": "xsd:date"}
        node["dct:temporal"] = period
    return node


def _distribution(
    plan_id: str, revision: StoredRevision, name: str, info: FileInfo, licence: Licence, s: PublishSettings, url: str
) -> dict:
    da = _lang("da")
    fmt, media = media_type(name)
    link = url + quote(name)
    size, sha256 = info
    return {
        "@id": f"{link}#distribution" if s.base_url else f"urn:planpipe:distribution:{plan_id}:{revision.label}:{name}",
        "@type": "dcat:Distribution",
        "dct:title": {"@value": f"{name}, revision {revision.label}", **da},
        "dct:description": {"@value": f"{resource_description(name, 'da')} (revision {revision.label})", **da},
        "dcat:accessURL": {"@id": link, "@type": "rdfs:Resource"},
        "dcat:downloadURL": {"@id": link, "@type": "rdfs:Resource"},
        "dct:format": {"@id": f"{EU}file-type/{EU_FILE_TYPES.get(fmt, 'BIN')}"},
        "dcat:mediaType": {"@id": IANA + media},
        "dcat:byteSize": {"@value": str(size), "@type": "xsd:nonNegativeInteger"},
        "dct:issued": _datetime(revision.ingested_at),
        "dct:license": {"@id": licence.dcat_uri},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": {"@value": sha256, "@type": "xsd:hexBinary"},
        },
    }


def _dataset_iri(plan_id: str, settings: PublishSettings) -> str:
    return settings.site_url(f"{_safe(plan_id)}/#dataset") if settings.base_url else f"urn:planpipe:dataset:{plan_id}"


def _shared(settings: PublishSettings) -> list[dict]:
    """Return the vocabulary nodes the datasets point to, each typed with the class DCAT-AP gives as range."""
    licence = find_licence(settings.licence)
    nodes: list[dict] = [
        {
            "@id": licence.dcat_uri,
            "@type": "dct:LicenseDocument",
            # The Creative Commons titles are English; the Danish terms are Danish.
            "dct:title": {"@value": licence.title, "@language": "da" if licence.key == "vilkaar-dk" else "en"},
            "dct:type": {
                "@id": ADMS_LICENCE_TYPE + LICENCE_TYPES[licence.key],
                "@type": "skos:Concept",
                "skos:prefLabel": {"@value": LICENCE_TYPES[licence.key], "@language": "en"},
            },
        },
        {"@id": EU + "language/" + LANGUAGES[TEXT_LANGUAGE], "@type": "dct:LinguisticSystem"},
        {"@id": EU + "access-right/PUBLIC", "@type": "dct:RightsStatement"},
        {"@id": "spdx:checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm"},
    ]
    nodes += [
        {
            "@id": f"{EU}data-theme/{code}",
            "@type": "skos:Concept",
            "skos:prefLabel": {"@value": DATA_THEMES[code], "@language": "en"},
            "skos:inScheme": {"@id": EU + "data-theme"},
        }
        for code in settings.themes
    ]
    from pipeline.opendata import MEDIA_TYPES

    for fmt, media in sorted(set(MEDIA_TYPES.values()) | {("Binary", "application/octet-stream")}):
        nodes.append({"@id": f"{EU}file-type/{EU_FILE_TYPES[fmt]}", "@type": "dct:MediaTypeOrExtent"})
        nodes.append({"@id": IANA + media, "@type": "dct:MediaType"})
    return nodes


def _agent(name: str, settings: PublishSettings) -> dict:
    """Return the publisher node: the configured URI, else a URN made from the name."""
    iri = settings.publisher_uri or f"urn:planpipe:agent:{_slug(name)}"
    return {"@id": iri, "@type": "foaf:Agent", "foaf:name": {"@value": name, **_lang("da")}}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lang(code: str) -> dict:
    return {"@language": code}


def _datetime(value: str) -> dict:
    return {"@value": value, "@type": "xsd:dateTime"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]+", "-", text.casefold()).strip("-") or "agent"


def _safe(text: str) -> str:
    return quote(text, safe="-._~")


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

# --- Turtle ------------------------------------------------------------------------------------------------


def _properties(node: dict, pending: deque, indent: str) -> str:
    parts = []
    types = node.get("@type")
    if types:
        parts.append(f"{indent}a " + ", ".join(_iri(t) for t in ([types] if isinstance(types, str) else types)))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        values = value if isinstance(value, list) else [value]
        objects = [_object(v, pending, indent) for v in values]
        if objects:
            joined = ", ".join(objects)
            if len(joined) > 100 and len(objects) > 1:  # one object a line: long lists stay readable
                joined = f",\n{indent}    ".join(objects)
            parts.append(f"{indent}{_iri(key)} {joined}")
    return " ;\n".join(parts)


def _object(value: object, pending: deque, indent: str) -> str:
    if isinstance(value, str):
        return _string(value)
    assert isinstance(value, dict)
    if "@value" in value:
        text = _string(str(value["@value"]))
        if "@language" in value:
            return f"{text}@{value['@language']}"
        if "@type" in value:
            return f"{text}^^{_iri(value['@type'])}"
        return text
    if "@id" not in value:  # a blank node, written in place
        return "[\n" + _properties(value, pending, indent + "    ") + f"\n{indent}]"
    if len(value) > 1:  # a node described here: write its own block, refer to it
        pending.append(value)
    return _iri(value["@id"])


@functools.lru_cache(maxsize=4096)
def _iri(name: str) -> str:
    """Return a Turtle term for a prefixed name or an IRI: prefixed where the local part allows it."""
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        name = PREFIXES[prefix] + local
    for short, namespace in PREFIXES.items():
        if name.startswith(namespace) and _LOCAL.match(name[len(namespace) :]):
            return f"{short}:{name[len(namespace) :]}"
    return "<" + "".join(c if c not in '<>"{}|\\^` ' else f"%{ord(c):02X}" for c in name) + ">"


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + '"'
