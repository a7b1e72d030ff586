"""Production: DEBUG off, and no start without the settings a real deployment needs."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

_missing = [
    name
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "RECORD_SIGNING_KEYS")
    if not os.environ.get(name)
]
if _missing:
    raise ImproperlyConfigured(
        "PeerWorks production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Sealed records (core.integrity): "id:secret,old-id:old-secret", the current key first.
RECORD_SIGNING_KEYS = env.list("RECORD_SIGNING_KEYS")
if any(len(entry.partition(":")[2]) < 32 for entry in RECORD_SIGNING_KEYS):
    raise ImproperlyConfigured(
        "RECORD_SIGNING_KEYS holds id:secret pairs, each secret at least 32 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
    )
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The rest of the headers (CSP, nosniff, frame denial, referrer policy) and the
# HttpOnly and SameSite cookie flags are in base: every environment sends them.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# A log collector reads one JSON object a line (core/logs.py).
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")  # noqa: F405
