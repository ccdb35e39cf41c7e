"""The tables of a plan, described once, and the plan flattened into their rows once.

``TABLES`` says what each table is: its columns (Frictionless type,
required, description), primary key, foreign keys and the column that
names a row. ``plan_to_table_rows`` turns a plan dict into the rows of all
of them. Everything else is derived from these two: the CSV headers and rows
(``pipeline.emit``), the Frictionless table schemas (``pipeline.opendata``)
and the revision-scoped SQLite tables and their Datasette descriptions
(``pipeline.store``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.i18n import N_


@dataclass(frozen=True)
class Column:
    """One column: its name, Frictionless type (string, integer), whether a value is required, what it holds.

    A column with a ``per_year`` name pattern stands once per plan year in
    the CSV (``plan_2024``...) and as one JSON object {year: text} in the
    history database.
    """

    name: str
    type: str
    required: bool
    description: str
    per_year: str = ""

    def year_name(self, year: int | str) -> str:
        """Return the CSV column name of this per-year column for ``year``."""
        return self.per_year.format(year=year)

    def year_description(self, year: int | str) -> str:
        """Return the description of this per-year column for ``year``."""
        return self.description.format(year=year)


@dataclass(frozen=True)
class ForeignKey:
    """``column`` holds the ``target_column`` of a row of ``table``."""

    column: str
    table: str
    target_column: str = "id"


@dataclass(frozen=True)
class Table:
    """One table of a plan: description, columns, primary key, foreign keys, the column that names a row.

    ``resource_title`` is what a portal calls the table's file: a msgid,
    translated into the portal's language (``pipeline.opendata``).
    """

    name: str
    resource_title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        for name in (
            *self.primary_key,
            *(fk.column for fk in self.foreign_keys),
            *([self.label] if self.label else []),
        ):
            if name not in names:
                raise ValueError(f"table {self.name}: {name!r} is not one of its columns")

    def header(self, years: list) -> list[str]:
        """Return the CSV header: the columns in order, a per-year column once per year."""
        return [n for c in self.columns for n in ([c.year_name(y) for y in years] if c.per_year else [c.name])]


SOURCE_COLUMNS = (
    Column("source_line", "integer", False, "Line in the source document (text formats)."),
    Column("source_page", "integer", False, "Page in the source document (PDF)."),
    Column("source_path", "string", False, "XPath-like address in the source (HTML, Word), where it has no lines."),
)

_PROJECT = "The project."

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "pillars",
            N_("Pillars"),
            "Pejlemærker: the plan's pillars.",
            (
                Column("id", "string", True, "Pillar id, p<number>."),
                Column("number", "integer", True, "The pillar's number in the plan."),
                Column("title", "string", True, "The pillar's heading."),
                Column("objective_count", "integer", True, "How many numbered objectives the pillar has."),
                Column("project_count", "integer", True, "How many projects the pillar's table has."),
                *SOURCE_COLUMNS,
            ),
            ("id",),
            label="title",
        ),
        Table(
            "objectives",
            N_("Objectives"),
            "The numbered objectives (punkter) under each pillar.",
            (
                Column("id", "string", True, "Objective id, <pillar id>-o<number>."),
                Column("pillar_id", "string", True, "The pillar it belongs to."),
                Column("number", "integer", True, "Its number within the pillar, as cited by projects: (1), (2) ..."),
                Column("keyword", "string", False, "The capitalised verb that opens it, e.g. SKABER."),
                Column("text", "string", False, "The objective's full text."),
                *SOURCE_COLUMNS,
            ),
            ("id",),
            (ForeignKey("pillar_id", "pillars"),),
            label="id",
        ),
        Table(
            "projects",
            N_("Projects"),
            "The projects of each pillar's table.",
            (
                Column("id", "string", True, "Project id: pillar id + title slug, stable across revisions."),
                Column("pillar_id", "string", True, "The pillar whose table lists it."),
                Column("title", "string", False, "Project title."),
                Column("description", "string", False, "Description (Beskrivelse)."),
                Column("objective_refs", "string", False, "Objective numbers it supports, ';'-separated."),
                Column("status_period", "string", False, "The period the status covers, e.g. 2021-2023."),
                Column("status_text", "string", False, "Status text for that period."),
                Column("plans", "string", False, "What the project plans for {year}.", per_year="plan_{year}"),
                *SOURCE_COLUMNS,
            ),
            ("id",),
            (ForeignKey("pillar_id", "pillars"),),
            label="title",
        ),
        Table(
            "project_objectives",
            N_("Projects and the objectives they support"),
            "Which objectives each project supports (many-to-many).",
            (
                Column("project_id", "string", True, _PROJECT),
                Column("objective_id", "string", True, "An objective of the same pillar it cites."),
            ),
            ("project_id", "objective_id"),
            (ForeignKey("project_id", "projects"), ForeignKey("objective_id", "objectives")),
        ),
        Table(
            "project_plans",
            N_("The projects' plans per year"),
            "What each project plans per year, one row per project and year.",
            (
                Column("project_id", "string", True, _PROJECT),
                Column("year", "integer", True, "The plan year."),
                Column("text", "string", False, "What is planned that year."),
            ),
            ("project_id", "year"),
            (ForeignKey("project_id", "projects"),),
        ),
        Table(
            "project_other",
            N_("The projects' other columns"),
            "The columns of a project table the plan names beyond title, description, status and years "
            "(Ansvarlig, Økonomi...): one row per project and column with text.",
            (
                Column("project_id", "string", True, _PROJECT),
                Column("header", "string", True, "The column's header, as the plan writes it."),
                Column("text", "string", True, "The project's text in that column."),
            ),
            ("project_id", "header"),
            (ForeignKey("project_id", "projects"),),
        ),
    )
}


@dataclass
class TableRows:
    """The rows of one table, as {column: value} (None where the plan has no value; a per-year column holds
    {year: text}), and for each row the index of the row each foreign key points at in its table: ids repeat in a
    plan that warns of a duplicate title or number, positions do not."""

    rows: list[dict] = field(default_factory=list)
    targets: list[dict[str, int]] = field(default_factory=list)

    def add(self, row: dict, **targets: int) -> int:
        """Append a row and where its foreign keys point; return its index."""
        self.rows.append(row)
        self.targets.append(targets)
        return len(self.rows) - 1


def plan_to_table_rows(plan: dict) -> dict[str, TableRows]:
    """Given a plan dict, return the rows of each of its tables (in ``TABLES`` order)."""
    out = {name: TableRows() for name in TABLES}
    for pillar in plan["pillars"]:
        p = out["pillars"].add(
            {
                "id": pillar["id"],
                "number": pillar["number"],
                "title": pillar["title"],
                "objective_count": len(pillar["objectives"]),
                "project_count": len(pillar["projects"]),
                **source_columns(pillar),
            }
        )
        known: dict[int, tuple[str, int]] = {}
        for objective in pillar["objectives"]:
            o = out["objectives"].add(
                {
                    "id": objective["id"],
                    "pillar_id": pillar["id"],
                    "number": objective["number"],
                    "keyword": objective["keyword"],
                    "text": objective["text"],
                    **source_columns(objective),
                },
                pillar_id=p,
            )
            known.setdefault(objective["number"], (objective["id"], o))
        for project in pillar["projects"]:
            j = out["projects"].add(
                {
                    "id": project["id"],
                    "pillar_id": pillar["id"],
                    "title": project["title"],
                    "description": project["description"],
                    "objective_refs": ";".join(str(r) for r in project["objective_refs"]),
                    "status_period": project["status"]["period"],
                    "status_text": project["status"]["text"],
                    "plans": project["plans"],
                    **source_columns(project),
                },
                pillar_id=p,
            )
            # A reference to an objective the pillar lacks is a warning in the plan, not a dangling key.
            for ref in dict.fromkeys(project["objective_refs"]):
                if ref in known:
                    objective_id, o = known[ref]
                    out["project_objectives"].add(
                        {"project_id": project["id"], "objective_id": objective_id}, project_id=j, objective_id=o
                    )
            for year, text in project["plans"].items():
                if text is not None:
                    out["project_plans"].add(
                        {"project_id": project["id"], "year": int(year), "text": text}, project_id=j
                    )
            for header, text in (project.get("other") or {}).items():
                if text is not None:
                    out["project_other"].add(
                        {"project_id": project["id"], "header": header, "text": text}, project_id=j
                    )
    return out


def source_columns(item: dict) -> dict:
    """Return the source columns of a pillar, objective or project: where in the source it stands."""
    source = item.get("source") or {}
    return {"source_line": source.get("line"), "source_page": source.get("page"), "source_path": source.get("path")}
