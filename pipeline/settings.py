"""The tunables of the pipeline, in one place, checked when made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: What a mapped column may become (``[profile] columns`` in planpipe.toml).
COLUMN_FIELDS = ("title", "description", "status", "other")


@dataclass(frozen=True)
class Settings:
    """How the parse stages recognise the parts of a plan.

    The defaults fit Danish municipal plans and their English equivalents;
    nothing here names a municipality, a pillar or a year. Words are compared
    case-folded; a plan written in other words is described by a profile
    (``[profile]`` in planpipe.toml, see ``pipeline.profile``), which makes a
    Settings with these fields replaced.
    """

    #: Header words that name the project (title) column; a row whose first cell is one is a table header.
    title_headers: tuple[str, ...] = (
        "projekt",
        "projekter",
        "aktivitet",
        "aktiviteter",
        "tiltag",
        "initiativ",
        "initiativer",
        "indsats",
        "indsatser",
        "project",
        "projects",
        "activity",
        "activities",
        "initiative",
        "initiatives",
        "action",
        "actions",
    )
    #: Header words that name the description column.
    description_headers: tuple[str, ...] = (
        "beskrivelse",
        "indhold",
        "formål",
        "mål",
        "description",
        "purpose",
        "aim",
        "aims",
        "content",
    )
    #: Names of extra columns (kept in ``other``): with the words above they tell a real new header
    #: met in the middle of a table from a data row that only looks like one.
    extra_headers: tuple[str, ...] = (
        "ansvarlig",
        "ansvar",
        "økonomi",
        "tidsplan",
        "succeskriterier",
        "successkriterier",
        "partnere",
        "samarbejdspartnere",
        "bemærkninger",
        "lead",
        "owner",
        "responsible",
        "budget",
        "timeline",
        "partners",
        "success criteria",
        "notes",
    )
    #: Words that make a header the status column, with a year ("Status 2023"), a period
    #: ("Status 2021-2023", "Status pr. 2024") or neither ("Status").
    status_words: tuple[str, ...] = ("status", "progress")
    #: The status column of a header row not led by a title word: "Status 2021-2023", "Status pr. 2024",
    #: "Status" (under a title word any header holding a status word is the status column).
    status_header: str = (
        r"^status(?:\s+(?:pr\.?|per|ultimo|primo|at|end of))?\s*"
        r"(?:(?P<start>\d{4})(?:\s*[-–—/]\s*(?P<end>\d{4}))?)?$"
    )
    #: A plan-year column header of a row not led by a title word (any header holding one plan
    #: year is a year column under a title word: "Plan 2025", "Forventet 2026", "Mål for 2025").
    year_header: str = r"^(?:(?:plan|forventet|forventning|mål for|plan for|target)\s+)?(?P<year>(?:19|20)\d{2})$"
    #: A plan year inside a header.
    plan_year: str = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
    #: Fewest capitals of an objective's keyword when it is not the first word ("Vi STYRKER"): keeps "IT" out.
    keyword_min_letters: int = 4
    #: Highest number a parenthesised objective reference may have: keeps "(2023)" out.
    max_objective_ref: int = 99
    #: Longest slug kept for an id, cut at a hyphen.
    max_slug_length: int = 80
    #: Words that name a pillar in a heading: "Pejlemærke 2 - Læring", "Indsatsområde 1: Navn", "Tema A – Navn".
    pillar_words: tuple[str, ...] = (
        "pejlemærke",
        "indsatsområde",
        "tema",
        "fokusområde",
        "spor",
        "pillar",
        "theme",
        "priority",
    )
    #: A heading that numbers its pillar; ``None`` builds it from ``pillar_words``. A profile's
    #: ``pillar_pattern`` stands here: groups ``title`` and optionally ``n`` (a number or a letter).
    numbered_pillar: str | None = None
    #: Words that name an objective in "Mål 1: ..." paragraphs and "(mål 2)" references.
    objective_words: tuple[str, ...] = ("mål", "målsætning", "objective", "objectives", "goal", "goals")
    #: An objective numbered by hand in a paragraph ("1. SKABER vi ..." typed, not a Word or HTML list).
    typed_number: str = r"^(?P<n>\d{1,3})(?!\d)[.)]\s+(?P<text>\S.*)$"
    #: Words that lead a reference to an objective word: "(jf. mål 3)".
    reference_lead_words: tuple[str, ...] = ("jf.", "jf", "se", "cf.", "cf", "see")
    #: Words that join numbers in a reference: "(1 og 3)".
    reference_join_words: tuple[str, ...] = ("og", "and", "&")
    #: One parenthesised objective reference; ``None`` builds it from the word lists above. A
    #: profile's ``reference_pattern`` stands here: every number in a match is a reference.
    reference: str | None = None
    #: Column headers mapped to fields by a profile: (case-folded header, field) pairs.
    columns: tuple[tuple[str, str], ...] = ()
    status_re: re.Pattern = field(init=False, repr=False, compare=False)
    year_re: re.Pattern = field(init=False, repr=False, compare=False)
    plan_year_re: re.Pattern = field(init=False, repr=False, compare=False)
    numbered_pillar_re: re.Pattern = field(init=False, repr=False, compare=False)
    objective_label_re: re.Pattern = field(init=False, repr=False, compare=False)
    typed_number_re: re.Pattern = field(init=False, repr=False, compare=False)
    reference_re: re.Pattern = field(init=False, repr=False, compare=False)
    reference_run_re: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in (
            "title_headers",
            "description_headers",
            "extra_headers",
            "status_words",
            "pillar_words",
            "objective_words",
        ):
            if not getattr(self, name) or not all(isinstance(w, str) and w.strip() for w in getattr(self, name)):
                raise ValueError(f"{name} must name at least one word, and no empty ones")
        if not 2 <= self.keyword_min_letters <= 20:
            raise ValueError(f"keyword_min_letters must be 2..20, not {self.keyword_min_letters}")
        if not 1 <= self.max_objective_ref <= 999:
            raise ValueError(f"max_objective_ref must be 1..999, not {self.max_objective_ref}")
        if self.max_slug_length < 8:
            raise ValueError(f"max_slug_length must be at least 8, not {self.max_slug_length}")
        for header, target in self.columns:
            if target not in COLUMN_FIELDS:
                raise ValueError(f"column {header!r} maps to {target!r}; fields are {', '.join(COLUMN_FIELDS)}")
        words = _alternatives(self.pillar_words)
        pillar = self.numbered_pillar or (
            # "Pejlemærke 3. Navn", "Indsatsområde 1: Navn", "Tema A – Navn", "Pillar 2"
            rf"^(?:{words})\s*(?P<n>\d{{1,3}}(?!\d)|(?-i:[A-ZÆØÅ])(?=\s*[-–—:.)]))\s*(?:[-–—:.)]\s*)?(?P<title>.*)$"
        )
        objective = _alternatives(self.objective_words)
        lead = _alternatives(self.reference_lead_words)
        join = _alternatives(self.reference_join_words)
        number = r"\d{1,3}"
        reference = self.reference or (
            # "(2)", "(1, 3)", "(1;3)", "(1 og 3)", "(mål 2)", "(Mål 1, 3)", "(jf. mål 3)"
            rf"\(\s*(?:(?:(?:{lead})\s*)?(?:{objective})\s+)?{number}"
            rf"(?:\s*(?:[,;]|(?:{join})(?!\w))\s*{number})*\s*\)"
        )
        patterns = {
            "status_re": self.status_header,
            "year_re": self.year_header,
            "plan_year_re": self.plan_year,
            "numbered_pillar_re": pillar,
            # "Mål 1: ...", "Mål 1. ...", "Objective 2 - ..."
            "objective_label_re": rf"^(?:{objective})\s*(?P<n>\d{{1,3}})(?!\d)\s*[:.)\-–—]\s*(?P<text>\S.*)$",
            "reference_re": reference,
            "typed_number_re": self.typed_number,
        }
        for attr, pattern in patterns.items():
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{attr[:-3]} is not a valid pattern: {exc}") from exc
            object.__setattr__(self, attr, compiled)
        if self.numbered_pillar is not None and "title" not in self.numbered_pillar_re.groupindex:
            raise ValueError("numbered_pillar must have a group named 'title'")
        # "(1) (3)": a run of references, with the space before it.
        run = rf"(?:{reference})(?:\s*(?:{reference}))*"
        object.__setattr__(self, "reference_run_re", re.compile(run, re.IGNORECASE))

    def column_field(self, header: str) -> str | None:
        """Return the field a profile maps ``header`` to, or None."""
        key = header.casefold().strip()
        return next((target for name, target in self.columns if name == key), None)


def _alternatives(words: tuple[str, ...]) -> str:
    """Return a regex alternation of ``words``, longest first, each escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


DEFAULT = Settings()
