"""The survey's job: run by a real Celery worker over Redis when CELERY_BROKER_URL is set,
eagerly otherwise. Only the round's id goes through the broker, never a token."""

import re
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from celery.signals import before_task_publish
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from readiness import tasks
from readiness.models import SurveyRound, SurveyTicket
from readiness.selectors import survey_links_owed
from readiness.services import survey_open, survey_ticket_for, survey_token_hash
from tests.conftest import wait_for


def _open(admin):
    return survey_open(
        organisation=admin.organisation, name="Spring survey", by=admin, today=timezone.localdate()
    )


def _tokens() -> dict[str, str]:
    tokens = {}
    for message in mail.outbox:
        url = re.search(r"https?://\S+", message.body).group(0)
        assert message.to[0] not in tokens, f"{message.to[0]} got two links"
        tokens[message.to[0]] = parse_qs(urlparse(url).query)["t"][0]
    return tokens


@pytest.mark.django_db
def test_opening_a_round_queues_one_task_whose_arguments_are_the_round_id_alone(
    catalogues, admin_user, make_person, django_capture_on_commit_callbacks
):
    for role in (Role.PEER, Role.SUPERVISOR):
        make_person(role)
    mail.outbox.clear()
    with mock.patch.object(tasks.survey_invitations_send, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            survey = _open(admin_user)
            # Nothing is queued before the round commits.
            delay.assert_not_called()
    delay.assert_called_once_with(survey.pk)
    # The request sent nothing and made no link: the job does both.
    assert mail.outbox == [] and not SurveyTicket.objects.exists()
    assert survey_links_owed(survey=survey) == survey.invited == 3


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_person_one_working_link_and_the_message_holds_no_token(
    task_worker, catalogues, admin_user, make_person
):
    people = [make_person(Role.PEER) for _ in range(3)] + [make_person(Role.HR)]
    published = []

    def record(sender=None, body=None, headers=None, **kwargs):
        published.append((sender, repr(body), repr(headers)))

    before_task_publish.connect(record, weak=False)
    try:
        mail.outbox.clear()
        with transaction.atomic():
            survey = _open(admin_user)
        assert wait_for(lambda: len(mail.outbox) == 5 and not survey_links_owed(survey=survey))
    finally:
        before_task_publish.disconnect(record)
    tokens = _tokens()
    assert set(tokens) == {p.email for p in [admin_user, *people]}
    assert all(survey_ticket_for(token=t) for t in tokens.values())
    if task_worker is not None:
        # Through the broker: one message, naming the round and nothing else.
        assert [s for s, _, _ in published] == [tasks.survey_invitations_send.name]
        _, body, headers = published[0]
        assert re.search(rf"\(\({survey.pk},\), \{{\}}", body), body
        secrets = set(tokens.values()) | {survey_token_hash(t) for t in tokens.values()}
        for text in (body, headers):
            assert not any(s in text for s in secrets)
            assert not any(e in text for e in tokens)
    # Run again (a message delivered twice): nothing more is sent.
    assert tasks.survey_invitations_send.apply(args=[survey.pk]).get() == 0
    assert len(mail.outbox) == 5
    assert SurveyRound.objects.get(pk=survey.pk).invited == 5


@pytest.mark.django_db
def test_with_no_worker_a_mail_server_away_fails_the_job_not_the_request(
    client, catalogues, admin_user, make_person, django_capture_on_commit_callbacks, monkeypatch
):
    """Run eagerly on commit, the job's failure (after its retries, at once) leaves the
    round opened and its links owed, for the round's page to send again."""
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    make_person(Role.PEER)

    def away(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", away)
    mail.outbox.clear()
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("readiness:survey-list"), {"name": "Spring survey"})
    assert response.status_code == 302
    survey = SurveyRound.objects.get()
    assert survey_links_owed(survey=survey) == 2 and not SurveyTicket.objects.exists()
    assert mail.outbox == []
