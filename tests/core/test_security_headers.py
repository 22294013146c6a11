"""Security headers under the production settings: debug off, a secret key from the environment.

Settings are read once per process, so the check runs in a fresh interpreter with the production
environment and reports the headers of real responses as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
assert not settings.DEBUG
client = Client()
out = {}
for path in ("/halsa/", "/api/openapi.json"):
    response = client.get(path, secure=True)
    out[path] = {"status": response.status_code, "headers": dict(response.headers)}
insecure = client.get("/api/openapi.json")  # /halsa/ and /healthz are exempt (probes speak plain http)
out["http"] = {"status": insecure.status_code, "location": insecure.headers.get("Location", "")}
big = client.generic("POST", "/konto/logga-in/", b"", secure=True, CONTENT_LENGTH=str(500 * 1024 * 1024))
out["big"] = {"status": big.status_code}
print(json.dumps(out))
"""


def _production(tmp_path: Path) -> dict:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("REGLAB_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "reglab.settings",
            "REGLAB_SECRET_KEY": "a-production-secret-from-the-environment-0123456789",
            "REGLAB_ALLOWED_HOSTS": "testserver",
            "REGLAB_DATA_DIR": str(tmp_path),
            "REGLAB_CACHE": "locmem",
        }
    )
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_send_the_security_headers(tmp_path):
    out = _production(tmp_path)
    for path in ("/halsa/", "/api/openapi.json"):
        answer = out[path]
        assert answer["status"] == 200, path
        headers = {k.lower(): v for k, v in answer["headers"].items()}
        policy = headers["content-security-policy"]
        directives = dict([*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert (
            "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]
        )
        assert headers["strict-transport-security"].startswith("max-age=31536000")
    # Plain http is sent to https; a body over the request limit is refused before it is read.
    assert out["http"]["status"] == 301 and out["http"]["location"].startswith("https://")
    assert out["big"]["status"] == 413
