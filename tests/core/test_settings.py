"""Settings: production refuses to start half-configured; local needs nothing."""

import os
import subprocess
import sys

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
