"""The figures beside the questions, computed from each app's records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.models import Rating
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_finalize,
    evaluation_submit,
)
from onboarding.models import Cadence, QuestionSet
from onboarding.services.checkins import check_in_record, checkin_schedule_create
from people.models import StaffProfile
from people.roles import Role
from readiness.evidence import evidence_by_question
from tests.clock import frozen
from tests.evaluations.conftest import new_evaluation, rate_all
from tests.factories import ProgramFactory
from tests.revisions import evaluation_revision
from tests.trainings.conftest import _complete_for_views
from workplans.services.plans import workplan_create_from_evaluation

pytestmark = [frozen, pytest.mark.django_db]


def _values(figures) -> list[str]:
    return [f.value for f in figures]


def test_peers_per_program_and_supervision_by_lived_experience(catalogues, admin_user, make_person):
    north, south = ProgramFactory(), ProgramFactory()
    guide = make_person(Role.SUPERVISOR)
    StaffProfile.objects.filter(user=guide).update(lived_experience=True)
    other = make_person(Role.SUPERVISOR)
    make_person(Role.PEER, program=north, supervisor=guide)
    make_person(Role.PEER, program=north, supervisor=guide)
    make_person(Role.PEER, program=south, supervisor=other)
    evidence = evidence_by_question(user=admin_user, today=timezone.localdate())
    programs = StaffProfile.objects.values("program").distinct().count()
    assert _values(evidence["A.9.6"]) == [f"1 of {programs} programs ({round(100 / programs)}%)"]
    assert _values(evidence["A.9.9"]) == ["2 of 3 peers (67%)"]
    # A program admin opens the people list the figures count.
    assert evidence["A.9.6"][0].url == "/people/"


def test_a_peer_reading_the_figures_gets_no_links_to_lists_they_cannot_open(catalogues, peer):
    evidence = evidence_by_question(user=peer, today=timezone.localdate())
    assert evidence["A.9.6"][0].url is None
    assert evidence["A.6.5"][0].url is None


def test_retention_after_a_year_and_early_leavers(catalogues, admin_user, make_person):
    today = timezone.localdate()
    stayed = make_person(Role.PEER, start_date=today - timedelta(days=800))
    left_late = make_person(
        Role.PEER, start_date=today - timedelta(days=700), end_date=today - timedelta(days=30)
    )
    left_early = make_person(
        Role.PEER, start_date=today - timedelta(days=100), end_date=today - timedelta(days=40)
    )
    make_person(Role.PEER, start_date=today - timedelta(days=500), end_date=today - timedelta(400))
    assert stayed and left_late and left_early
    evidence = evidence_by_question(user=admin_user, today=today)
    # Of the three who started over a year ago, two were still here a year on.
    assert _values(evidence["A.6.5"]) == [
        "2 of 3 peers who started a year ago or more (67%)",
        "1 of 2 peers who left (50%)",
    ]


def test_evaluations_current_on_time_and_followed_by_a_work_plan(
    catalogues, admin_user, supervisor, peer, make_person
):
    make_person(Role.PEER, supervisor=supervisor)  # a peer without an evaluation
    evaluation = new_evaluation(peer, supervisor)
    rate_all(evaluation, supervisor, rating=Rating.DEVELOPING, comment="Practising this.")
    evaluation_submit(evaluation=evaluation, by=supervisor)
    evaluation_acknowledge(
        evaluation=evaluation,
        by=peer,
        revision=evaluation_revision(evaluation),
        signature=peer.get_full_name(),
    )
    evaluation = evaluation_finalize(evaluation=evaluation, by=supervisor)
    today = timezone.localdate()
    evidence = evidence_by_question(user=admin_user, today=today)
    assert _values(evidence["A.5.3"]) == [
        "1 of 2 peers (50%)",
        "1 of 1 evaluations (100%)",
    ]
    assert _values(evidence["A.5.4"]) == ["0 of 1 evaluations (0%)"]
    workplan_create_from_evaluation(
        evaluation=evaluation, by=supervisor, start_date=today, end_date=today + timedelta(90)
    )
    evidence = evidence_by_question(user=admin_user, today=today)
    assert _values(evidence["A.5.4"]) == ["1 of 1 evaluations (100%)"]


def test_check_ins_against_cadence(catalogues, admin_user, supervisor, peer):
    today = timezone.localdate()
    start = today - timedelta(days=27)
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, start, None)],
    )
    questions = QuestionSet.objects.get(code="wise-peer")
    for held_on in (start, start + timedelta(days=7)):
        check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=held_on,
            question_set=questions,
            participants=[peer, supervisor],
            answers={},
            follow_ups=[],
        )
    evidence = evidence_by_question(user=admin_user, today=today)
    # Weekly from 27 days ago: due on days -27, -20, -13 and -6.
    assert _values(evidence["A.5.1"]) == ["2 held, 4 due by cadence"]


def test_training_hours_per_peer(catalogues, admin_user, hr_user, peer, make_person):
    make_person(Role.PEER)
    session = _complete_for_views(hr_user, peer)
    hours = session.course.hours
    evidence = evidence_by_question(user=admin_user, today=timezone.localdate())
    assert _values(evidence["A.4.1"]) == [f"{hours / 2:.1f} hours ({hours:.1f} hours, 2 peers)"]
    assert evidence["A.11.1"] == evidence["A.4.1"]


def test_onboardings_completed_within_90_days(catalogues, admin_user, hr_user, peer):
    from onboarding.models import ChecklistTemplate, Onboarding, OnboardingItem
    from onboarding.services.plans import onboarding_start
    from tests.clock import at_agency

    today = timezone.localdate()
    start = today - timedelta(days=120)
    onboarding = onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=start,
        employment_type=StaffProfile.EmploymentType.EMPLOYEE,
        supervisor=peer.profile.supervisor,
        by=hr_user,
        person=peer,
    )
    evidence = evidence_by_question(user=admin_user, today=today)
    assert _values(evidence["A.3.3"]) == ["0 of 1 onboardings (0%)"]
    # Every step done by day 60: completed within its 90 days.
    OnboardingItem.objects.filter(onboarding=onboarding).update(
        status=OnboardingItem.Status.DONE, completed_at=at_agency(start + timedelta(days=60))
    )
    Onboarding.objects.filter(pk=onboarding.pk).update(status=Onboarding.Status.COMPLETED)
    evidence = evidence_by_question(user=admin_user, today=today)
    assert _values(evidence["A.3.3"]) == ["1 of 1 onboardings (100%)"]
