import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerworks.settings.local")

app = Celery("peerworks")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up(**kwargs):
    # WeasyPrint takes seconds to import, and its first render loads more: pay both once
    # per worker process, not per task, then keep the full collections small.
    from core.pdfs.renderer import renderer_prepare_process

    renderer_prepare_process()
