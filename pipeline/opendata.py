"""Open-data metadata for one revision: Frictionless Data Package and CKAN package_create (DCAT: pipeline.dcat).

Every builder here sees only the plan dict and the names and bytes of the
files written beside it; nothing reaches the network. The CSV columns are
those of ``pipeline.emit.plan_to_rows``, described once in ``pipeline.plan_tables.TABLES``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath

from pipeline.emit import plan_to_rows, revision_label
from pipeline.errors import PipelineError
from pipeline.i18n import DEFAULT_LANG, N_, translations
from pipeline.plan_tables import TABLES
from pipeline.text import spreadsheet_cell


class OptionError(PipelineError):
    """An option value (licence, publisher) is not one we accept."""


@dataclass(frozen=True)
class Licence:
    """A licence as each metadata format names it."""

    key: str
    title: str
    url: str
    ckan_id: str
    dcat_uri: str
    frictionless_name: str


#: Accepted --licence values (folded) -> Licence. CKAN ids are from CKAN's default licence list;
#: DCAT URIs from the EU Publications Office licence table, which DCAT-AP-DK points to.
LICENCES: dict[str, Licence] = {
    "cc-by-4.0": Licence(
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
        "cc-by",
        "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        "CC-BY-4.0",
    ),
    "cc0-1.0": Licence(
        "CC0-1.0",
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "cc-zero",
        "http://publications.europa.eu/resource/authority/licence/CC0",
        "CC0-1.0",
    ),
    "vilkaar-dk": Licence(
        "vilkaar-dk",
        "Vilkår for brug af danske offentlige data",
        "https://digst.dk/data/videreanvendelse-af-offentlige-data/licens-og-brugsvilkaar-for-offentlige-data/",
        # No EU table entry exists; CKAN's "Other (Attribution)" fits: the terms ask for a source line.
        "other-at",
        "https://digst.dk/data/videreanvendelse-af-offentlige-data/licens-og-brugsvilkaar-for-offentlige-data/",
        "vilkaar-dk",
    ),
}
_ALIASES = {
    "cc-by": "cc-by-4.0",
    "cc0": "cc0-1.0",
    "vilkår for brug af danske offentlige data": "vilkaar-dk",
    "vilkar-dk": "vilkaar-dk",
    "vilkår-dk": "vilkaar-dk",
}

MEDIA_TYPES = {
    ".csv": ("CSV", "text/csv"),
    ".json": ("JSON", "application/json"),
    ".md": ("Markdown", "text/markdown"),
    ".html": ("HTML", "text/html"),
    ".jsonld": ("JSON-LD", "application/ld+json"),
}


def find_licence(value: str) -> Licence:
    """Return the Licence a --licence value names (case and Danish spelling folded)."""
    key = value.strip().casefold()
    key = _ALIASES.get(key, key)
    if key not in LICENCES:
        accepted = ", ".join(lic.key for lic in LICENCES.values())
        raise OptionError(
            "--licence",
            f"unknown licence {value!r}; accepted: {accepted}, or 'Vilkår for brug af danske offentlige data'",
        )
    return LICENCES[key]


def plan_to_table_schemas(plan: dict) -> dict[str, dict]:
    """Return a Frictionless Table Schema per CSV table of the plan.

    Keys are declared only where the plan's rows make them unique: a plan
    with a duplicate-project-title warning carries two rows with one id,
    and a schema promising otherwise would fail validation.
    """
    rows = plan_to_rows(plan)
    years = [int(y) for y in plan["revision"]["years"]]
    pillar_ids = [p["id"] for p in plan["pillars"]]
    schemas: dict[str, dict] = {}
    for table, (header, table_rows) in rows.items():
        spec = TABLES[table]
        columns = {}
        for column in spec.columns:
            if column.per_year:
                for year in years:
                    columns[column.year_name(year)] = (column.type, column.required, column.year_description(year))
            else:
                columns[column.name] = (column.type, column.required, column.description)
        fields = []
        for name in header:
            kind, required, description = columns[name]
            field: dict = {"name": name, "type": kind, "description": description}
            constraints: dict = {}
            if required:
                constraints["required"] = True
            if name == "pillar_id" and pillar_ids:
                constraints["enum"] = sorted(set(pillar_ids))
            if table == "project_plans" and name == "year" and years:
                constraints["enum"] = years
            if name == "status_period" and plan["revision"]["status_period"]:
                constraints["enum"] = [plan["revision"]["status_period"]]
            if name == "objective_refs":
                constraints["pattern"] = "[0-9]+(;[0-9]+)*"
            if kind == "integer" and name not in ("year",):
                constraints["minimum"] = 0
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict = {"fields": fields, "missingValues": [""]}
        key = list(spec.primary_key)
        if _unique(header, table_rows, key):
            schema["primaryKey"] = key
        schemas[table] = schema
    for table, spec in TABLES.items():
        keys = [
            {"fields": fk.column, "reference": {"resource": fk.table, "fields": fk.target_column}}
            for fk in spec.foreign_keys
            if schemas[fk.table].get("primaryKey") == [fk.target_column]
        ]
        if keys:
            schemas[table]["foreignKeys"] = keys
    return schemas


def plan_to_datapackage(
    plan: dict, files: dict[str, bytes], licence: Licence, publisher: str | None, created: str
) -> dict:
    """Return the Frictionless Data Package (v1, tabular) describing the revision's CSV tables."""
    schemas = plan_to_table_schemas(plan)
    resources = []
    for table, spec in TABLES.items():
        name = f"{table}.csv"
        data = files[name]
        resources.append(
            {
                "name": table.replace("_", "-"),
                "path": name,
                "profile": "tabular-data-resource",
                "title": table.replace("_", " ").capitalize(),
                "description": spec.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
                "schema": schemas[table],
            }
        )
    # Foreign keys name resources, not tables.
    for resource in resources:
        for fk in resource["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    package = {
        "profile": "tabular-data-package",
        "name": dataset_name(plan),
        "title": f"{plan['title']} (revision {revision_label(plan)})",
        "description": description_da(plan),
        "version": revision_label(plan),
        "created": created,
        "keywords": keywords(plan),
        "licenses": [{"name": licence.frictionless_name, "path": licence.url, "title": licence.title}],
        "sources": [{"title": source_name(plan), "path": source_name(plan)}],
        "resources": resources,
    }
    if publisher:
        package["contributors"] = [{"title": publisher, "role": "publisher"}]
    return package


def plan_to_ckan(
    plan: dict,
    files: dict[str, bytes],
    licence: Licence,
    publisher: str | None,
    created: str,
    base_url: str = "",
    owner_org: str | None = None,
    lang: str = DEFAULT_LANG,
) -> dict:
    """Return the body of a CKAN ``package_create`` call: the plan's dataset with this revision's files.

    A dataset is the plan; each resource is one file of one revision, named
    ``<revision>/<file>``, so the revisions of a plan gather in one dataset.
    Titles, notes and descriptions are in ``lang``.
    """
    label = revision_label(plan)
    resources = []
    for name in sorted(files):
        fmt, media = media_type(name)
        resources.append(
            {
                "name": f"{label}/{name}",
                "url": base_url + name,
                "format": fmt,
                "mimetype": media,
                "size": len(files[name]),
                "hash": hashlib.sha256(files[name]).hexdigest(),
                "description": with_revision(resource_description(name, lang), label, lang),
                "created": created,
            }
        )
    extras = {
        "plan_id": plan["id"],
        "revision": label,
        "status_period": plan["revision"]["status_period"] or "",
        "period_start": str(plan["period"]["start"] or ""),
        "period_end": str(plan["period"]["end"] or ""),
        "source_file": source_name(plan),
        "source_sha256": plan["source"]["sha256"],
        "language": lang,
        "schema_version": plan["schema_version"],
    }
    body = {
        "name": ckan_name(plan),
        "title": plan["title"],
        "notes": plan_description(plan, lang),
        "license_id": licence.ckan_id,
        "author": publisher or "",
        "version": label,
        "tags": [{"name": k} for k in keywords(plan)],
        "resources": resources,
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
    }
    if owner_org:
        body["owner_org"] = owner_org
    return body


def ckan_name(plan: dict) -> str:
    """Return the plan's CKAN dataset name: its id cut to CKAN's 100 characters, lowercase, ``[a-z0-9_-]``."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in plan["id"].lower())
    return name[:100].strip("-_") or "plan"


def csv_to_excel_dk(text: str) -> bytes:
    """Return RFC 4180 CSV text re-written for Danish Excel: UTF-8 with BOM, ';' separated, CRLF.

    A cell a spreadsheet could run as a formula (``=HYPERLINK(...)``) gets a
    leading apostrophe; the exact CSVs keep it as written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([spreadsheet_cell(c) for c in row] for row in csv.reader(io.StringIO(text, newline="")))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def source_name(plan: dict) -> str:
    """Return the source document's file name without its folder: portals get no local paths."""
    return PurePath(plan["source"]["file"]).name or plan["source"]["file"]


def dataset_name(plan: dict) -> str:
    """Return the URL-safe dataset name of a revision: ``<plan id>-<label>``."""
    return f"{plan['id']}-{revision_label(plan)}".lower()


def keywords(plan: dict) -> list[str]:
    """Return the dataset keywords: the genre, the organisation and the pillar titles."""
    words = ["handleplan", "kommune"]
    if plan.get("organisation"):
        words.append(plan["organisation"])
    words.extend(p["title"] for p in plan["pillars"])
    seen: list[str] = []
    for word in words:
        # CKAN tags allow letters, digits, spaces and -_. only, at most 100 characters.
        tag = " ".join("".join(c for c in word if c.isalnum() or c in " -_.").split())[:100].strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def with_revision(text: str, label: str, lang: str = DEFAULT_LANG) -> str:
    """Return ``text`` marked as belonging to revision ``label``, in ``lang``: ``Projekter (revision 2023)``."""
    return translations(lang).gettext("{title} (revision {revision})").format(title=text, revision=label)


def plan_description(plan: dict, lang: str = DEFAULT_LANG) -> str:
    """Return a description of the revision in ``lang``, built from its counts and its own intro."""
    t = translations(lang)
    _, ngettext = t.gettext, t.ngettext
    pillars = plan["pillars"]
    status = plan["revision"]["status_period"]
    objectives = sum(len(p["objectives"]) for p in pillars)
    projects = sum(len(p["projects"]) for p in pillars)
    counts = _("{pillars}, {objectives} and {projects}").format(
        pillars=ngettext("{n} pillar", "{n} pillars", len(pillars)).format(n=len(pillars)),
        objectives=ngettext("{n} objective", "{n} objectives", objectives).format(n=objectives),
        projects=ngettext("{n} project", "{n} projects", projects).format(n=projects),
    )
    head = _("Revision {revision} of {title}").format(revision=revision_label(plan), title=plan["title"])
    if status:
        head += " " + _("with status for {period}").format(period=status)
    text = f"{head}: {counts}."
    if plan["intro"]:
        text += " " + plan["intro"][0]
    return text


def description_da(plan: dict) -> str:
    """Return the Danish description of the revision (for DCAT's language-tagged text)."""
    return plan_description(plan, "da")


def media_type(name: str) -> tuple[str, str]:
    """Return (format, media type) for a file name by its suffix."""
    for suffix, value in MEDIA_TYPES.items():
        if name.endswith(suffix):
            return value
    return ("Binary", "application/octet-stream")


#: Output file (name up to its first dot) -> what it holds, for the portals.
RESOURCE_DESCRIPTIONS = {
    "plan": N_("The whole plan as JSON"),
    "ckan_package": N_("CKAN package_create metadata"),
    "dcat": N_("DCAT-AP 3.0 metadata (JSON-LD)"),
    "datapackage": N_("Frictionless Data Package descriptor"),
    "diff": N_("Changes since the previous revision"),
    **{name: table.resource_title for name, table in TABLES.items()},
}


def resource_description(name: str, lang: str = DEFAULT_LANG) -> str:
    """Return a short description of one output file in ``lang``."""
    _ = translations(lang).gettext
    table = name.split(".")[0]
    text = _(RESOURCE_DESCRIPTIONS[table]) if table in RESOURCE_DESCRIPTIONS else name
    if name.endswith(".excel-dk.csv"):
        text += " " + _("(Danish Excel: ';', UTF-8 with BOM)")
    return text


def _unique(header: list[str], rows: list[list], key: list[str]) -> bool:
    index = [header.index(k) for k in key]
    seen = {tuple(row[i] for i in index) for row in rows}
    return len(seen) == len(rows)
