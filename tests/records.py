"""One of each of a person's records, and the URL arguments that name them.

Shared by the role × URL matrix (tests/test_access_matrix.py) and the object-access
property test (tests/test_object_access_property.py): both call every URL that takes
a record, so both need the same records.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from evaluations.models import Evaluation, EvaluationPdf
from tests.documents import store_file
from tests.evaluations.conftest import make_submitted_evaluation, new_evaluation
from tests.revisions import current_revision
from tests.trainings.conftest import enrol, make_session
from trainings.models import Enrolment, Session, TrainingPdf


@dataclass
class Records:
    evaluation: Evaluation
    evaluation_pdf: EvaluationPdf
    plan: object
    step: object
    meeting: object
    plan_pdf: object
    onboarding: object
    item: object
    schedule: object
    check_in: object
    session: Session
    enrolment: Enrolment
    transcript_pdf: TrainingPdf


def person_records(peer, supervisor, hr, *, draft=False, session=None) -> Records:
    """For ``peer``, made by ``supervisor`` (and ``hr``): an evaluation (submitted unless
    ``draft``) with a ready PDF, a work plan from it with a step, a meeting and a PDF, an
    onboarding, a check-in schedule with a check-in, and a completed enrolment (in
    ``session`` if given) with a transcript PDF."""
    from onboarding.models import Cadence, ChecklistTemplate, QuestionSet
    from onboarding.services.checkins import check_in_record, checkin_schedule_create
    from onboarding.services.plans import onboarding_start
    from workplans.models import WorkPlanPdf
    from workplans.services.plans import (
        workplan_create,
        workplan_meeting_save,
        workplan_step_add,
    )

    evaluation = (new_evaluation if draft else make_submitted_evaluation)(peer, supervisor)
    evaluation_pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=supervisor,
        evaluation_revision=evaluation.revision,
        status=EvaluationPdf.Status.READY,
        file_name=f"access-evaluation-{evaluation.pk}.pdf",
    )
    store_file(evaluation_pdf)

    plan = workplan_create(
        employee=peer,
        manager=supervisor,
        start_date=evaluation.period_end,
        end_date=evaluation.due_date,
        evaluation=evaluation,
    )
    step = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="A step",
        owner=peer,
        due_date=evaluation.due_date,
    )
    meeting = workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=evaluation.due_date
    )
    plan_pdf = WorkPlanPdf.objects.create(
        plan=plan,
        requested_by=supervisor,
        plan_revision=plan.revision,
        status=WorkPlanPdf.Status.READY,
        file_name=f"access-plan-{plan.pk}.pdf",
    )
    store_file(plan_pdf)

    check_in_day = timezone.localdate() + timedelta(days=14)
    onboarding = onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=check_in_day,
        employment_type="employee",
        supervisor=supervisor,
        by=hr,
        person=peer,
    )
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, check_in_day, None)],
    )
    check_in = check_in_record(
        schedule=schedule,
        by=supervisor,
        # A check-in is recorded once held: today, ahead of the schedule's first due date.
        held_on=timezone.localdate(),
        question_set=QuestionSet.objects.get(code="wise-peer"),
        participants=[peer, supervisor],
        answers={},
    )

    session = session or make_session(hr)
    enrolment = enrol(session, peer)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    transcript_pdf = TrainingPdf.objects.create(
        kind=TrainingPdf.Kind.TRANSCRIPT,
        person=peer,
        requested_by=peer,
        status=TrainingPdf.Status.READY,
        file_name=f"access-transcript-{peer.pk}.pdf",
    )
    store_file(transcript_pdf)
    return Records(
        evaluation=evaluation,
        evaluation_pdf=evaluation_pdf,
        plan=plan,
        step=step,
        meeting=meeting,
        plan_pdf=plan_pdf,
        onboarding=onboarding,
        item=onboarding.items.first(),
        schedule=schedule,
        check_in=check_in,
        session=session,
        enrolment=enrolment,
        transcript_pdf=transcript_pdf,
    )


def record_url_kwargs(peer, records: Records, names) -> dict[str, dict]:
    """URL name -> kwargs naming ``peer``'s record, for each of ``names`` that takes one."""
    r = records
    on_person, on_item = {"user_pk": peer.pk}, {"pk": r.item.pk}
    named = {
        "people:person-detail": {"pk": peer.pk},
        "people:person-edit": {"pk": peer.pk},
        "people:person-leave": {"pk": peer.pk},
        "people:person-invite-again": {"pk": peer.pk},
        "evaluations:peer-history": on_person,
        "evaluations:evaluation-pdf-status": {"pk": r.evaluation.pk, "pdf_pk": r.evaluation_pdf.pk},
        "evaluations:evaluation-pdf-download": {
            "pk": r.evaluation.pk,
            "pdf_pk": r.evaluation_pdf.pk,
        },
        "workplans:workplan-from-evaluation": {"evaluation_pk": r.evaluation.pk},
        "workplans:workplan-step-done": {"pk": r.plan.pk, "step_pk": r.step.pk},
        "workplans:workplan-step-delete": {"pk": r.plan.pk, "step_pk": r.step.pk},
        "workplans:workplan-meeting-edit": {"pk": r.plan.pk, "meeting_pk": r.meeting.pk},
        "workplans:workplan-pdf-status": {"pk": r.plan.pk, "pdf_pk": r.plan_pdf.pk},
        "workplans:workplan-pdf-download": {"pk": r.plan.pk, "pdf_pk": r.plan_pdf.pk},
        "onboarding:onboarding-detail": {"pk": r.onboarding.pk},
        "onboarding:onboarding-cancel": {"pk": r.onboarding.pk},
        "onboarding:item-complete": on_item,
        "onboarding:item-not-applicable": on_item,
        "onboarding:item-reassign": on_item,
        "onboarding:item-reopen": on_item,
        "onboarding:checkin-schedule-detail": {"pk": r.schedule.pk},
        "onboarding:checkin-schedule-cadence": {"pk": r.schedule.pk},
        "onboarding:checkin-record": {"pk": r.schedule.pk},
        "onboarding:checkin-detail": {"pk": r.check_in.pk},
        "trainings:transcript": on_person,
        "trainings:transcript-csv": on_person,
        "trainings:transcript-pdf": on_person,
        "trainings:suggestions": on_person,
        "trainings:pdf-status": {"pk": r.transcript_pdf.pk},
        "trainings:pdf-download": {"pk": r.transcript_pdf.pk},
        "trainings:enrolment-certificate": {"pk": r.enrolment.pk},
        "trainings:enrolment-cancel": {"pk": r.enrolment.pk},
    }
    kwargs = {}
    for name in names:
        if name in named:
            kwargs[name] = named[name]
        elif name.startswith("evaluations:evaluation-") and name not in (
            "evaluations:evaluation-list",
            "evaluations:evaluation-create",
        ):
            kwargs[name] = {"pk": r.evaluation.pk}
        elif name.startswith("workplans:workplan-") and name not in (
            "workplans:workplan-list",
            "workplans:workplan-create",
        ):
            kwargs[name] = {"pk": r.plan.pk}
    return kwargs


@dataclass
class AgencyRecords:
    """What an agency owns that is not one person's: its holiday, its own checklist, its
    own framework with an item, and an alignment from that item to a shared one."""

    holiday: object
    template: object
    framework: object
    item: object
    alignment: object


def agency_records(organisation, *, on_day) -> AgencyRecords:
    """One of each of ``organisation``'s own records (the shared catalogues loaded)."""
    from competencies.models import Alignment, Item
    from competencies.services.catalogue_files import parse_csv
    from competencies.services.catalogue_import import catalogue_apply
    from onboarding.models import ChecklistTemplate
    from onboarding.services.calendar import holiday_create
    from onboarding.services.templates import checklist_template_clone

    slug = f"own-{organisation.slug}"
    csv = (
        "framework,domain_code,domain_title,item_code,item_text,order\n"
        f"{slug},1,Listening,1.1,Listens with careful attention,1\n"
    )
    catalogue_apply(data=parse_csv(csv.encode()), organisation=organisation)
    item = Item.objects.get(framework__slug=slug, code="1.1")
    return AgencyRecords(
        holiday=holiday_create(organisation=organisation, date=on_day, name="Agency retreat"),
        template=checklist_template_clone(
            template=ChecklistTemplate.objects.get(organisation__isnull=True, is_default=True),
            name=f"{organisation.name} onboarding",
            program=None,
            organisation=organisation,
        ),
        framework=item.framework,
        item=item,
        alignment=Alignment.objects.create(
            source_item=item, target_item=Item.objects.get(framework__slug="samhsa", code="I.1")
        ),
    )


def agency_url_kwargs(records: AgencyRecords) -> dict[str, dict]:
    """URL name -> kwargs naming ``records``, for every URL that takes an agency's own record."""
    return {
        "competencies:framework-detail": {"pk": records.framework.pk},
        "competencies:framework-export": {"pk": records.framework.pk},
        "competencies:item-detail": {"pk": records.item.pk},
        "competencies:alignment-create": {"pk": records.item.pk},
        "competencies:alignment-delete": {"pk": records.alignment.pk},
        "onboarding:template-edit": {"pk": records.template.pk},
        "onboarding:template-clone": {"pk": records.template.pk},
        "onboarding:holiday-delete": {"pk": records.holiday.pk},
    }
