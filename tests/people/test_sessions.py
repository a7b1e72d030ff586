"""Sessions: a new key at sign-in, an end after 30 minutes idle, and 'Stay signed in'."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.clock import frozen
from tests.factories import PASSWORD

pytestmark = [frozen, pytest.mark.django_db]

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _signed_in(client):
    return client.get(reverse("home")).status_code == 200


def test_signing_in_gives_a_new_session_key(client, peer):
    before = client.session.session_key  # an anonymous session, as a visitor would have
    assert before is not None
    response = client.post(reverse("login"), {"username": peer.username, "password": PASSWORD})
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_session_ends_after_30_minutes_idle(client, peer, clock):
    client.post(reverse("login"), {"username": peer.username, "password": PASSWORD})
    clock.shift(timedelta(minutes=29))
    assert _signed_in(client)
    clock.shift(timedelta(minutes=30, seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_working_keeps_the_session(client, peer, clock):
    client.force_login(peer)
    for _ in range(6):  # an hour and a half, never idle for long
        clock.shift(timedelta(minutes=15))
        assert _signed_in(client)


def test_expiry_is_refreshed_at_most_once_a_minute(client, peer, clock):
    client.force_login(peer)
    key = client.session.session_key

    def expires():
        return Session.objects.get(session_key=key).expire_date

    signed_in_until = expires()
    clock.shift(timedelta(seconds=30))
    assert _signed_in(client)
    assert expires() == signed_in_until  # no write for a page within the minute
    clock.shift(timedelta(seconds=31))
    response = client.get(reverse("home"))
    assert expires() == START + timedelta(seconds=61, minutes=30)
    assert response.cookies["sessionid"]["max-age"] == 1800


def test_the_page_says_how_long_the_session_has_left(client, peer, clock):
    client.force_login(peer)
    clock.shift(timedelta(seconds=20))
    body = client.get(reverse("home")).content.decode()
    assert 'data-seconds-left="1780"' in body
    assert 'data-warn-before="300"' in body
    assert "session-timeout.js" in body


def test_stay_signed_in_refreshes_the_session(client, peer, clock):
    client.force_login(peer)
    clock.shift(timedelta(minutes=25))
    response = client.post(reverse("people:session-keep-alive"))
    assert response.status_code == 200
    assert response.json() == {"seconds_left": 1800}
    clock.shift(timedelta(minutes=29))
    assert _signed_in(client)


def test_stay_signed_in_is_a_post(client, peer):
    client.force_login(peer)
    assert client.get(reverse("people:session-keep-alive")).status_code == 405


def test_stay_signed_in_after_the_end_sends_to_sign_in(client, peer, clock):
    client.force_login(peer)
    clock.shift(timedelta(minutes=31))
    response = client.post(reverse("people:session-keep-alive"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_keep_alive_needs_the_csrf_token(peer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(peer)
    assert client.post(reverse("people:session-keep-alive")).status_code == 403


def test_a_page_polling_for_a_pdf_does_not_keep_an_idle_session(
    client, catalogues, peer, supervisor, clock
):
    from evaluations.models import EvaluationPdf
    from tests.evaluations.conftest import new_evaluation

    pdf = EvaluationPdf.objects.create(
        evaluation=new_evaluation(peer, supervisor), requested_by=supervisor, evaluation_revision=1
    )
    url = reverse("evaluations:evaluation-pdf-status", args=[pdf.evaluation_id, pdf.pk])
    client.force_login(supervisor)
    assert client.get(url).status_code == 200  # opening the page is activity
    for _ in range(29):  # the tab left open, polling, for 29 minutes
        clock.shift(timedelta(minutes=1))
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    clock.shift(timedelta(minutes=1, seconds=1))
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not _signed_in(client)
