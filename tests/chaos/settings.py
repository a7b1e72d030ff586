"""Settings for the processes the chaos tests start (Celery workers, gunicorn).

The test settings, changed so the test can see what those processes did: mail goes to
files, documents to the test's own folder (both under ``CHAOS_DIR``), tasks to the
test's queue, and tasks they queue go to Redis rather than running in-process.
"""

import os
from pathlib import Path

from peerworks.settings.test import *  # noqa: F403
from peerworks.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

CHAOS_DIR = Path(os.environ["CHAOS_DIR"])
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(CHAOS_DIR / "mail")
PRIVATE_MEDIA_ROOT = CHAOS_DIR / "private"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["CHAOS_QUEUE"]
# Look for messages abandoned by a dead worker every second (production: every 100 s,
# against a one-hour visibility timeout), so the test need not wait.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
