"""Settings: production refuses to start half-configured; local needs nothing."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _run(settings_module, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "DEBUG",
            "RECORD_SIGNING_KEYS",
        )
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_names_every_missing_setting():
    result = _run("peerworks.settings.production", {})
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_refuses_to_start_without_the_record_signing_keys():
    """Sealed records are keyed with a secret the database does not hold: production
    must be given one, never the development default."""
    result = _run(
        "peerworks.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "peerworks.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peerworks",
        },
    )
    assert result.returncode != 0
    assert "need these environment variables: RECORD_SIGNING_KEYS" in result.stderr
    weak = _run(
        "peerworks.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "peerworks.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peerworks",
            "RECORD_SIGNING_KEYS": "2026:short",
        },
    )
    assert weak.returncode != 0
    assert "each secret at least 32 characters" in weak.stderr


def test_production_names_only_what_is_missing():
    result = _run(
        "peerworks.settings.production",
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "peerworks.example"},
    )
    assert result.returncode != 0
    assert "need these environment variables: DATABASE_URL" in result.stderr


def test_production_starts_when_configured():
    result = _run(
        "peerworks.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "peerworks.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peerworks",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
            "RECORD_SIGNING_KEYS": "2026:" + "k" * 50,
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql", "False"]


def test_local_needs_no_environment():
    result = _run("peerworks.settings.local", {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "True"]


def test_time_zone_defaults_to_california():
    assert _run("peerworks.settings.local", {}).returncode == 0
    assert settings.TIME_ZONE == os.environ.get("TIME_ZONE", "America/Los_Angeles")


STATIC = settings.BASE_DIR / "static"


def test_every_source_map_a_vendored_file_names_is_shipped():
    """The manifest storage follows sourceMappingURL comments: a missing map fails the deploy."""
    named = []
    for path in sorted(STATIC.rglob("*")):
        if path.suffix not in (".js", ".css"):
            continue
        for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            named.append(path.parent / name)
    assert named, "expected Bootstrap's source maps to be named"
    assert [str(p.relative_to(STATIC)) for p in named if not p.is_file()] == []


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    """The production settings' static storage (whitenoise's compressed manifest) builds
    every file: hashed names, a gzip and a brotli copy each, and the manifest."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peerworks.settings.production",
        SECRET_KEY="x" * 50,
        RECORD_SIGNING_KEYS="2026:" + "k" * 50,
        ALLOWED_HOSTS="peerworks.example",
        # collectstatic never connects: any address will do.
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        STATIC_ROOT=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/htmx/htmx.min.js",
        "css/peerworks.css",
    ):
        hashed = tmp_path / manifest[name]
        assert hashed.is_file() and hashed.name != name.rsplit("/", 1)[-1]
        assert Path(f"{hashed}.gz").is_file() and Path(f"{hashed}.br").is_file()
