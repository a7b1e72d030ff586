"""Every hand-off of an evaluation reaches who acts next, by email, once the change commits."""

import pytest
from django.core import mail

from core.models import Notice
from core.notices import notice_preferences_save
from core.reminders import send_daily_reminders
from evaluations.models import Rating
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_finalize,
    evaluation_submit,
    evaluation_take_back,
)
from tests.clock import frozen
from tests.revisions import evaluation_revision

from .conftest import amend_rating, load, rate_all

pytestmark = [frozen, pytest.mark.django_db]


def test_finalizing_tells_the_peer(submitted, peer, supervisor, django_capture_on_commit_callbacks):
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_finalize(evaluation=submitted, by=supervisor)
    assert [m.to for m in mail.outbox] == [[peer.email]]
    message = mail.outbox[0]
    assert message.subject == f"{peer.get_full_name()}'s evaluation is finalized"
    assert "is finalized" in message.body and f"/evaluations/{submitted.pk}/" in message.body
    assert "List-Unsubscribe-Post" in message.extra_headers


def test_taking_back_tells_the_peer_each_time(
    evaluation, peer, supervisor, django_capture_on_commit_callbacks
):
    rate_all(evaluation, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            evaluation_submit(evaluation=evaluation, by=supervisor)
            evaluation_take_back(evaluation=evaluation, by=supervisor)
    taken_back = [m for m in mail.outbox if "taken back" in m.subject]
    assert [m.to for m in taken_back] == [[peer.email]] * 2
    assert "nothing for you to sign for now" in taken_back[0].body


def test_an_amendment_by_someone_else_tells_the_supervisor_too(
    finalized, peer, supervisor, admin_user, django_capture_on_commit_callbacks
):
    evaluation = load(finalized)
    item = evaluation.sections_list[8].items_list[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        amend_rating(evaluation, by=admin_user, item=item, rating=Rating.ADVANCED)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([peer.email, supervisor.email])
    to_supervisor = next(m for m in mail.outbox if m.to == [supervisor.email])
    assert "was amended" in to_supervisor.subject
    assert "whose supervisor you are" in to_supervisor.body


def test_the_supervisors_own_amendment_tells_only_the_peer(
    finalized, peer, supervisor, django_capture_on_commit_callbacks
):
    evaluation = load(finalized)
    item = evaluation.sections_list[8].items_list[1]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        amend_rating(evaluation, by=supervisor, item=item, rating=Rating.ADVANCED)
    assert [m.to for m in mail.outbox] == [[peer.email]]


def test_a_peer_who_chose_the_digest_finds_the_shared_evaluation_there(
    evaluation, peer, supervisor, django_capture_on_commit_callbacks
):
    notice_preferences_save(person=peer, deliveries={"evaluations.handoffs": "digest"})
    rate_all(evaluation, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_submit(evaluation=evaluation, by=supervisor)
    assert mail.outbox == []
    held = Notice.objects.get(recipient=peer)
    assert held.delivery == "digest" and "sign it by typing your name" in held.body
    send_daily_reminders(today=evaluation.due_date)
    to_peer = [m for m in mail.outbox if m.to == [peer.email]]
    assert len(to_peer) == 1
    assert "Your evaluation is ready for you to read and sign" in to_peer[0].body
