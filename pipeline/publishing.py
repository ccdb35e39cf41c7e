"""Publishing settings: the ``[publish]`` table of planpipe.toml, checked once and merged with CLI options.

``PublishSettings`` is what every portal file is built from (Data Package,
CKAN body, DCAT-AP dataset and catalogue). It checks itself: a bad value is
a one-line ConfigError naming the file and the key, before anything is read
or written. Options given on the command line win over the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.errors import ConfigError

SECTION = "publish"

#: The EU data-theme vocabulary (http://publications.europa.eu/resource/authority/data-theme), code -> label.
DATA_THEMES: dict[str, str] = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "OP_DATPRO": "Provisional data",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}

#: Languages the metadata may be written in -> the EU language authority code.
LANGUAGES = {"da": "DAN", "en": "ENG"}

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")
_CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


@dataclass(frozen=True)
class PublishSettings:
    """How revisions are published: who publishes them, under which licence, where, in which language.

    ``publisher`` None means each plan's own organisation. ``base_url`` empty
    means links relative to the output folder. ``spatial`` is the URI of the
    place the plans cover (DCAT-AP's geographical coverage). ``source`` names where the
    values came from, for error messages.
    """

    publisher: str | None = None
    publisher_uri: str | None = None
    contact_email: str | None = None
    licence: str = "CC-BY-4.0"
    base_url: str = ""
    ckan_organisation: str | None = None
    language: str = "da"
    themes: tuple[str, ...] = ("EDUC", "GOVE")
    spatial: str | None = None
    source: str = field(default="options", compare=False)

    def __post_init__(self) -> None:
        from pipeline.opendata import OptionError, find_licence

        def bad(key: str, what: str) -> ConfigError:
            return ConfigError(self.source, f"[{SECTION}] {key}: {what}")

        for key in ("publisher", "publisher_uri", "contact_email", "licence", "base_url", "ckan_organisation"):
            value = getattr(self, key)
            if value is not None and not isinstance(value, str):
                raise bad(key, f"must be text, not {value!r}")
        if self.publisher is not None and not self.publisher.strip():
            raise bad("publisher", "is empty")
        try:
            find_licence(self.licence)
        except OptionError as exc:
            raise bad("licence", exc.detail) from None
        if self.base_url and not is_web_url(self.base_url):
            raise bad("base_url", f"must be an http(s) URL with a host, not {self.base_url!r}")
        if self.publisher_uri is not None and not _is_iri(self.publisher_uri):
            raise bad("publisher_uri", f"must be an absolute URI (https://..., urn:...), not {self.publisher_uri!r}")
        if self.spatial is not None and (not isinstance(self.spatial, str) or not _is_iri(self.spatial)):
            raise bad("spatial", f"must be the URI of a place (https://..., urn:...), not {self.spatial!r}")
        if self.contact_email is not None and not _EMAIL.match(self.contact_email.removeprefix("mailto:")):
            raise bad("contact_email", f"is not an e-mail address: {self.contact_email!r}")
        if self.ckan_organisation is not None and not _CKAN_NAME.match(self.ckan_organisation):
            raise bad(
                "ckan_organisation",
                f"CKAN names are 2-100 lowercase letters, digits, '-' or '_': {self.ckan_organisation!r}",
            )
        if self.language not in LANGUAGES:
            raise bad("language", f"must be one of {', '.join(LANGUAGES)}, not {self.language!r}")
        if isinstance(self.themes, str) or not all(isinstance(t, str) for t in self.themes):
            raise bad("themes", 'must be a list of EU data-theme codes, e.g. ["EDUC", "GOVE"]')
        unknown = [t for t in self.themes if t not in DATA_THEMES]
        if unknown:
            raise bad("themes", f"unknown EU data-theme code {unknown[0]!r}; known: {', '.join(DATA_THEMES)}")

    @property
    def email(self) -> str | None:
        """The contact e-mail address without a ``mailto:`` prefix."""
        return self.contact_email.removeprefix("mailto:") if self.contact_email else None

    def publisher_for(self, plan_organisation: str | None) -> str | None:
        """Return the publisher's name for a plan: the setting, else the plan's organisation."""
        return self.publisher or plan_organisation

    def revision_url(self, plan_id: str, label: str) -> str:
        """Return the URL prefix of a revision's files: absolute under ``base_url``, else relative."""
        path = f"{plan_id}/{label}/"
        return f"{self.base_url.rstrip('/')}/{path}" if self.base_url else path

    def site_url(self, name: str = "") -> str:
        """Return the URL of a file at the top of the output folder (absolute when ``base_url`` is set)."""
        return f"{self.base_url.rstrip('/')}/{name}" if self.base_url else name


def settings_from_table(table: Any, source: str) -> PublishSettings:
    """Given the ``[publish]`` table of a planpipe.toml, return its checked PublishSettings."""
    if not isinstance(table, dict):
        raise ConfigError(source, f"[{SECTION}] must be a table of settings")
    known = {f.name for f in fields(PublishSettings)} - {"source"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(source, f"[{SECTION}] {unknown[0]}: unknown setting; known: {', '.join(sorted(known))}")
    values = dict(table)
    if "themes" in values and isinstance(values["themes"], list):
        values["themes"] = tuple(values["themes"])
    return PublishSettings(**values, source=source)


def load_settings(config: str | Path | None = None, **options: Any) -> PublishSettings:
    """Return the publishing settings: planpipe.toml's ``[publish]`` (or ``config``), then ``options`` over it.

    Options whose value is None are not given and leave the file's value.
    """
    from pipeline.config import CONFIG_NAME, load_config

    source = str(config) if config is not None else CONFIG_NAME
    table = load_config(config).get(SECTION, {})
    settings = settings_from_table(table, source)
    given = {k: v for k, v in options.items() if v is not None}
    if not given:
        return settings
    return replace(settings, **given, source=f"{source} and options" if table else "options")


def is_web_url(value: str) -> bool:
    """Return whether ``value`` is an http(s) URL with a host and no spaces: the one check of a base URL."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


def check_base_url(value: str) -> str:
    """Return ``value`` when it is empty or an http(s) URL with a host; else OptionError (``--base-url``)."""
    from pipeline.opendata import OptionError

    if value and not is_web_url(value):
        raise OptionError("--base-url", f"{value!r} is not an http:// or https:// URL with a host")
    return value


def _is_iri(value: str) -> bool:
    scheme = urlsplit(value).scheme
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", scheme) or len(value) <= len(scheme) + 1:
        return False
    return not any(c.isspace() or c in '<>"{}|\\^`' for c in value)
