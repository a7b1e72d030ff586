"""A cancelled or changed session reaches everyone enrolled and waitlisted by email."""

import pytest
from django.core import mail

from tests.clock import frozen
from trainings.services.notifications import session_handoff_queue
from trainings.services.sessions import session_cancel

from .conftest import enrol, make_session

pytestmark = [frozen, pytest.mark.django_db]


def test_cancelling_tells_everyone_enrolled_and_waitlisted(
    trainings, hr_user, peers, django_capture_on_commit_callbacks
):
    session = make_session(hr_user, capacity=2)
    for person in peers[:3]:
        enrol(session, person)  # the third is waitlisted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=hr_user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in peers[:3])
    message = mail.outbox[0]
    assert message.subject == f"Cancelled: {session.course}"
    assert "your place in it is released" in message.body
    assert "List-Unsubscribe-Post" in message.extra_headers


def test_a_change_tells_everyone_enrolled_and_waitlisted_once_per_change(
    trainings, hr_user, peers, django_capture_on_commit_callbacks
):
    session = make_session(hr_user, capacity=1)
    for person in peers[:2]:
        enrol(session, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_handoff_queue(session=session, event="changed", by=hr_user, round=1)
        session_handoff_queue(session=session, event="changed", by=hr_user, round=1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in peers[:2])
    assert "Main office, room 2" in mail.outbox[0].body
