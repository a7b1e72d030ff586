import os

from celery import Celery
from celery.signals import task_postrun, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerworks.settings.local")

app = Celery("peerworks")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _prepare(**kwargs):
    from core.worker import worker_process_prepare

    worker_process_prepare()


@task_postrun.connect
def _tidy_up(**kwargs):
    from core.worker import worker_task_finished

    worker_task_finished()
