"""Queueing tasks: after the transaction commits, and never failing the request that saved."""

import logging
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def queue_after_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (the worker must find
    what it names).

    Publishing waits for Redis while it restarts (``CELERY_TASK_PUBLISH_RETRY_POLICY``);
    if it is down for longer, what was saved stands and the miss is logged: a PDF stays
    pending until ``core.pdfs.pdf_requeue_stale`` queues it again, an unsent notice until
    ``notices_requeue_unsent`` does."""
    transaction.on_commit(partial(_publish, task, args))


def _publish(task, args: tuple) -> None:
    try:
        task.delay(*args)
    except BrokerUnavailable:
        logger.warning("Broker unavailable: %s%r was not queued", task.name, args)


# Notices recorded as due in the transaction that called for them, and the task that
# sends one (each model's ``task_args()`` are that task's arguments).
NOTICE_OUTBOXES = [
    ("evaluations.EvaluationNotice", "evaluations.tasks.send_evaluation_notice"),
    ("trainings.TrainingNotice", "trainings.tasks.send_training_notice"),
    ("people.Invitation", "people.tasks.send_invitation"),
]
UNSENT_AFTER = timedelta(minutes=10)
# A notice days late says something no longer true ("a seat opened up"): left unsent.
TOO_LATE_AFTER = timedelta(days=1)


def notices_requeue_unsent(*, now=None) -> int:
    """Queue again every notice recorded more than ``UNSENT_AFTER`` ago and still unsent
    (its message was lost, or its sending failed past its retries); returns how many.
    Sending is idempotent: a notice already on its way is sent once."""
    now = now or timezone.now()
    queued = 0
    for model_label, task_path in NOTICE_OUTBOXES:
        model, task = apps.get_model(model_label), import_string(task_path)
        unsent = model.objects.filter(
            sent_at__isnull=True,
            created_at__lte=now - UNSENT_AFTER,
            created_at__gt=now - TOO_LATE_AFTER,
        )
        for notice in unsent.iterator():
            queue_after_commit(task, *notice.task_args())
            queued += 1
    return queued
