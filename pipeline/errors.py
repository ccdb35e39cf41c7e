"""The pipeline's exceptions: each means "cannot continue" and names the file and place.

Data problems that do not stop the pipeline are never exceptions: they are
warning records collected into the plan (see ``pipeline.validate``).
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: the input cannot be turned into a plan."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        self.detail = message
        super().__init__(f"{file}: {message}")


class InputError(PipelineError):
    """The file cannot be read: missing, a directory, empty, or binary."""


class FormatError(PipelineError):
    """The file is of a format we cannot read, or is corrupt for its format."""


class StructureError(PipelineError):
    """The file was read but holds no plan: no pillar, no table, no header."""


class InvalidPlanError(PipelineError):
    """A plan JSON does not satisfy the schema."""


class OutputError(PipelineError):
    """The output cannot be written: a file stands where a folder must go, no permission, disk full."""


class ConfigError(PipelineError):
    """planpipe.toml (or the file given with --config) is missing, not TOML, or holds a bad setting."""


class StrictError(PipelineError):
    """--strict is on and the plan has warnings."""


class RevisionConflictError(PipelineError):
    """The plan already has a revision with this label, read from other bytes."""


class PlanIdentityError(PipelineError):
    """A revision's title or organisation differs from those of the stored plan with its id."""


class HistoryError(PipelineError):
    """The history is damaged: a stored revision's files are missing or unreadable, or the database is corrupt."""


class UnknownPlanError(PipelineError):
    """The history database has no plan with that id."""
