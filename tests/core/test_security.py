"""Security headers and cookie flags: what every response carries, and what production adds."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "peerworks.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "peerworks.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peerworks",
    "RECORD_SIGNING_KEYS": "2026:" + secrets.token_urlsafe(48),
}
# Read from the production settings module itself, then applied to the test client.
PRODUCTION_FLAGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
)


def _production(code: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which --deploy rightly refuses.
        if k
        not in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not k.startswith(("SECURE_", "REQUIRE_"))
    }
    return subprocess.run(
        [sys.executable, *code],
        cwd=settings.BASE_DIR,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def production_flags():
    result = _production(
        [
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_FLAGS!r}}}))",
        ]
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


def test_production_passes_the_deployment_check():
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_hsts_and_secure_cookies(production_flags):
    assert production_flags["SECURE_SSL_REDIRECT"] is True
    assert production_flags["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_flags["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_flags["SESSION_COOKIE_SECURE"] is True
    assert production_flags["CSRF_COOKIE_SECURE"] is True
    assert production_flags["SESSION_COOKIE_HTTPONLY"] is True
    assert production_flags["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production_flags["CSRF_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_carries_the_security_headers(client, peer, signed_in):
    if signed_in:
        client.force_login(peer)
    response = client.get(reverse("home" if signed_in else "login"))
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "script-src-elem", "script-src-attr", "style-src"):
        # Unset, they fall back to default-src 'self'; set, they must not open up inline code.
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_production_sends_hsts_and_flags_the_cookies(client, peer, production_flags):
    flags = {
        **production_flags,
        "SECURE_PROXY_SSL_HEADER": tuple(production_flags["SECURE_PROXY_SSL_HEADER"]),
    }
    with override_settings(**flags):
        assert client.get(reverse("login")).status_code == 301  # plain HTTP goes to HTTPS
        page = client.get(reverse("login"), secure=True)
        assert page.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] and csrf["samesite"] == "Lax"
        response = client.post(
            reverse("login"), {"username": peer.username, "password": PASSWORD}, secure=True
        )
        assert response.status_code == 302
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        assert session["max-age"] == 30 * 60


SERVED_TEMPLATES = [
    path
    for root in (
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR).glob("*/templates"),
    )
    for path in root.rglob("*.html")
    # Emails and PDFs are not pages a browser loads under the policy.
    if not {"email", "pdf"} & set(path.parts) and not path.name.endswith("_email.html")
]


@pytest.mark.parametrize(
    "template", SERVED_TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_no_served_template_has_inline_script_or_style(template):
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"<style\b", text), "<style> element"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
