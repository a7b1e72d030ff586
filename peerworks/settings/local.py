"""Local development: DEBUG on, SQLite under var/, tasks run eagerly unless a broker is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
# Serve static files straight from the apps' folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AGENCY_NAME = env("AGENCY_NAME", default="Demo Peer Services Agency")
