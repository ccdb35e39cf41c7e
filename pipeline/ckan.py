"""Publish the store to a CKAN site through its action API (ckanapi): one dataset per plan, one resource per file.

The dataset body is the latest revision's ``ckan_package.json`` with the
resources of every revision (each named ``<revision>/<file>``). A dataset
that is not there is made with ``package_create``; one that is there is
updated with ``package_update`` from what ``package_show`` returned (so
resources and fields the portal added stay), and the files it lacks are
added with ``resource_create``. ckanapi is an extra (``planpipe[ckan]``),
imported only here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.publishing import PublishSettings, is_web_url

USER_AGENT = "planpipe/0.1 ckanapi"


class CkanError(PipelineError):
    """The CKAN site refused a call, could not be reached, or the settings cannot make a CKAN dataset."""


def plan_packages(out_dir: Path) -> Iterator[dict]:
    """Yield one CKAN package body per stored plan: the latest revision's metadata, every revision's resources."""
    from pipeline import store

    db = store.connect(store.history_path(out_dir))
    try:
        catalogue = store.catalogue(db)
    finally:
        db.close()
    for plan in catalogue:
        body: dict | None = None
        resources: list[dict] = []
        for rev in plan["revisions"]:
            path = out_dir / rev["folder"] / "ckan_package.json"
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CkanError(str(path), f"cannot read the revision's CKAN body: {exc}") from None
            resources.extend(body["resources"])
        if body is not None:
            yield {**body, "resources": resources}


def push(out_dir: Path, settings: PublishSettings, site: str, api_key_env: str) -> list[str]:
    """Create or update each plan's dataset on the CKAN ``site``; return one line per plan saying what was done."""
    if not is_web_url(site):
        raise CkanError(site, "--ckan must be the http(s) URL of a CKAN site")
    api_key = os.environ.get(api_key_env)
    if not api_key:
        raise CkanError(site, f"environment variable {api_key_env} holding the API key is not set")
    if not settings.base_url:
        raise CkanError(settings.source, "[publish] base_url is needed: CKAN resources link to absolute URLs")
    if not settings.ckan_organisation:
        raise CkanError(settings.source, "[publish] ckan_organisation is needed: CKAN datasets belong to one")
    try:
        import ckanapi
    except ImportError:
        raise CkanError(site, "publishing to CKAN needs ckanapi: pip install 'planpipe[ckan]'") from None

    lines = []
    with ckanapi.RemoteCKAN(site, apikey=api_key, user_agent=USER_AGENT) as portal:
        for body in plan_packages(out_dir):
            try:
                lines.append(_push_one(portal, body, ckanapi))
            except ckanapi.ValidationError as exc:
                raise CkanError(site, f"dataset {body['name']}: rejected: {_errors(exc.error_dict)}") from None
            except ckanapi.NotAuthorized:
                raise CkanError(
                    site, f"dataset {body['name']}: not authorised (check the key in {api_key_env})"
                ) from None
            except ckanapi.CKANAPIError as exc:
                raise CkanError(site, f"dataset {body['name']}: {str(exc)[:300]}") from None
            except OSError as exc:  # requests' connection errors are OSErrors
                raise CkanError(site, f"cannot reach the site: {type(exc).__name__}") from None
    return lines


def _push_one(portal: object, body: dict, ckanapi: object) -> str:
    """Create or update one dataset; return the line that says what was done."""
    action = portal.action  # type: ignore[attr-defined]
    wanted = body.pop("resources")
    try:
        existing = action.package_show(id=body["name"])
    except ckanapi.NotFound:  # type: ignore[attr-defined]
        existing = None
    if existing is None:
        package = action.package_create(**body)
        have: dict[str, dict] = {}
        verb = "created"
    else:
        by_name = {r["name"]: r for r in wanted}
        kept = [{**r, **by_name.get(r.get("name"), {})} for r in existing.get("resources", [])]
        have = {r.get("name"): r for r in existing.get("resources", [])}
        package = action.package_update(**{**existing, **body, "resources": kept})
        verb = "updated"
    new = [r for r in wanted if r["name"] not in have]
    for resource in new:
        action.resource_create(package_id=package["id"], **resource)
    refreshed = sum(1 for r in wanted if r["name"] in have)
    return f"{body['name']}: {verb} on CKAN; {len(new)} resource(s) added, {refreshed} refreshed"


def _errors(error_dict: dict) -> str:
    """Return CKAN's validation errors on one line: ``field: message; ...``."""
    parts = []
    for key, value in error_dict.items():
        if key == "__type":
            continue
        parts.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "; ".join(parts)[:500] or "validation error"
