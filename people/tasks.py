"""People's scheduled work: accounts follow the day their holder leaves the agency."""

from celery import shared_task

from core.tasks import RETRY

from .services import people_leavers_deactivate


@shared_task(**RETRY)
def deactivate_leavers():
    """Switch off the accounts of people whose leaving day has come (beat runs it hourly)."""
    return people_leavers_deactivate()
