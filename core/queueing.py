"""Queueing tasks: after the transaction commits, and never failing the request that saved."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def queue_after_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (the worker must find
    what it names).

    Publishing waits for Redis while it restarts (``CELERY_TASK_PUBLISH_RETRY_POLICY``);
    if it is down for longer, what was saved stands and the miss is logged: a PDF stays
    pending until ``core.pdfs.pdf_requeue_stale`` queues it again; a notice is not sent."""
    transaction.on_commit(partial(_publish, task, args))


def _publish(task, args: tuple) -> None:
    try:
        task.delay(*args)
    except BrokerUnavailable:
        logger.warning("Broker unavailable: %s%r was not queued", task.name, args)
