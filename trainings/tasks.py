"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.tasks import RETRY

from .services.notifications import training_notify


@shared_task(bind=True, **RETRY)
def send_training_notice(self, enrolment_id: int, kind: str):
    return training_notify(enrolment_id=enrolment_id, kind=kind)
