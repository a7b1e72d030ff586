"""The pictures at 1366×768: the whole team heatmap is seen, nothing scrolls sideways, axe finds nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationItem, Rating
from onboarding.models import ChecklistTemplate
from onboarding.services.plans import onboarding_start
from people.models import StaffProfile
from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation
from tests.trainings.conftest import _complete_for_views

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 768}


def _sideways(page, selector="html") -> dict:
    return page.eval_on_selector(
        selector,
        "e => ({scroll: e.scrollWidth, client: e.clientWidth,"
        " right: e.getBoundingClientRect().right, viewport: window.innerWidth})",
    )


def test_supervisor_sees_the_whole_heatmap_at_1366(
    page, live_server, sign_in, catalogues, supervisor, make_person, assert_accessible
):
    for n in range(8):
        person = make_person(Role.PEER, supervisor=supervisor)
        type(person).objects.filter(pk=person.pk).update(
            first_name=f"Maximiliana-{n}", last_name="Oyelaran-Villanueva"
        )
        evaluation = make_submitted_evaluation(person, supervisor)
        if n % 3 == 0:
            EvaluationItem.objects.filter(
                section__evaluation=evaluation, section__code__in=["III", "XII"]
            ).update(rating=Rating.DEVELOPING)
    page.set_viewport_size(DESKTOP)
    sign_in(page, supervisor)
    page.goto(live_server.url + reverse("evaluations:team-summary"))
    heatmap = page.get_by_role("img", name="My team: average rating by category")
    assert heatmap.is_visible()
    # Column XII, the last, is drawn inside the window, and the page does not scroll sideways.
    box = heatmap.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"]
    last_column = page.locator("#team-heatmap text", has_text="XII").bounding_box()
    assert last_column["x"] + last_column["width"] <= DESKTOP["width"]
    html = _sideways(page)
    assert html["scroll"] <= html["client"], html
    # Nor does the table of the same numbers scroll within its box.
    table = _sideways(page, ".table-responsive")
    assert table["scroll"] <= table["client"], table
    assert_accessible(page)
    assert_accessible(page)

    page.goto(live_server.url + reverse("evaluations:peer-history", args=[person.pk]))
    assert page.get_by_role("img", name="Ratings over time, by category").is_visible()
    html = _sideways(page)
    assert html["scroll"] <= html["client"], html
    assert_accessible(page)


def test_onboarding_and_transcript_pictures_pass_axe(
    page, live_server, sign_in, catalogues, hr_user, supervisor, peer, assert_accessible
):
    today = timezone.localdate()
    onboarding = onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=today + timedelta(days=7 - today.weekday()),
        employment_type=StaffProfile.EmploymentType.EMPLOYEE,
        supervisor=supervisor,
        by=hr_user,
        person=None,
        first_name="Avery",
        last_name="Quinn",
        email="avery.quinn@example.org",
    )
    _complete_for_views(hr_user, peer)
    page.set_viewport_size(DESKTOP)
    sign_in(page, hr_user)
    page.goto(live_server.url + reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    assert page.get_by_role("img", name="Onboarding progress by phase").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("trainings:transcript", args=[peer.pk]))
    assert page.get_by_role("img", name="Training hours by course group and year").is_visible()
    assert_accessible(page)
