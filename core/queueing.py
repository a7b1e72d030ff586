"""Queueing tasks: after the transaction commits, and never failing the request that saved."""

import logging
import threading
from datetime import timedelta
from functools import partial

from celery.signals import before_task_publish
from django.db import connections, transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_scopes.state import get_scope, state
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


def queue_after_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits (the worker must find
    what it names).

    Publishing waits for Redis while it restarts (``CELERY_TASK_PUBLISH_RETRY_POLICY``);
    if it is down for longer, what was saved stands and the miss is logged: a PDF stays
    pending until ``core.pdfs.pdf_requeue_stale`` queues it again, an unsent notice until
    ``notices_requeue_unsent`` does.

    The task runs in the scope it was queued in (the organisation of the person whose
    request queued it): captured here, published with it (``_scope_header``), and
    restored by ``core.tasks`` before it runs. Run eagerly, it runs inside it here."""
    transaction.on_commit(partial(_publish, task, args, dict(get_scope())))


def queue_beside_request(task, *args) -> None:
    """Like ``queue_after_commit``, for a slow task when there is no worker (tasks run
    eagerly: ``make run``, a bare machine): run eagerly, it would run inside the request
    that asked, which would answer only once it finished. It runs in a thread of its
    own instead, so the request answers at once and its page shows the task's progress.
    With a worker, it is simply queued."""
    from django.conf import settings

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        queue_after_commit(task, *args)
        return
    scope = dict(get_scope())
    # Not a daemon: a process that ends (seed_demo, the development server stopped) waits
    # for the task to finish, rather than leaving its record pending with no worker and no
    # sweep to take it up again.
    transaction.on_commit(
        lambda: threading.Thread(target=_run_beside, args=(task, args, scope), daemon=False).start()
    )


def _run_beside(task, args: tuple, scope: dict) -> None:
    try:
        _publish(task, args, scope)
    finally:
        # The thread's own database connection, closed with it.
        connections.close_all()


# The message header that carries the scope a task was queued in.
SCOPE_HEADER = "peerworks_scope"


@before_task_publish.connect(dispatch_uid="peerworks-scope-header")
def _scope_header(headers=None, **kwargs):
    if headers is not None:
        headers[SCOPE_HEADER] = dict(get_scope())


def _publish(task, args: tuple, scope: dict) -> None:
    # Published (or, eagerly, run) in the scope it was queued in, whenever the commit is.
    token = state.set(scope)
    try:
        task.delay(*args)
    except BrokerUnavailable:
        logger.warning("Broker unavailable: %s%r was not queued", task.name, args)
    finally:
        state.reset(token)


# Notices recorded as due in the transaction that called for them, and the task that
# sends one (each model's ``task_args()`` are that task's arguments).
NOTICE_OUTBOXES: list[tuple[type, object]] = []


def register_notice_outbox(model, *, task) -> None:
    """Have ``notices_requeue_unsent`` watch ``model``'s unsent notices and send them with
    ``task`` (an app calls this from its ``AppConfig.ready()``)."""
    if (model, task) not in NOTICE_OUTBOXES:
        NOTICE_OUTBOXES.append((model, task))


UNSENT_AFTER = timedelta(minutes=10)
# A notice days late says something no longer true ("a seat opened up"): left unsent.
TOO_LATE_AFTER = timedelta(days=1)


def notices_requeue_unsent(*, now=None) -> int:
    """Queue again every notice recorded more than ``UNSENT_AFTER`` ago and still unsent
    (its message was lost, or its sending failed past its retries); returns how many.
    Sending is idempotent: a notice already on its way is sent once."""
    now = now or timezone.now()
    queued = 0
    # A sweep across organisations (a system job, no one's request): each notice names
    # its one recipient, so the tasks it queues run unscoped too.
    with scopes_disabled():
        for model, task in NOTICE_OUTBOXES:
            unsent = model.objects.filter(
                # Only those sent on commit: a model may keep others for a daily digest.
                **getattr(model, "SENT_ON_COMMIT", {}),
                sent_at__isnull=True,
                created_at__lte=now - UNSENT_AFTER,
                created_at__gt=now - TOO_LATE_AFTER,
            )
            for notice in unsent.iterator():
                queue_after_commit(task, *notice.task_args())
                queued += 1
    return queued
