"""The tunables of the pipeline, in one place, checked when made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    """How the parse stages recognise the parts of a plan.

    The defaults fit Danish municipal plans; nothing here names a
    municipality, a pillar or a year.
    """

    #: Header words that name the description column (compared case-folded).
    description_headers: tuple[str, ...] = (
        "beskrivelse",
        "indhold",
        "formål",
        "description",
    )
    #: A status column header: "Status 2021-2023" or "Status 2023".
    status_header: str = r"^status\s*(?P<start>\d{4})(?:\s*[-–—/]\s*(?P<end>\d{4}))?$"
    #: A plan-year column header.
    year_header: str = r"^(?P<year>(?:19|20)\d{2})$"
    #: Highest number a parenthesised objective reference may have: keeps "(2023)" out.
    max_objective_ref: int = 99
    #: Longest slug kept for an id, cut at a hyphen.
    max_slug_length: int = 80
    #: A heading that numbers its pillar: "Pejlemærke 2 - Læring hele livet".
    numbered_pillar: str = r"^(?:pejlemærke|pillar|tema|indsatsområde)\s*(?P<n>\d+)\s*[-–—:.]?\s*(?P<title>.*)$"
    status_re: re.Pattern = field(init=False, repr=False, compare=False)
    year_re: re.Pattern = field(init=False, repr=False, compare=False)
    numbered_pillar_re: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.description_headers:
            raise ValueError("description_headers must name at least one header")
        if not 1 <= self.max_objective_ref <= 999:
            raise ValueError(f"max_objective_ref must be 1..999, not {self.max_objective_ref}")
        if self.max_slug_length < 8:
            raise ValueError(f"max_slug_length must be at least 8, not {self.max_slug_length}")
        patterns = {
            "status_re": self.status_header,
            "year_re": self.year_header,
            "numbered_pillar_re": self.numbered_pillar,
        }
        for attr, pattern in patterns.items():
            try:
                compiled = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{attr[:-3]} is not a valid pattern: {exc}") from exc
            object.__setattr__(self, attr, compiled)


DEFAULT = Settings()
