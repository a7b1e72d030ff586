"""A program admin invites a person, and a supervisor reads a peer's page, in the browser."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from people.models import User
from people.roles import Role
from tests.records import person_records

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_program_admin_invites_a_person_and_corrects_a_refusal(
    page, live_server, sign_in, admin_user, supervisor, peer, assert_accessible
):
    start = timezone.localdate() + timedelta(days=30)
    sign_in(page, admin_user)
    page.goto(live_server.url + reverse("people:person-list"))
    page.get_by_role("link", name="Invite a person").click()
    expect(page.get_by_role("heading", name="Invite a person")).to_be_visible()
    assert_accessible(page)
    # Every input is found by its label.
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Parks")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Email").fill(peer.email)
    page.get_by_label("Peer staff").check()
    page.get_by_label("Job title").fill("Peer Support Specialist")
    page.get_by_label("Employment type").select_option("volunteer")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("combobox", name="Supervisor").select_option(str(supervisor.pk))
    page.get_by_role("button", name="Send the invitation").click()

    # Refused: the email is taken. What was typed is still there.
    assert page.get_by_text("Nothing was saved").is_visible()
    assert page.get_by_role("link", name=re.compile("already the email")).is_visible()
    assert page.get_by_label("Username").input_value() == "rosa"
    assert page.get_by_role("combobox", name="Supervisor").input_value() == str(supervisor.pk)
    assert_accessible(page)
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_role("button", name="Send the invitation").click()

    assert page.get_by_role("heading", name="Rosa Parks").is_visible()
    assert page.get_by_text("Rosa Parks is invited").is_visible()
    assert_accessible(page)
    rosa = User.objects.get(username="rosa")
    assert rosa.has_role(Role.PEER) and rosa.profile.supervisor == supervisor
    assert rosa.profile.start_date == start
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]

    page.get_by_role("link", name="Edit roles and details").click()
    assert_accessible(page)
    page.get_by_label("Job title").fill("Senior Peer Specialist")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Senior Peer Specialist")).to_be_visible()
    page.get_by_role("link", name="Record leaving").click()
    assert_accessible(page)


def test_a_supervisor_reads_a_peers_page_and_follows_its_links(
    page, live_server, sign_in, catalogues, supervisor, peer, hr_user, assert_accessible
):
    records = person_records(peer, supervisor, hr_user)
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("people:person-list"))
    page.get_by_role("link", name=str(peer)).click()
    expect(page.get_by_role("heading", name=str(peer), level=1)).to_be_visible()
    for title in ("Overdue", "Evaluations and self-assessments", "Work plans", "Check-ins"):
        assert page.get_by_role("heading", name=title, level=2).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Suggested trainings for")).click()
    assert page.url.endswith(reverse("trainings:suggestions", args=[peer.pk]))
    page.go_back()
    page.get_by_role("link", name=records.evaluation.title).click()
    assert page.url.endswith(reverse("evaluations:evaluation-detail", args=[records.evaluation.pk]))
