"""HR starts an onboarding and progresses it in the browser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from onboarding.models import Onboarding, OnboardingItem
from people.roles import Role
from tests.records import person_records

pytestmark = pytest.mark.django_db(transaction=True)


def test_hr_starts_and_progresses_an_onboarding(
    page, live_server, sign_in, catalogues, hr_user, supervisor, assert_accessible
):
    sign_in(page, hr_user)
    page.get_by_role("link", name="Onboarding", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Start an onboarding").first.click()
    assert_accessible(page)
    page.get_by_label("Or: first name").fill("Avery")
    page.get_by_label("Last name").fill("Quinn")
    page.get_by_label("Email").fill("avery.quinn@example.org")
    today = timezone.localdate()
    monday_after_next = today + timedelta(days=14 - today.weekday())
    page.get_by_label("Start date").fill(monday_after_next.isoformat())
    page.get_by_label("Employee or volunteer").select_option("volunteer")
    page.get_by_label("Supervisor").select_option(str(supervisor.pk))
    page.get_by_role("button", name="Start onboarding").click()
    expect(page.get_by_role("heading", name="Onboarding of Avery Quinn")).to_be_visible()
    assert_accessible(page)
    onboarding = Onboarding.objects.get()
    assert not onboarding.items.filter(text="I-9 form").exists()

    w9 = onboarding.items.get(text="W-9 for volunteers")
    row = page.locator(f"#item-{w9.pk}")
    # A document number is refused beside the item, where the person is looking.
    row.get_by_label("Notes").fill("SSN 123 45 6789")
    row.get_by_role("button", name="Seen, on file").click()
    refusal = page.locator(f"#item-{w9.pk}").get_by_role("alert")
    expect(refusal).to_have_text(
        "Do not type document numbers here. Record only that the document was seen and is on file."
    )
    expect(refusal).to_be_in_viewport()
    assert_accessible(page)
    row = page.locator(f"#item-{w9.pk}")
    row.get_by_label("Notes").fill("Seen; filed in the volunteer folder")
    row.get_by_role("button", name="Seen, on file").click()
    expect(page.locator(f"#item-{w9.pk}").get_by_text("Done").first).to_be_visible()

    dmv = onboarding.items.get(text="DMV report")
    row = page.locator(f"#item-{dmv.pk}")
    row.get_by_text("Not applicable or reassign").click()
    row.get_by_label("Reason it does not apply").fill("Will not drive for the agency")
    row.get_by_role("button", name="Not applicable").click()
    assert_accessible(page)
    assert OnboardingItem.objects.get(pk=w9.pk).status == "done"
    assert (
        OnboardingItem.objects.get(pk=dmv.pk).not_applicable_reason
        == "Will not drive for the agency"
    )

    page.goto(live_server.url + reverse("onboarding:onboarding-board"))
    assert page.get_by_role("link", name="Avery Quinn").is_visible()
    assert page.get_by_text("2 of").first.is_visible()


def test_a_supervisor_changes_the_check_in_cadence(
    page, live_server, sign_in, catalogues, make_person, assert_accessible
):
    supervisor, hr = make_person(Role.SUPERVISOR), make_person(Role.HR)
    peer = make_person(Role.PEER, supervisor=supervisor)
    schedule = person_records(peer, supervisor, hr).schedule
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]))
    assert_accessible(page)
    began = schedule.cadences.get().starts_on
    page.get_by_label("New cadence").select_option("monthly")
    page.get_by_label("From").fill((began + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Change cadence").click()
    expect(page.get_by_text("Cadence changed")).to_be_visible()
    assert_accessible(page)
    assert schedule.cadences.order_by("-starts_on", "-pk").first().frequency == "monthly"
