"""gunicorn for PeerWorks: `gunicorn -c deploy/gunicorn.conf.py --bind ADDRESS peerworks.wsgi`.

Workers: WEB_CONCURRENCY (gunicorn reads it), by default two per core plus one.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A PDF is rendered by the worker, never in a request: no page should take this long.
timeout = 60
graceful_timeout = 30
# Requests are logged by the app (core/logs.py), without query strings; gunicorn's access
# log would write them with their query strings.
accesslog = None
# gunicorn's own messages as JSON lines too, like the app's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}
