"""A small CKAN action API on 127.0.0.1 for tests: package_show, package_create, package_update, resource_create.

It answers as CKAN's action API documents (``{"success": true, "result": ...}``;
errors as ``{"success": false, "error": {"__type": ..., ...}}`` with 403, 404
or 409) and checks bodies with CKAN's own rules: dataset names 2-100
characters of lowercase ``a-z0-9-_`` and unique, an ``owner_org`` that
exists, a ``license_id`` from CKAN's default licence list, a ``url`` on every
resource, and the API key in the Authorization header.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: CKAN's default licence list (ckan/model/license.py).
LICENCE_IDS = {
    "notspecified", "odc-pddl", "odc-odbl", "odc-by", "cc-zero", "cc-by", "cc-by-sa", "gfdl", "other-open",
    "other-pd", "other-at", "uk-ogl", "cc-nc", "other-nc", "other-closed",
}  # fmt: skip
NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


class Ckan:
    """The site's state: organisations, datasets by name, and every call made (action, body)."""

    def __init__(self, api_key: str, organisations: set[str]) -> None:
        self.api_key = api_key
        self.organisations = organisations
        self.datasets: dict[str, dict] = {}
        self.calls: list[tuple[str, dict]] = []

    def find(self, ref: str) -> dict | None:
        return self.datasets.get(ref) or next((d for d in self.datasets.values() if d["id"] == ref), None)

    def check_package(self, body: dict, creating: bool) -> dict:
        errors: dict[str, list[str]] = {}
        name = body.get("name")
        if not isinstance(name, str) or not name:
            errors["name"] = ["Missing value"]
        elif not 2 <= len(name) <= 100:
            errors["name"] = ["Name must be between 2 and 100 characters long"]
        elif not NAME.match(name):
            errors["name"] = ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]
        elif creating and name in self.datasets:
            errors["name"] = ["That URL is already in use."]
        org = body.get("owner_org")
        if not org:
            errors["owner_org"] = ["Missing value"]
        elif org not in self.organisations:
            errors["owner_org"] = ["Organization does not exist"]
        if "license_id" in body and body["license_id"] not in LICENCE_IDS:
            errors["license_id"] = [f"License {body['license_id']!r} not in the licence list"]
        for n, resource in enumerate(body.get("resources") or []):
            if not resource.get("url"):
                errors.setdefault("resources", []).append(f"resource {n}: url: Missing value")
        return errors

    def call(self, action: str, body: dict) -> tuple[int, dict]:
        self.calls.append((action, body))
        if action == "package_show":
            found = self.find(body.get("id", ""))
            return (200, found) if found else (404, {"__type": "Not Found Error", "message": "Not found"})
        if action == "package_create":
            errors = self.check_package(body, creating=True)
            if errors:
                return 409, {"__type": "Validation Error", **errors}
            package = {**body, "id": str(uuid.uuid4()), "resources": self._resources(body.get("resources"))}
            self.datasets[body["name"]] = package
            return 200, package
        if action == "package_update":
            found = self.find(body.get("id") or body.get("name", ""))
            if found is None:
                return 404, {"__type": "Not Found Error", "message": "Not found"}
            errors = self.check_package(body, creating=False)
            if errors:
                return 409, {"__type": "Validation Error", **errors}
            package = {**body, "id": found["id"], "resources": self._resources(body.get("resources"))}
            del self.datasets[found["name"]]
            self.datasets[package["name"]] = package
            return 200, package
        if action == "resource_create":
            found = self.find(body.get("package_id", ""))
            if found is None:
                return 409, {"__type": "Validation Error", "package_id": ["Not found: Dataset"]}
            if not body.get("url"):
                return 409, {"__type": "Validation Error", "url": ["Missing value"]}
            [resource] = self._resources([{k: v for k, v in body.items() if k != "package_id"}])
            found["resources"].append(resource)
            return 200, resource
        return 400, {"__type": "Bad request", "message": f"Bad request - Action name not known: {action}"}

    @staticmethod
    def _resources(resources: list[dict] | None) -> list[dict]:
        return [{**r, "id": r.get("id") or str(uuid.uuid4())} for r in resources or []]


def serve(site: Ckan) -> tuple[ThreadingHTTPServer, str]:
    """Start the site on a free port of 127.0.0.1 in a daemon thread; return the server and its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            action = self.path.removeprefix("/api/action/")
            if self.headers.get("Authorization") != site.api_key and action != "package_show":
                self.reply(
                    403, {"success": False, "error": {"__type": "Authorization Error", "message": "Access denied"}}
                )
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            status, result = site.call(action, body)
            if status == 200:
                self.reply(200, {"help": f"/api/3/action/help_show?name={action}", "success": True, "result": result})
            else:
                self.reply(status, {"help": "", "success": False, "error": result})

        def reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="ckan-stub").start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
