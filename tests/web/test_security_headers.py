"""Every page carries a Content-Security-Policy without inline script; HAMDEL_HTTPS turns on HSTS and
secure cookies."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_pages_send_a_policy_that_forbids_inline_script(agent_client: Client) -> None:
    for path in ["/", "/accounts/login/"]:
        response = Client().get(path) if "login" in path else agent_client.get(path, follow=True)
        policy = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", policy
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_inline_handlers() -> None:
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            offenders += [f"{template.relative_to(SRC)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def _settings_with(env: dict[str, str]) -> dict[str, object]:
    code = (
        "import json, django.conf as c, os; os.environ['DJANGO_SETTINGS_MODULE']='hamdel.config.settings';"
        "s=c.settings; print(json.dumps({k: getattr(s, k) for k in ['SECURE_HSTS_SECONDS',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_INCLUDE_SUBDOMAINS']}))"
    )
    run_env = {**os.environ, "PYTHONPATH": str(SRC), **env}
    out = subprocess.run(
        [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_https_switches_on_hsts_and_secure_cookies(tmp_path: Path) -> None:
    data = {"HAMDEL_DATA_DIR": str(tmp_path)}
    assert _settings_with({**data, "HAMDEL_HTTPS": "1"}) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    }
    plain = _settings_with({**data, "HAMDEL_HTTPS": "0"})
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SESSION_COOKIE_SECURE"] is False
