"""The demo: two agencies in one network, each with its own people, sharing one session."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.demo import DEMO_PASSWORD, demo_seed
from organisations.models import Organisation
from people.models import User
from trainings.models import Enrolment, Session

pytestmark = pytest.mark.usefixtures("catalogues")


def _signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def test_two_agencies_in_one_network():
    demo_seed()
    riverside, harbor = (Organisation.objects.get(slug=s) for s in ("riverside", "harbor"))
    assert riverside.network == harbor.network is not None
    assert User.objects.get(username="peer").organisation == riverside
    assert User.objects.get(username="harbor-peer").organisation == harbor
    county = User.objects.get(username="county")
    assert county.organisation is None and county.network == riverside.network


def test_each_agency_sees_only_its_own_people():
    demo_seed()
    riverside_people = _signed_in("hr").get(reverse("people:person-list")).content.decode()
    harbor_people = _signed_in("harbor-hr").get(reverse("people:person-list")).content.decode()
    assert "Morales" in riverside_people and "Haddad" not in riverside_people
    assert "Haddad" in harbor_people and "Morales" not in harbor_people


def test_one_network_session_shared_by_both_agencies():
    demo_seed()
    shared = Session.objects.get(network__isnull=False)
    people = set(shared.enrolments.values_list("person__username", flat=True))
    assert {"peer", "harbor-peer"} <= people
    harbor_view = _signed_in("harbor-peer").get(reverse("trainings:session-list"))
    assert shared.course.title in harbor_view.content.decode()
    # Harbor's HR sees its own people's enrolments in it, never Riverside's.
    with_scope = _signed_in("harbor-hr").get(reverse("trainings:session-detail", args=[shared.pk]))
    page = with_scope.content.decode()
    assert with_scope.status_code == 200
    assert "Morales" not in page
    harbor_enrolments = Enrolment.objects.filter(session=shared, person__username="harbor-peer")
    assert harbor_enrolments.exists()


def test_the_county_sees_figures_only():
    demo_seed()
    county = _signed_in("county")
    assert county.get(reverse("organisations:network-figures")).status_code == 200
    peer = User.objects.get(username="peer")
    assert county.get(reverse("people:person-detail", args=[peer.pk])).status_code in (403, 404)


def test_each_agency_has_its_own_holidays_checklist_questions_and_evaluation_template():
    from evaluations.models import EvaluationTemplate
    from home.demo.agencies import FIXED_HOLIDAYS, HOLIDAYS, OWN_CHECKLIST, OWN_QUESTIONS
    from onboarding.models import ChecklistTemplate, Holiday, QuestionSet

    demo_seed()
    today = timezone.localdate()
    for slug, other in (("riverside", "harbor"), ("harbor", "riverside")):
        organisation = Organisation.objects.get(slug=slug)
        closed = dict(Holiday.objects.filter(organisation=organisation).values_list("date", "name"))
        assert {name for *_, name in FIXED_HOLIDAYS} <= set(closed.values())
        # Its own days (one may fall on a fixed holiday, which then keeps its name).
        assert all(today + timedelta(days=days) in closed for _, days in HOLIDAYS[slug])
        assert not {name for name, _ in HOLIDAYS[other]} & set(closed.values())
        assert ChecklistTemplate.objects.filter(
            organisation=organisation, name=OWN_CHECKLIST
        ).exists()
        assert QuestionSet.objects.filter(organisation=organisation, code=OWN_QUESTIONS).exists()
        assert EvaluationTemplate.objects.filter(
            organisation=organisation, is_default=True
        ).exists()
    riverside_holidays = (
        _signed_in("admin").get(reverse("onboarding:holiday-list")).content.decode()
    )
    assert "Staff wellness day" in riverside_holidays
    assert "Community clean-up day" not in riverside_holidays
    # The newest peer's plan runs on Riverside's own checklist.
    newcomer = User.objects.get(username="peer4")
    assert newcomer.onboardings.get().template.organisation == newcomer.organisation
