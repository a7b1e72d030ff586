"""Local development: DEBUG on, SQLite under var/, tasks run eagerly unless a broker is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
(BASE_DIR / "var").mkdir(exist_ok=True)
