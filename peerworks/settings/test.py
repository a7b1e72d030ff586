"""Test settings: fast hashing, mail kept in memory, plain static storage.

DATABASE_URL and CELERY_BROKER_URL are honoured, so the same suite runs on
SQLite with eager tasks or on PostgreSQL with a real worker over Redis.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_BROKER_URL, DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps' folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests run tasks eagerly unless they ask for the ``task_worker`` fixture, which
# starts a real worker over CELERY_BROKER_URL when one is configured. Each run
# uses its own queue so nothing left on Redis by an earlier run is picked up.
CELERY_TASK_ALWAYS_EAGER = True
# Tests read a PDF right after asking for it: rendered on commit, in the test's thread.
# The browser test of the PDF's progress turns the thread on (tests/browser).
PDF_RENDER_BESIDE_REQUEST = False
CELERY_TASK_DEFAULT_QUEUE = f"peerworks-test-{os.getpid()}" if CELERY_BROKER_URL else "celery"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: threads in the concurrency tests then wait
    # for the write lock as they would in the running app.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
