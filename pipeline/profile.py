"""The plan profile: ``[profile]`` in planpipe.toml, for plans written in words no rule foresees.

::

    [profile]
    columns = { "Hvad" = "title", "Hvordan" = "description", "Fremdrift" = "status", "Hvem" = "other" }
    pillar_pattern = '^Område (?P<n>\\d+) – (?P<title>.+)$'
    reference_pattern = '\\[\\d+(?:,\\d+)*\\]'

``columns`` maps a table header (compared case-folded) to a field: title,
description, status or other. ``pillar_pattern`` recognises a pillar heading
(group ``title``, optionally ``n``). ``reference_pattern`` matches one
objective reference; every number in a match is a reference. Each key is
optional; a bad value is a one-line ConfigError.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.settings import COLUMN_FIELDS, DEFAULT, Settings

PROFILE_KEYS = ("columns", "pillar_pattern", "reference_pattern")


def profile_to_settings(config: dict, file: str = "planpipe.toml", base: Settings = DEFAULT) -> Settings:
    """Given the tables of a planpipe.toml, return ``base`` with its ``[profile]`` applied."""
    profile = config.get("profile")
    if profile is None:
        return base
    if not isinstance(profile, dict):
        raise ConfigError(file, "[profile] must be a table")
    unknown = sorted(set(profile) - set(PROFILE_KEYS))
    if unknown:
        raise ConfigError(file, f"[profile] has no setting {unknown[0]!r}; settings are {', '.join(PROFILE_KEYS)}")
    changes: dict = {}
    columns = profile.get("columns")
    if columns is not None:
        if not isinstance(columns, dict):
            raise ConfigError(file, "[profile] columns must be a table of header = field")
        pairs = []
        for header, target in columns.items():
            if target not in COLUMN_FIELDS:
                raise ConfigError(
                    file, f"[profile] columns: {header!r} maps to {target!r}; fields are {', '.join(COLUMN_FIELDS)}"
                )
            pairs.append((header.casefold().strip(), target))
        if sum(t == "title" for _, t in pairs) > 1:
            raise ConfigError(file, "[profile] columns: more than one header maps to 'title'")
        changes["columns"] = tuple(pairs)
    for key, attr, needs in (
        ("pillar_pattern", "numbered_pillar", "title"),
        ("reference_pattern", "reference", None),
    ):
        pattern = profile.get(key)
        if pattern is None:
            continue
        if not isinstance(pattern, str) or not pattern.strip():
            raise ConfigError(file, f"[profile] {key} must be a regular expression in a string")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(file, f"[profile] {key} is not a valid regular expression: {exc}") from None
        if needs and needs not in compiled.groupindex:
            raise ConfigError(file, f"[profile] {key} must have a group named {needs!r}: (?P<{needs}>...)")
        changes[attr] = pattern
    try:
        return dataclasses.replace(base, **changes)
    except ValueError as exc:
        raise ConfigError(file, f"[profile]: {exc}") from None


def load_settings(path: str | Path | None = None, base: Settings = DEFAULT) -> Settings:
    """Return the Settings of planpipe.toml's profile (``path``, or the working folder's file)."""
    config = load_config(path)
    return profile_to_settings(config, str(path) if path is not None else "planpipe.toml", base)
