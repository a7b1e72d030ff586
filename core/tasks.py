from celery import shared_task
from django.utils import timezone

from .reminders import send_daily_reminders


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminders():
    """The daily reminder job (django-celery-beat runs it at 07:00 agency time)."""
    return len(send_daily_reminders(today=timezone.localdate()))
