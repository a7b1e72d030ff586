"""People's tasks: accounts follow the day their holder leaves; invitations are emailed."""

from celery import shared_task

from core.tasks import RETRY

from .services import invitation_send, people_leavers_deactivate


@shared_task(**RETRY)
def deactivate_leavers():
    """Switch off the accounts of people whose leaving day has come (beat runs it hourly)."""
    return people_leavers_deactivate()


@shared_task(**RETRY)
def send_invitation(invitation_id: int):
    return invitation_send(invitation_id=invitation_id)
