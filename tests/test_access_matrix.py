"""Role × view: every URL pattern answers each role as declared in tests/access.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from competencies.models import Alignment, CatalogueImport, Framework, Item
from evaluations.models import EvaluationPdf
from evaluations.services.pdf import pdf_path
from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation
from tests.trainings.conftest import matrix_kwargs as trainings_kwargs

from .access import EXPECTED, ROLES


def _named_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin site checks is_staff and its own permissions.
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_declared():
    names = set(_named_patterns())
    assert names - set(EXPECTED) == set(), "declare these URLs in tests/access.py"
    assert set(EXPECTED) - names == set(), "tests/access.py names URLs that no longer exist"
    for name, outcomes in EXPECTED.items():
        assert set(outcomes) == set(ROLES), name


def _workplan_world(peer, own_supervisor, evaluation) -> dict:
    from workplans.models import WorkPlanPdf
    from workplans.services.pdf import pdf_path as workplan_pdf_path
    from workplans.services.plans import (
        workplan_create,
        workplan_meeting_save,
        workplan_step_add,
    )

    plan = workplan_create(
        employee=peer,
        manager=own_supervisor,
        start_date=evaluation.period_end,
        end_date=evaluation.due_date,
        evaluation=evaluation,
    )
    step = workplan_step_add(
        plan=plan, by=own_supervisor, text="A step", owner=peer, due_date=evaluation.due_date
    )
    meeting = workplan_meeting_save(plan=plan, by=own_supervisor, date=evaluation.due_date)
    pdf = WorkPlanPdf.objects.create(
        plan=plan,
        requested_by=own_supervisor,
        plan_revision=plan.revision,
        status=WorkPlanPdf.Status.READY,
        file_name=f"matrix-{plan.pk}.pdf",
    )
    workplan_pdf_path(pdf).parent.mkdir(parents=True, exist_ok=True)
    workplan_pdf_path(pdf).write_bytes(b"%PDF-1.4 matrix test")
    on_plan = {"pk": plan.pk}
    return {
        "workplans:workplan-from-evaluation": {"evaluation_pk": evaluation.pk},
        "workplans:workplan-detail": on_plan,
        "workplans:workplan-edit": on_plan,
        "workplans:workplan-sign": on_plan,
        "workplans:workplan-step-create": on_plan,
        "workplans:workplan-meeting-create": on_plan,
        "workplans:workplan-pdf": on_plan,
        "workplans:workplan-step-done": {"pk": plan.pk, "step_pk": step.pk},
        "workplans:workplan-step-delete": {"pk": plan.pk, "step_pk": step.pk},
        "workplans:workplan-meeting-edit": {"pk": plan.pk, "meeting_pk": meeting.pk},
        "workplans:workplan-pdf-status": {"pk": plan.pk, "pdf_pk": pdf.pk},
        "workplans:workplan-pdf-download": {"pk": plan.pk, "pdf_pk": pdf.pk},
    }


def _onboarding_world(peer, supervisor, hr):
    from datetime import date

    from onboarding.models import Cadence, ChecklistTemplate, Holiday, QuestionSet
    from onboarding.services.checkins import check_in_record, checkin_schedule_create
    from onboarding.services.plans import onboarding_start

    template = ChecklistTemplate.objects.get(is_default=True)
    onboarding = onboarding_start(
        template=template,
        start_date=date(2026, 12, 7),
        employment_type="employee",
        supervisor=supervisor,
        by=hr,
        person=peer,
    )
    item = onboarding.items.first()
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, date(2026, 12, 7), None)],
    )
    check_in = check_in_record(
        schedule=schedule,
        by=supervisor,
        held_on=date(2026, 12, 7),
        question_set=QuestionSet.objects.get(code="wise-peer"),
        participants=[peer, supervisor],
        answers={},
    )
    holiday = Holiday.objects.create(date=date(2026, 12, 25), name="Christmas Day")
    on_item = {"pk": item.pk}
    return {
        "onboarding:onboarding-detail": {"pk": onboarding.pk},
        "onboarding:onboarding-cancel": {"pk": onboarding.pk},
        "onboarding:item-complete": on_item,
        "onboarding:item-not-applicable": on_item,
        "onboarding:item-reassign": on_item,
        "onboarding:item-reopen": on_item,
        "onboarding:template-edit": {"pk": template.pk},
        "onboarding:template-clone": {"pk": template.pk},
        "onboarding:holiday-delete": {"pk": holiday.pk},
        "onboarding:checkin-schedule-detail": {"pk": schedule.pk},
        "onboarding:checkin-schedule-cadence": {"pk": schedule.pk},
        "onboarding:checkin-record": {"pk": schedule.pk},
        "onboarding:checkin-detail": {"pk": check_in.pk},
    }


@pytest.fixture
def world(catalogues, make_person, admin_user):
    own_supervisor = make_person(Role.SUPERVISOR)
    peer = make_person(Role.PEER, supervisor=own_supervisor)
    item = Item.objects.get(framework__slug="samhsa", code="I.1")
    evaluation = make_submitted_evaluation(peer, own_supervisor)
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=own_supervisor,
        evaluation_revision=evaluation.revision,
        status=EvaluationPdf.Status.READY,
        file_name=f"matrix-{evaluation.pk}.pdf",
    )
    pdf_path(pdf).parent.mkdir(parents=True, exist_ok=True)
    pdf_path(pdf).write_bytes(b"%PDF-1.4 matrix test")
    on_evaluation = {"pk": evaluation.pk}
    workplan_kwargs = _workplan_world(peer, own_supervisor, evaluation)
    onboarding_kwargs = _onboarding_world(peer, own_supervisor, make_person(Role.HR))
    record = CatalogueImport.objects.create(
        created_by=admin_user, filename="x.csv", file_format="csv", content=""
    )
    return {
        "users": {
            "anonymous": None,
            "peer": peer,
            "other_supervisor": make_person(Role.SUPERVISOR),
            "own_supervisor": own_supervisor,
            "hr": make_person(Role.HR),
            "admin": admin_user,
        },
        "kwargs": {
            "people:person-detail": {"pk": peer.pk},
            "competencies:framework-detail": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:framework-export": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:item-detail": {"pk": item.pk},
            "competencies:import-detail": {"pk": record.pk},
            "competencies:import-apply": {"pk": record.pk},
            "competencies:import-discard": {"pk": record.pk},
            "competencies:alignment-create": {"pk": item.pk},
            "competencies:alignment-delete": {"pk": Alignment.objects.first().pk},
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
            "evaluations:peer-history": {"user_pk": peer.pk},
            **workplan_kwargs,
            **onboarding_kwargs,
            "evaluations:evaluation-pdf-status": {"pk": evaluation.pk, "pdf_pk": pdf.pk},
            "evaluations:evaluation-pdf-download": {"pk": evaluation.pk, "pdf_pk": pdf.pk},
            **trainings_kwargs(peer),
            **{
                name: on_evaluation
                for name in EXPECTED
                if name.startswith("evaluations:evaluation-")
                and name != "evaluations:evaluation-list"
                and name != "evaluations:evaluation-create"
                and "pdf-" not in name
            },
        },
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_is_declared(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    mismatches = []
    for name, outcomes in EXPECTED.items():
        if role != "anonymous" and name == "login":
            continue  # LoginView shows the form to a signed-in person too.
        url = reverse(name, kwargs=world["kwargs"].get(name))
        status = client.get(url).status_code
        if status != outcomes[role]:
            mismatches.append(f"{name} ({url}): expected {outcomes[role]}, got {status}")
    assert mismatches == []
