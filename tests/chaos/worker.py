"""The Celery worker the chaos tests start: the app's own worker, with evaluation renders
slowed down by ``CHAOS_RENDER_DELAY`` seconds and written down in ``CHAOS_DIR/renders.log``
as they start and end, so a test can kill it while a render is under way.

The patch is made before the pool forks, so every pool child renders this way.
"""

import os
import sys
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402

import core.pdfs  # noqa: E402
from peerworks.celery import app  # noqa: E402

_render = core.pdfs.pdf_content


def _note(event, evaluation_id):
    with open(Path(os.environ["CHAOS_DIR"]) / "renders.log", "a") as log:
        log.write(f"{event} {os.getpid()} {evaluation_id}\n")


def _slow_render(*, export, record):
    if export.name != "evaluations":
        return _render(export=export, record=record)
    _note("start", record.evaluation_id)
    time.sleep(float(os.environ.get("CHAOS_RENDER_DELAY", "0")))
    content = _render(export=export, record=record)
    _note("end", record.evaluation_id)
    return content


core.pdfs.pdf_content = _slow_render

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
            f"--pool={os.environ.get('CHAOS_POOL', 'prefork')}",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=chaos-{os.getpid()}@%h",
            *sys.argv[1:],
        ]
    )
