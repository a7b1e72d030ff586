"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.tasks import RETRY

from .services.notifications import evaluation_notify


@shared_task(bind=True, **RETRY)
def send_evaluation_notice(self, evaluation_id: int, kind: str, recipient_id: int, round: int = 0):
    return evaluation_notify(
        evaluation_id=evaluation_id, kind=kind, recipient_id=recipient_id, round=round
    )
