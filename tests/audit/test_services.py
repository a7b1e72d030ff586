"""What reaches the audit trail, and who and where it names."""

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationItem, Rating
from people.roles import Role
from tests.clock import at_agency, frozen
from tests.evaluations.conftest import load, make_submitted_evaluation, new_evaluation
from tests.revisions import current_revision
from tests.workplans.conftest import load_guide, new_plan
from workplans.models import WorkPlan
from workplans.services.plans import workplan_update

pytestmark = [frozen, pytest.mark.django_db]


def entries_for(instance, **filters):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_pk=str(instance.pk),
        **filters,
    )


def test_a_rating_saved_through_the_form_is_recorded_with_person_and_address(
    client, catalogues, peer, supervisor
):
    evaluation = load(new_evaluation(peer, supervisor))
    item = evaluation.sections_list[0].items_list[0]
    client.force_login(supervisor)
    response = client.post(
        reverse("evaluations:evaluation-edit", args=[evaluation.pk]),
        {f"rating_{item.pk}": Rating.DEVELOPING, "revision": evaluation.revision},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    entry = entries_for(evaluation, action=LogEntry.Action.UPDATE).get(
        changes__has_key=f"{item.code} rating"
    )
    assert entry.actor == supervisor
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes[f"{item.code} rating"] == ["", Rating.DEVELOPING]


def test_a_forwarded_address_is_believed_only_behind_a_declared_proxy(
    client, catalogues, peer, supervisor, settings
):
    evaluation = new_evaluation(peer, supervisor)
    client.force_login(supervisor)
    url = reverse("evaluations:evaluation-detail", args=[evaluation.pk])
    client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert entries_for(evaluation, action=LogEntry.Action.ACCESS).latest("pk").remote_addr == (
        "10.0.0.1"
    )
    settings.TRUST_X_FORWARDED_FOR = True
    client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert entries_for(evaluation, action=LogEntry.Action.ACCESS).latest("pk").remote_addr == (
        "192.0.2.7"
    )


def test_viewing_an_evaluation_and_a_work_plan_is_recorded(client, catalogues, peer, supervisor):
    load_guide()
    evaluation = make_submitted_evaluation(peer, supervisor)
    plan = new_plan(peer, supervisor)
    client.force_login(peer)
    client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    client.get(reverse("workplans:workplan-detail", args=[plan.pk]))
    for record in (evaluation, plan):
        entry = entries_for(record, action=LogEntry.Action.ACCESS).get()
        assert entry.actor == peer
        # ...in the trail of the organisation whose person viewed it.
        assert entry.additional_data == {"access": "viewed", "organisation": peer.organisation_id}


def test_a_refused_view_is_not_recorded_as_a_view(
    client, catalogues, peer, supervisor, make_person
):
    evaluation = new_evaluation(peer, supervisor)
    stranger = make_person(Role.PEER)
    client.force_login(stranger)
    assert (
        client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk])).status_code
        == 404
    )
    assert not entries_for(evaluation, action=LogEntry.Action.ACCESS).exists()


def test_checklist_answers_saved_in_bulk_are_recorded_on_the_plan(peer, supervisor):
    load_guide()
    plan = new_plan(peer, supervisor)
    point = plan.answers.select_related("point").first()
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={point.point_id: True},
        overview="Agreed.",
    )
    changes = {}
    for entry in entries_for(plan, action=LogEntry.Action.UPDATE):
        changes.update(entry.changes)
    assert changes[f"Checklist {point.point.number}"] == ["None", "True"]
    assert changes["overview"] == ["", "Agreed."]


def test_roles_given_to_a_person_are_recorded(make_person):
    person = make_person(Role.PEER)
    entry = entries_for(person).filter(changes__has_key="groups").latest("pk")
    assert entry.changes["groups"]["objects"] == [Role.PEER.value]


def test_a_deleted_rating_row_is_recorded_before_and_after(catalogues, peer, supervisor):
    evaluation = new_evaluation(peer, supervisor)
    item = EvaluationItem.objects.filter(section__evaluation=evaluation).first()
    item.rating = Rating.ADVANCED
    item.save()
    pk = item.pk
    item.delete()
    item.pk = pk
    actions = set(entries_for(item).values_list("action", flat=True))
    assert {LogEntry.Action.UPDATE, LogEntry.Action.DELETE} <= actions


def test_password_changes_are_recorded_masked(make_person):
    person = make_person(Role.PEER)
    person.set_password("a-new-long-passphrase")
    person.save()
    entry = entries_for(person, action=LogEntry.Action.UPDATE).latest("pk")
    before, after = entry.changes["password"]
    assert "a-new-long-passphrase" not in after and "md5$" not in after


def test_models_named_in_the_issue_are_all_recorded():
    from auditlog.registry import auditlog

    from onboarding.models import CheckIn, OnboardingItem
    from people.models import StaffProfile, User
    from trainings.models import Enrolment
    from workplans.models import ImmediateStep

    for model in (
        Evaluation,
        EvaluationItem,
        WorkPlan,
        ImmediateStep,
        OnboardingItem,
        CheckIn,
        Enrolment,
        User,
        StaffProfile,
    ):
        assert auditlog.contains(model), model


def test_check_in_answers_created_in_bulk_are_recorded(catalogues, supervisor, peer):
    from datetime import date

    from onboarding.models import Cadence, QuestionSet
    from onboarding.services.checkins import check_in_record, checkin_schedule_create

    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.MONTHLY, date(2026, 12, 1), None)],
    )
    question = QuestionSet.objects.get(code="wise-peer").questions.first()
    with time_machine.travel(at_agency(date(2026, 12, 1), 17)):
        check_in = check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=date(2026, 12, 1),
            question_set=question.question_set,
            participants=[peer, supervisor],
            answers={question.pk: "Settling in well."},
        )
    changes = {}
    for entry in entries_for(check_in):
        changes.update(entry.changes)
    assert changes[f"Answer: {question.text}"] == ["None", "Settling in well."]
    assert set(changes["participants"]["objects"]) == {str(peer), str(supervisor)}


def test_onboarding_items_ticked_by_a_training_are_recorded(catalogues, hr_user, supervisor):
    from datetime import date

    from onboarding.models import ChecklistTemplate, OnboardingItem
    from onboarding.services.plans import onboarding_start
    from onboarding.services.training import onboarding_training_completed
    from people.models import StaffProfile

    onboarding = onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        by=hr_user,
        supervisor=supervisor,
        employment_type=StaffProfile.EmploymentType.EMPLOYEE,
        person=None,
        start_date=date(2026, 12, 7),
        first_name="Avery",
        last_name="Quinn",
        email="avery.quinn@example.org",
    )
    onboarding_training_completed(
        person=onboarding.person, course_code="compliance-essentials", by=hr_user
    )
    ticked = OnboardingItem.objects.filter(onboarding=onboarding, status="done")
    assert ticked.count() == 2
    for item in ticked:
        assert entries_for(item, action=LogEntry.Action.UPDATE).get().changes["status"] == [
            "open",
            "done",
        ]
