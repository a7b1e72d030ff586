"""Local development: DEBUG on, SQLite under var/, tasks run eagerly unless a broker is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps' folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AGENCY_NAME = env("AGENCY_NAME", default="Demo Peer Services Agency")
# Emails are saved under var/mail, one log line each (core.mail).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="core.mail.DevelopmentEmailBackend")
# With tasks run eagerly in the web process, Celery's "task succeeded" line follows every
# save; a worker (a broker set) keeps it.
if not CELERY_BROKER_URL:  # noqa: F405
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}  # noqa: F405
    # No broker to name: kombu's "no hostname, reverting to localhost" means nothing here.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}  # noqa: F405
