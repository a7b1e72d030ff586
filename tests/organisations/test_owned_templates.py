"""Holidays, checklists, check-in questions and evaluation templates: each agency's own.

The shared catalogue's checklist and question sets (no organisation) are every agency's;
what an agency makes is its own, and another agency neither sees nor uses it."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from evaluations.models import EvaluationTemplate
from evaluations.services.evaluations import evaluation_create
from evaluations.services.templates import evaluation_template_default
from onboarding.models import ChecklistTemplate, Holiday, QuestionSet
from onboarding.selectors import question_sets_for
from onboarding.services.calendar import closed_days, holiday_create
from onboarding.services.checkins import (
    check_in_record,
    checkin_schedule_create,
    question_set_clone,
)
from onboarding.services.plans import onboarding_start
from onboarding.services.templates import checklist_template_clone
from organisations.scoping import organisation_scope
from people.roles import Role
from tests.clock import frozen

from .conftest import no_scope, person_in

pytestmark = [frozen, pytest.mark.usefixtures("catalogues")]


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _shared_checklist():
    return ChecklistTemplate.objects.get(organisation__isnull=True, is_default=True)


def _shared_questions():
    return QuestionSet.objects.get(organisation__isnull=True, code="wise-peer")


@pytest.fixture
def agencies(org_a, org_b):
    """An admin, HR, a supervisor and a peer in each agency."""
    people = {}
    for key, organisation in (("a", org_a), ("b", org_b)):
        supervisor = person_in(organisation, Role.SUPERVISOR)
        people[key] = {
            "organisation": organisation,
            "admin": person_in(organisation, Role.PROGRAM_ADMIN),
            "hr": person_in(organisation, Role.HR),
            "supervisor": supervisor,
            "peer": person_in(organisation, Role.PEER, supervisor=supervisor),
        }
    return people


def test_an_agencys_checklist_is_its_own_and_the_shared_one_is_everyones(agencies):
    a, b = agencies["a"], agencies["b"]
    own = checklist_template_clone(
        template=_shared_checklist(),
        name="Our onboarding",
        program=None,
        organisation=a["organisation"],
    )
    with no_scope(), organisation_scope(a["organisation"]):
        assert set(ChecklistTemplate.objects.all()) == {own, _shared_checklist()}
    with no_scope(), organisation_scope(b["organisation"]):
        assert list(ChecklistTemplate.objects.all()) == [_shared_checklist()]

    page = _signed_in(b["admin"]).get(reverse("onboarding:template-list")).content.decode()
    assert "Our onboarding" not in page and "WISE recommended peer onboarding" in page
    for name in ("onboarding:template-edit", "onboarding:template-clone"):
        client = _signed_in(b["admin"])
        url = reverse(name, args=[own.pk])
        response = client.get(url) if name.endswith("edit") else client.post(url, {"name": "X"})
        assert response.status_code == 404, name
    page = _signed_in(a["admin"]).get(reverse("onboarding:template-list")).content.decode()
    assert "Our onboarding" in page


def test_two_agencies_may_give_their_checklists_one_name(agencies):
    for key in ("a", "b"):
        checklist_template_clone(
            template=_shared_checklist(),
            name="Our onboarding",
            program=None,
            organisation=agencies[key]["organisation"],
        )
    assert ChecklistTemplate.objects.filter(name="Our onboarding").count() == 2
    with pytest.raises(ApplicationError, match="already exists"):
        checklist_template_clone(
            template=_shared_checklist(),
            name="our ONBOARDING",
            program=None,
            organisation=agencies["a"]["organisation"],
        )


def test_another_agencys_checklist_is_neither_copied_nor_used(agencies):
    a, b = agencies["a"], agencies["b"]
    own = checklist_template_clone(
        template=_shared_checklist(),
        name="Our onboarding",
        program=None,
        organisation=a["organisation"],
    )
    with pytest.raises(ApplicationError, match="your agency's checklists"):
        checklist_template_clone(
            template=own, name="Taken", program=None, organisation=b["organisation"]
        )
    with pytest.raises(ApplicationError, match="your agency's checklists"):
        onboarding_start(
            template=own,
            start_date=timezone.localdate() + timedelta(days=14),
            employment_type="employee",
            supervisor=b["supervisor"],
            by=b["hr"],
            person=b["peer"],
        )
    assert not ChecklistTemplate.objects.filter(name="Taken").exists()


def test_a_program_of_another_agency_is_refused_for_a_copy(agencies):
    from tests.factories import ProgramFactory

    with pytest.raises(ApplicationError, match="your agency's programs"):
        checklist_template_clone(
            template=_shared_checklist(),
            name="Theirs",
            program=ProgramFactory(organisation=agencies["b"]["organisation"]),
            organisation=agencies["a"]["organisation"],
        )


def test_each_agency_closes_on_its_own_holidays(agencies):
    a, b = agencies["a"], agencies["b"]
    # A Wednesday, so the weekend plays no part.
    day = date(2026, 12, 16)
    holiday = holiday_create(organisation=a["organisation"], date=day, name="Agency retreat")
    # The same day may be another agency's holiday too.
    holiday_create(organisation=b["organisation"], date=day, name="Staff day")
    other_day = date(2026, 12, 17)
    holiday_create(organisation=b["organisation"], date=other_day, name="Founders' day")
    week = (day - timedelta(days=7), day + timedelta(days=7))
    assert closed_days(*week, organisation_id=a["organisation"].pk) == {day}
    assert closed_days(*week, organisation_id=b["organisation"].pk) == {day, other_day}

    page = _signed_in(b["admin"]).get(reverse("onboarding:holiday-list")).content.decode()
    assert "Staff day" in page and "Agency retreat" not in page
    response = _signed_in(b["admin"]).post(reverse("onboarding:holiday-delete", args=[holiday.pk]))
    assert response.status_code == 404 and Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_holiday_added_in_the_browser_is_the_admins_agencys(agencies):
    b = agencies["b"]
    response = _signed_in(b["admin"]).post(
        reverse("onboarding:holiday-list"), {"date": "2026-12-24", "name": "Closed early"}
    )
    assert response.status_code == 302
    assert Holiday.objects.get(name="Closed early").organisation == b["organisation"]


def test_a_plans_due_dates_avoid_its_own_agencys_holidays_only(agencies):
    a, b = agencies["a"], agencies["b"]
    start = date(2026, 12, 14)  # a Monday
    holiday_create(organisation=a["organisation"], date=start, name="Agency retreat")
    plan = onboarding_start(
        template=_shared_checklist(),
        start_date=start,
        employment_type="employee",
        supervisor=b["supervisor"],
        by=b["hr"],
        person=b["peer"],
        started_on=start - timedelta(days=30),
    )
    # Agency A's holiday is no closure of agency B's: its day-one steps stay on the day.
    assert plan.items.filter(phase="day_one", due_date=start).exists()


def test_an_agencys_question_set_is_its_own(agencies):
    a, b = agencies["a"], agencies["b"]
    own = question_set_clone(
        question_set=_shared_questions(),
        organisation=a["organisation"],
        code="our-peer",
        name="Our questions",
    )
    assert own.questions.count() == _shared_questions().questions.count()
    with no_scope(), organisation_scope(a["organisation"]):
        assert own in question_sets_for(person=a["peer"])
    with no_scope(), organisation_scope(b["organisation"]):
        assert own not in question_sets_for(person=b["peer"])
        assert _shared_questions() in question_sets_for(person=b["peer"])

    schedule = checkin_schedule_create(
        person=b["peer"],
        supervisor=b["supervisor"],
        by=b["supervisor"],
        cadences=[("weekly", timezone.localdate(), None)],
    )
    with pytest.raises(ApplicationError, match="your agency's question sets"):
        check_in_record(
            schedule=schedule,
            by=b["supervisor"],
            held_on=timezone.localdate(),
            question_set=own,
            participants=[b["peer"], b["supervisor"]],
            answers={},
        )
    with pytest.raises(ApplicationError, match="your agency's question sets"):
        question_set_clone(
            question_set=own, organisation=b["organisation"], code="theirs", name="Theirs"
        )


def test_each_agency_has_its_own_evaluation_templates(agencies):
    a, b = agencies["a"], agencies["b"]
    template_a = evaluation_template_default(organisation=a["organisation"])
    template_b = evaluation_template_default(organisation=b["organisation"])
    # Made from the same shared framework, under one name, but two agencies' own.
    assert template_a != template_b and template_a.name == template_b.name
    assert (template_a.organisation, template_b.organisation) == (
        a["organisation"],
        b["organisation"],
    )
    with no_scope(), organisation_scope(b["organisation"]):
        assert list(EvaluationTemplate.objects.all()) == [template_b]

    with pytest.raises(ApplicationError, match="your agency's evaluation templates"):
        evaluation_create(
            template=template_a,
            peer=b["peer"],
            by=b["supervisor"],
            kind="annual",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 11, 30),
            due_date=date(2026, 12, 31),
        )


def test_the_template_list_and_form_offer_the_agencys_own_only(agencies):
    a, b = agencies["a"], agencies["b"]
    from competencies.models import Framework
    from evaluations.services.templates import evaluation_template_create

    evaluation_template_create(
        organisation=a["organisation"],
        name="Crisis line peer",
        framework=Framework.objects.get(slug="samhsa"),
    )
    evaluation_template_default(organisation=b["organisation"])
    page = _signed_in(b["admin"]).get(reverse("evaluations:template-list")).content.decode()
    assert "Crisis line peer" not in page
    form = _signed_in(b["supervisor"]).get(reverse("evaluations:evaluation-create"))
    offered = set(form.context["form"].fields["template"].queryset)
    assert offered == {evaluation_template_default(organisation=b["organisation"])}
