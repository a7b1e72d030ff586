"""Celery tasks: each takes ids, fetches, and calls a service. All are safe to run twice."""

from celery import shared_task

from core.tasks import RETRY

from .models import SurveyRound
from .services import survey_invitations_requeue
from .services import survey_invitations_send as invitations_send


@shared_task(**RETRY)
def survey_invitations_send(round_id: int):
    """Email the round's links still owed. Only the round's id travels through the broker:
    each token is made, and sent, inside the service. A retry sends to whoever is still
    owed."""
    survey = SurveyRound.objects.filter(pk=round_id).first()
    return invitations_send(survey=survey) if survey else 0


@shared_task(**RETRY)
def requeue_unsent_survey_links():
    """Queue again the rounds that still owe links (beat runs it every five minutes)."""
    return survey_invitations_requeue()
