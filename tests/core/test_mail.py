"""Email on a developer's machine is kept in files and announced without naming anyone."""

import logging
import subprocess
import sys

from django.conf import settings
from django.core import mail
from django.test import override_settings


def test_each_email_is_saved_and_announced_in_one_line_without_the_address(tmp_path, caplog):
    with override_settings(
        EMAIL_BACKEND="core.mail.DevelopmentEmailBackend", EMAIL_FILE_PATH=str(tmp_path)
    ):
        with caplog.at_level(logging.INFO, logger="core.mail"):
            mail.send_mail("Your evaluation was shared", "Hello Robin", None, ["robin@example.org"])
    (saved,) = tmp_path.iterdir()
    assert "Hello Robin" in saved.read_text()
    (line,) = [r.getMessage() for r in caplog.records if r.name == "core.mail"]
    assert "'Your evaluation was shared' to 1 person saved in" in line
    assert "robin@example.org" not in line


def _setting(module, name):
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(settings.{name})",
        ],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": module,
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "peerworks.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/peerworks",
            "RECORD_SIGNING_KEYS": "k1:" + "s" * 40,
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_production_sends_by_smtp_and_never_prints_messages_into_its_logs():
    assert _setting("peerworks.settings.production", "EMAIL_BACKEND") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def test_a_developer_machine_keeps_emails_in_files():
    assert (
        _setting("peerworks.settings.local", "EMAIL_BACKEND") == "core.mail.DevelopmentEmailBackend"
    )
