"""A supervisor starts a work plan, fills it in and signs; the peer signs; the plan is locked."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from competencies.catalogues import FIXTURES_DIR
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_creates_a_plan_and_both_sign(
    page, live_server, sign_in, supervisor, peer, assert_accessible
):
    call_command("loaddata", str(FIXTURES_DIR / "work_plan_guide.json"), verbosity=0)
    start = timezone.localdate() + timedelta(days=2)
    sign_in(page, supervisor)
    page.get_by_role("button", name="My team").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work plans").click()
    assert_accessible(page)
    page.get_by_role("link", name="Start a work plan").click()
    assert_accessible(page)
    page.get_by_label("Employee").select_option(label=peer.get_full_name())
    page.get_by_label("Plan start date").fill(start.isoformat())
    page.get_by_label("Plan end date").fill((start + timedelta(days=89)).isoformat())
    page.get_by_role("button", name="Start the work plan").click()
    plan = WorkPlan.objects.get()
    page.wait_for_url(live_server.url + reverse("workplans:workplan-edit", args=[plan.pk]))
    # The toolkit's [EMPLOYEE] is the plan's own person.
    expect(
        page.get_by_text(f"{peer.first_name}, how will we know if this Plan is working?")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "group", name="Employee understands his/her role within the organization."
    ).get_by_role("radio", name="Yes").check()
    page.get_by_label("Practical needs").fill("A quiet desk after groups.")
    page.get_by_label("Meet once every").select_option(label="two weeks")
    page.get_by_label("Day").select_option(label="Thursday")
    page.get_by_label("Minutes").fill("30")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(live_server.url + reverse("workplans:workplan-detail", args=[plan.pk]))
    assert_accessible(page)

    page.get_by_role("link", name="Add a step").click()
    assert_accessible(page)
    page.get_by_label("Step").fill("Enroll in WRAP Seminar I.")
    page.get_by_label("Owner").select_option(label=peer.get_full_name())
    page.get_by_label("Due date").fill((start + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the step").click()
    expect(page.get_by_role("cell", name="Enroll in WRAP Seminar I.", exact=True)).to_be_visible()

    page.get_by_role("link", name="Sign the plan").click()
    assert_accessible(page)
    page.get_by_label("Type your full name to sign").fill("Not Me")
    page.get_by_role("button", name="Sign the plan").click()
    expect(
        page.get_by_text(f"Type your name as “{supervisor.get_full_name()}” to sign.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Type your full name to sign").fill(supervisor.get_full_name())
    page.get_by_role("button", name="Sign the plan").click()
    expect(page.get_by_text("The plan is agreed once you have both signed.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, peer)
    page.goto(live_server.url + reverse("workplans:workplan-detail", args=[plan.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Sign the plan").click()
    page.get_by_label("Type your full name to sign").fill(peer.get_full_name())
    page.get_by_label("Your comments (optional)").fill("Thank you for the support.")
    page.get_by_role("button", name="Sign the plan").click()
    expect(page.get_by_text("Signed. The plan is now agreed and locked.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the plan")).to_have_count(0)
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_text("Step marked done.")).to_be_visible()
    assert_accessible(page)

    plan.refresh_from_db()
    assert plan.is_locked and plan.needs_practical == "A quiet desk after groups."
    assert plan.employee_comments == "Thank you for the support."
    assert plan.answers.get(point__number=2).answer is True
    assert plan.steps.get().done_at is not None
