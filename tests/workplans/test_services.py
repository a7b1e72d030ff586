"""Work plan services: creation, the checklist, steps, meetings, signing and the lock."""

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from competencies.catalogues import FIXTURES_DIR
from core.errors import ApplicationError
from evaluations.models import EvaluationItem, EvaluationSection, Rating
from people.roles import Role
from tests.clock import frozen
from tests.evaluations.conftest import make_submitted_evaluation, new_evaluation
from tests.revisions import current_revision
from workplans.models import ChecklistAnswer, GuidePoint, GuideSection, ImmediateStep, WorkPlan
from workplans.rules import LOCKED_MESSAGE
from workplans.services.plans import (
    signed_text_fingerprint,
    workplan_create_from_evaluation,
    workplan_meeting_save,
    workplan_sign,
    workplan_step_add,
    workplan_step_mark,
    workplan_step_remove,
    workplan_update,
)

from .conftest import END, START, load_guide, new_plan, sign_both

pytestmark = [frozen, pytest.mark.django_db]


def test_guide_fixture_is_the_source_text_and_loads_twice_without_change(db):
    load_guide()
    first = list(GuidePoint.objects.values_list("pk", "number", "text"))
    sections = list(GuideSection.objects.values_list("pk", "numeral", "title", "prompts"))
    load_guide()
    assert list(GuidePoint.objects.values_list("pk", "number", "text")) == first
    assert list(GuideSection.objects.values_list("pk", "numeral", "title", "prompts")) == sections
    assert len(first) == 14
    assert [s[1] for s in sections] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert first[0][2] == "Employee is making satisfactory overall progress in his/her position."
    assert GuideSection.objects.get(numeral="VII").prompts == [
        "[EMPLOYEE], we will meet once every [TIME PERIOD] for [NUMBER] minutes to discuss "
        "this Plan, other barriers to your success, and any new issues that may arise."
    ]
    fixture = json.loads((FIXTURES_DIR / "work_plan_guide.json").read_text())
    assert all("pk" not in entry for entry in fixture)  # natural keys only


def test_load_catalogues_loads_the_guide(db):
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
    assert GuidePoint.objects.count() == 14 and GuideSection.objects.count() == 8


def test_create_starts_an_unanswered_checklist(guide, peer, supervisor):
    plan = new_plan(peer, supervisor)
    assert (plan.employee, plan.manager, plan.start_date, plan.end_date) == (
        peer,
        supervisor,
        START,
        END,
    )
    answers = ChecklistAnswer.objects.filter(plan=plan)
    assert answers.count() == 14 and not answers.exclude(answer=None).exists()
    assert not plan.is_locked


def test_create_is_refused_for_someone_who_does_not_report_to_the_manager(
    guide, peer, other_supervisor
):
    with pytest.raises(ApplicationError) as exc:
        new_plan(peer, other_supervisor)
    assert "does not report to you" in exc.value.errors["employee"][0]
    assert not WorkPlan.objects.exists()


def test_create_is_refused_without_the_supervisor_role(guide, make_person):
    hr = make_person(Role.HR)
    report = make_person(Role.PEER, supervisor=hr)
    with pytest.raises(ApplicationError, match="Only supervisors"):
        new_plan(report, hr)


def test_create_refuses_dates_out_of_order_and_saves_nothing(guide, peer, supervisor):
    with pytest.raises(ApplicationError) as exc:
        new_plan(peer, supervisor, start_date=date(2027, 1, 1), end_date=date(2026, 12, 1))
    assert exc.value.errors == {"end_date": ["The plan must end on or after its start date."]}
    assert not WorkPlan.objects.exists() and not ChecklistAnswer.objects.exists()


def test_create_needs_the_guide(peer, supervisor):
    with pytest.raises(ApplicationError, match="load_catalogues"):
        new_plan(peer, supervisor)


def _mark_developing(evaluation, codes, comment):
    items = EvaluationItem.objects.filter(section__evaluation=evaluation, code__in=codes)
    items.update(rating=Rating.DEVELOPING)
    EvaluationSection.objects.filter(items__in=items).update(comment=comment)
    return list(items.order_by("section__order", "order"))


def test_from_evaluation_lists_developing_items_with_the_category_comment(
    catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    items = _mark_developing(evaluation, ["III.2", "V.1"], "Practising story sharing.")
    plan = workplan_create_from_evaluation(
        evaluation=evaluation, by=supervisor, start_date=START, end_date=END
    )
    assert plan.evaluation == evaluation and plan.employee == peer
    lines = plan.performance_issues.splitlines()
    assert lines[0] == f"{items[0].code} {items[0].text}"
    assert lines[1] == "Category III comment: Practising story sharing."
    assert lines[3] == f"{items[1].code} {items[1].text}"
    assert lines[4] == "Category V comment: Practising story sharing."


def test_from_evaluation_refuses_drafts_and_evaluations_without_developing_items(
    catalogues, peer, supervisor
):
    draft = new_evaluation(peer, supervisor)
    with pytest.raises(ApplicationError, match="Submit the evaluation"):
        workplan_create_from_evaluation(
            evaluation=draft, by=supervisor, start_date=START, end_date=END
        )
    submitted = make_submitted_evaluation(peer, supervisor, period_start=date(2025, 8, 1))
    with pytest.raises(ApplicationError, match="no items rated Developing"):
        workplan_create_from_evaluation(
            evaluation=submitted, by=supervisor, start_date=START, end_date=END
        )


def test_from_evaluation_by_another_supervisor_is_refused(
    catalogues, peer, supervisor, other_supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    _mark_developing(evaluation, ["III.2"], "Growing here.")
    with pytest.raises(ApplicationError):
        workplan_create_from_evaluation(
            evaluation=evaluation, by=other_supervisor, start_date=START, end_date=END
        )


def test_update_saves_checklist_and_sections(plan, supervisor):
    points = list(GuidePoint.objects.values_list("pk", flat=True))
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={points[0]: True, points[1]: False},
        needs_practical="A quiet desk.",
        meeting_every=WorkPlan.Frequency.TWO_WEEKS,
        meeting_day=WorkPlan.Weekday.THURSDAY,
        meeting_time=time(10, 0),
        meeting_minutes=30,
    )
    plan.refresh_from_db()
    assert plan.needs_practical == "A quiet desk." and plan.meeting_minutes == 30
    answers = dict(plan.answers.values_list("point_id", "answer"))
    assert answers[points[0]] is True and answers[points[1]] is False
    assert answers[points[2]] is None


def test_only_the_manager_updates(plan, peer, hr_user):
    for person in (peer, hr_user):
        with pytest.raises(ApplicationError, match="the plan's manager"):
            workplan_update(
                revision=current_revision(plan),
                plan=plan,
                by=person,
                answers={},
                overview="Mine now.",
            )
    plan.refresh_from_db()
    assert plan.overview == ""


def test_update_withdraws_signatures_given_for_the_old_text(plan, supervisor):
    workplan_sign(
        fingerprint=signed_text_fingerprint(plan),
        plan=plan,
        by=supervisor,
        signature=supervisor.get_full_name(),
    )
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={},
        contribution="New commitment.",
    )
    plan.refresh_from_db()
    assert plan.manager_signed_at is None and plan.manager_signature == ""


def test_steps_have_owners_and_due_dates(plan, peer, supervisor, other_supervisor):
    step = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Enroll in WRAP Seminar I.",
        owner=peer,
        due_date=START,
    )
    workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Book a quiet room.",
        owner=supervisor,
        due_date=START,
    )
    assert step.owner == peer and step.due_date == START
    with pytest.raises(ApplicationError) as exc:
        workplan_step_add(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            text="Someone else's.",
            owner=other_supervisor,
            due_date=START,
        )
    assert "owner" in exc.value.errors
    with pytest.raises(ApplicationError) as exc:
        workplan_step_add(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            text="  ",
            owner=peer,
            due_date=START,
        )
    assert "text" in exc.value.errors
    with pytest.raises(ApplicationError):
        workplan_step_add(
            revision=current_revision(plan),
            plan=plan,
            by=peer,
            text="Mine.",
            owner=peer,
            due_date=START,
        )
    assert ImmediateStep.objects.filter(plan=plan).count() == 2


def test_step_done_by_its_owner_or_the_manager_only(plan, peer, supervisor):
    mine = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Mine.",
        owner=peer,
        due_date=START,
    )
    theirs = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Theirs.",
        owner=supervisor,
        due_date=START,
    )
    assert (
        workplan_step_mark(revision=current_revision(mine), step=mine, by=peer, done=True).done_at
        is not None
    )
    with pytest.raises(ApplicationError, match="step's owner"):
        workplan_step_mark(revision=current_revision(theirs), step=theirs, by=peer, done=True)
    assert (
        workplan_step_mark(
            revision=current_revision(mine), step=mine, by=supervisor, done=False
        ).done_at
        is None
    )


def test_signing_with_a_name_that_is_not_yours_is_refused(plan, peer, supervisor):
    with pytest.raises(ApplicationError) as exc:
        workplan_sign(
            fingerprint=signed_text_fingerprint(plan),
            plan=plan,
            by=peer,
            signature=supervisor.get_full_name(),
        )
    assert exc.value.errors == {
        "signature": [f"Type your name as “{peer.get_full_name()}” to sign."]
    }
    with pytest.raises(ApplicationError):
        workplan_sign(
            fingerprint=signed_text_fingerprint(plan), plan=plan, by=peer, signature="   "
        )
    plan.refresh_from_db()
    assert plan.employee_signed_at is None


def test_signing_folds_case_and_spaces_and_keeps_the_employees_comments(plan, peer):
    typed = "  " + peer.get_full_name().upper().replace(" ", "   ") + " "
    plan = workplan_sign(
        fingerprint=signed_text_fingerprint(plan),
        plan=plan,
        by=peer,
        signature=typed,
        comments="Thank you.",
    )
    assert plan.employee_signature == " ".join(typed.split())
    assert plan.employee_comments == "Thank you." and not plan.is_locked


def test_only_the_two_people_sign_and_each_once(plan, supervisor, hr_user):
    with pytest.raises(ApplicationError, match="Only the employee and the manager"):
        workplan_sign(
            fingerprint=signed_text_fingerprint(plan),
            plan=plan,
            by=hr_user,
            signature=hr_user.get_full_name(),
        )
    workplan_sign(
        fingerprint=signed_text_fingerprint(plan),
        plan=plan,
        by=supervisor,
        signature=supervisor.get_full_name(),
    )
    with pytest.raises(ApplicationError, match="already signed"):
        workplan_sign(
            fingerprint=signed_text_fingerprint(plan),
            plan=plan,
            by=supervisor,
            signature=supervisor.get_full_name(),
        )


def test_after_both_signed_the_plan_is_locked_except_meetings_and_steps_done(
    plan, peer, supervisor
):
    step = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Mine.",
        owner=peer,
        due_date=START,
    )
    plan = sign_both(plan)
    assert plan.is_locked
    with pytest.raises(ApplicationError) as exc:
        workplan_update(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            answers={},
            overview="Changed.",
        )
    assert str(exc.value) == LOCKED_MESSAGE
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        workplan_step_add(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            text="More.",
            owner=peer,
            due_date=START,
        )
    with pytest.raises(ApplicationError, match="can no longer be changed"):
        workplan_step_remove(revision=current_revision(step), step=step, by=supervisor)
    assert (
        workplan_step_mark(revision=current_revision(step), step=step, by=peer, done=True).done_at
        is not None
    )
    meeting = workplan_meeting_save(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        date=date(2026, 12, 10),
        notes="Steps on track.",
        employee_attended=True,
        manager_attended=True,
    )
    plan.refresh_from_db()
    assert meeting.notes == "Steps on track." and plan.is_locked and plan.overview == ""


def test_meetings_are_planned_then_recorded_by_the_manager(plan, peer, supervisor):
    meeting = workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=date(2026, 12, 10)
    )
    assert meeting.notes == "" and not meeting.employee_attended
    meeting = workplan_meeting_save(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        meeting=meeting,
        date=date(2026, 12, 10),
        notes="We talked about barriers.",
        employee_attended=True,
        manager_attended=True,
        others_attending="A peer mentor",
    )
    meeting.refresh_from_db()
    assert (
        meeting.notes == "We talked about barriers." and meeting.others_attending == "A peer mentor"
    )
    assert plan.meetings.count() == 1
    with pytest.raises(ApplicationError):
        workplan_meeting_save(
            revision=current_revision(plan), plan=plan, by=peer, date=date(2026, 12, 11)
        )


def test_section_vii_schedules_meetings_within_the_plan(plan, supervisor):
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={},
        start_date=date(2026, 12, 1),  # a Tuesday
        end_date=date(2026, 12, 31),
        meeting_every=WorkPlan.Frequency.TWO_WEEKS,
        meeting_day=WorkPlan.Weekday.THURSDAY,
    )
    plan.refresh_from_db()
    assert plan.scheduled_meeting_dates() == [
        date(2026, 12, 3),
        date(2026, 12, 17),
        date(2026, 12, 31),
    ]


def test_demo_plan_for_peer2_is_made_once(catalogues):
    from home.demo import demo_seed
    from workplans.demo import demo_workplans

    today = date(2026, 11, 23)
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Los_Angeles"))):
        demo_seed()
        plan = demo_workplans(today=today)
        assert plan.employee.username == "peer2" and plan.manager.username == "supervisor"
        assert plan.evaluation is not None and plan.performance_issues
        assert plan.steps.count() == 2
        assert demo_workplans(today=today) == plan
        assert WorkPlan.objects.count() == 1
