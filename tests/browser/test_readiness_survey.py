"""The survey's pages and the action plan in a browser; axe finds nothing on any of them."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from readiness.models import SurveyResponse, SurveyRound
from tests.readiness.conftest import finished_cycle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_survey_is_sent_answered_anonymously_and_read(
    page, live_server, sign_in, admin_user, peer, assert_accessible
):
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
    sign_in(page, admin_user)
    page.goto(live_server.url + reverse("readiness:survey-list"))
    assert_accessible(page)
    page.get_by_label("Name of the round").fill("Spring survey")
    page.get_by_role("button", name="Send the survey to everyone").click()
    survey = SurveyRound.objects.get()
    page.wait_for_url(live_server.url + reverse("readiness:survey-detail", args=[survey.pk]))
    expect(page.get_by_text("Results appear once at least 5 people have answered")).to_be_visible()
    assert_accessible(page)

    message = next(m for m in mail.outbox if m.to == [peer.email])
    url = re.search(r"https?://\S+", message.body).group(0)
    token = parse_qs(urlparse(url).query)["t"][0]
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('readiness:survey-answer')}?t={token}")
    assert_accessible(page)
    page.get_by_label("Provide services that focus on reducing clients").select_option(
        label="Agree"
    )
    page.get_by_label("PSYCHOLOGICAL SUPPORT").select_option(label="Disagree")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page)
    assert SurveyResponse.objects.get().answers == {"S.1": 4, "R.1": 2}
    page.goto(f"{live_server.url}{reverse('readiness:survey-answer')}?t={token}")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page)


def test_a_program_admin_analyses_a_challenge_and_adds_an_action(
    page, live_server, sign_in, admin_user, supervisor, peer, assert_accessible
):
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
    cycle = finished_cycle(admin_user, [(peer, "peer"), (supervisor, "supervisor")])
    sign_in(page, admin_user)
    page.goto(live_server.url + reverse("readiness:cycle-detail", args=[cycle.pk]))
    page.get_by_role("link", name="Action plan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Analyse a leadership challenge").click()
    assert_accessible(page)
    page.get_by_label("Current Situation").fill("One peer per program.")
    page.get_by_label("People: Causes").fill("No peer lead")
    page.get_by_role("button", name="Save the analysis").click()
    expect(page.get_by_text("No peer lead")).to_be_visible()
    page.locator("#id_text").fill("Seat a peer lead on the management team.")
    page.get_by_label("Owner").select_option(label=supervisor.get_full_name())
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(
        page.get_by_role("cell", name="Seat a peer lead on the management team.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
