"""Test settings: fast hashing, mail kept in memory, plain static storage.

DATABASE_URL and CELERY_BROKER_URL are honoured, so the same suite runs on
SQLite with eager tasks or on PostgreSQL with a real worker over Redis.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR

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
