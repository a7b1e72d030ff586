"""A peer finds a session and enrols; HR records attendance and the peer completes it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.trainings.conftest import make_session
from trainings.models import Enrolment
from trainings.services.enrolment import enrolment_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_peer_enrols_and_hr_marks_attendance(
    page, live_server, sign_in, catalogues, hr_user, peer, assert_accessible
):
    session = make_session(hr_user, "recovery-101", in_days=0)
    assert session.enrolment_deadline == timezone.localdate()

    sign_in(page, peer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trainings").click()
    page.wait_for_url(live_server.url + reverse("trainings:session-list"))
    assert_accessible(page)
    page.get_by_role("link", name="Recovery 101").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enrol me").click()
    expect(page.get_by_text("You are enrolled in Recovery 101.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("trainings:session-calendar"))
    assert page.get_by_role("link", name="Recovery 101").first.is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Recovery 101").is_visible()

    sign_in(page, hr_user)
    page.goto(live_server.url + reverse("trainings:session-detail", args=[session.pk]))
    assert page.get_by_role("cell", name=str(peer), exact=True).is_visible()
    page.get_by_role("link", name="Record attendance").click()
    assert_accessible(page)
    day = timezone.localtime(session.slots.get().starts_at).strftime("%b %-d")
    page.get_by_label(f"Attendance of {peer} on {day}").select_option("present")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved. 1 completed the training.")).to_be_visible()
    assert_accessible(page)
    enrolment = Enrolment.objects.get(session=session, person=peer)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.hours_credited == 4

    page.goto(live_server.url + reverse("trainings:transcript", args=[peer.pk]))
    assert page.get_by_role("cell", name="Recovery 101", exact=True).is_visible()
    assert_accessible(page)


def test_cancelling_a_place_asks_first_and_hr_adds_seats(
    page, live_server, sign_in, catalogues, hr_user, admin_user, peer, assert_accessible
):
    session = make_session(hr_user, "recovery-101", in_days=5, capacity=1)
    enrolment_create(session=session, person=hr_user, by=hr_user)
    detail = live_server.url + reverse("trainings:session-detail", args=[session.pk])

    sign_in(page, peer)
    page.goto(detail)
    assert page.get_by_text("Attend at least 80% of the 4.0 hours").is_visible()
    page.get_by_role("button", name="Join the waitlist").click()
    page.get_by_role("link", name="Cancel my waitlist place").click()
    expect(page.get_by_role("heading", name="Cancel your waitlist place?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="No, keep it").click()
    page.wait_for_url(detail)
    assert Enrolment.objects.get(session=session, person=peer).status == "waitlisted"

    sign_in(page, hr_user)
    page.goto(detail)
    page.get_by_label("Seats").fill("2")
    page.get_by_role("button", name="Change seats").click()
    expect(page.get_by_text("1 person moved from the waitlist to a seat")).to_be_visible()
    assert_accessible(page)
    assert Enrolment.objects.get(session=session, person=peer).status == "enrolled"

    sign_in(page, peer)
    page.goto(detail)
    page.get_by_role("link", name="Cancel my enrolment").click()
    page.get_by_role("button", name="Yes, cancel my place").click()
    page.wait_for_url(detail)
    assert page.get_by_text("Enrolment cancelled.").is_visible()
    assert Enrolment.objects.get(session=session, person=peer).status == "cancelled"

    sign_in(page, admin_user)
    page.goto(live_server.url + reverse("trainings:settings"))
    assert_accessible(page)
    page.get_by_label("Share of a session's hours needed to complete it (%)").fill("75")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Training rules saved.")).to_be_visible()


def test_hr_changes_a_sessions_place_and_day(
    page, live_server, sign_in, catalogues, hr_user, assert_accessible
):
    session = make_session(hr_user, "recovery-101", in_days=10)
    detail = live_server.url + reverse("trainings:session-detail", args=[session.pk])

    sign_in(page, hr_user)
    page.goto(detail)
    page.get_by_role("link", name="Change days or place").click()
    assert page.get_by_role("heading", name="Change the days or place").is_visible()
    assert_accessible(page)
    # Ending before it starts is refused on the page, the form kept as typed.
    day_one = page.get_by_role("group", name="Day 1")
    day_one.get_by_label("Ends at").fill("08:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Each day must end after it starts.")).to_be_visible()
    assert_accessible(page)
    day_one = page.get_by_role("group", name="Day 1")
    day_one.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Place").fill("Annex, room 5")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(detail)
    assert page.get_by_text("Session changed").is_visible()
    assert page.get_by_text("Annex, room 5").is_visible()
    assert_accessible(page)
