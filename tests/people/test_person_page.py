"""One page per person: the sections each app registers, what is overdue, and its query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation
from onboarding.models import CheckInSchedule
from people import person_page
from people.person_page import PersonSection, register_section
from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation, new_evaluation
from tests.records import person_records

pytestmark = pytest.mark.django_db

ALL_SECTIONS = [
    "Evaluations and self-assessments",
    "Work plans",
    "Check-ins",
    "Onboarding",
    "Trainings",
    "Suggested trainings",
]


@pytest.fixture
def records(catalogues, peer, supervisor, hr_user):
    return person_records(peer, supervisor, hr_user)


def page(client, viewer, person):
    client.force_login(viewer)
    response = client.get(reverse("people:person-detail", args=[person.pk]))
    assert response.status_code == 200
    return response


def test_the_supervisor_sees_every_section_with_links_to_the_real_pages(
    client, supervisor, peer, records
):
    response = page(client, supervisor, peer)
    body = response.content.decode()
    titles = [shown.section.title for shown in response.context["sections"]]
    assert titles == ALL_SECTIONS
    for url in (
        reverse("evaluations:evaluation-detail", args=[records.evaluation.pk]),
        reverse("evaluations:peer-history", args=[peer.pk]),
        reverse("workplans:workplan-detail", args=[records.plan.pk]),
        reverse("onboarding:onboarding-detail", args=[records.onboarding.pk]),
        reverse("onboarding:checkin-schedule-detail", args=[records.schedule.pk]),
        reverse("onboarding:checkin-record", args=[records.schedule.pk]),
        reverse("trainings:transcript", args=[peer.pk]),
        reverse("trainings:suggestions", args=[peer.pk]),
        reverse("people:person-detail", args=[supervisor.pk]),
    ):
        assert f'href="{url}"' in body, url
    assert records.session.course.title in body
    # A supervisor does not manage people: no edit or leaving links.
    assert reverse("people:person-edit", args=[peer.pk]) not in body
    assert reverse("people:person-leave", args=[peer.pk]) not in body


def test_the_person_sees_their_own_page_without_suggestions_and_with_their_self_assessment(
    client, peer, supervisor, catalogues
):
    draft = new_evaluation(peer, supervisor)
    response = page(client, peer, peer)
    body = response.content.decode()
    titles = [shown.section.title for shown in response.context["sections"]]
    assert titles == [t for t in ALL_SECTIONS if t != "Suggested trainings"]
    # The draft is the supervisor's to write; the self-assessment is the peer's.
    assert f'href="{reverse("evaluations:evaluation-self", args=[draft.pk])}"' in body
    assert f'href="{reverse("evaluations:evaluation-detail", args=[draft.pk])}"' not in body
    assert "Being written by your supervisor" in body


def test_a_program_admin_sees_the_management_links(client, admin_user, peer):
    body = page(client, admin_user, peer).content.decode()
    assert f'href="{reverse("people:person-edit", args=[peer.pk])}"' in body
    assert f'href="{reverse("people:person-leave", args=[peer.pk])}"' in body


def test_profile_shows_role_program_supervisor_and_lived_experience(client, supervisor, peer):
    from people.models import Population

    population = Population.objects.create(
        code="reentry", name="People returning from incarceration", requirement="Lived it."
    )
    peer.profile.population = population
    peer.profile.save()
    body = page(client, supervisor, peer).content.decode()
    assert Role.PEER.value in body
    assert peer.profile.program.name in body
    assert str(supervisor) in body
    assert "Lived experience required: Lived it." in body


def test_what_is_overdue_is_listed_first_with_links(client, supervisor, peer, catalogues):
    today = timezone.localdate()
    late = make_submitted_evaluation(peer, supervisor)
    Evaluation.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=5))
    schedule = CheckInSchedule.objects.create(
        person=peer,
        supervisor=supervisor,
        organisation=peer.organisation,
        next_due=today - timedelta(days=2),
    )
    response = page(client, supervisor, peer)
    overdue = response.context["everything_overdue"]
    assert [item.due for item in overdue] == sorted(item.due for item in overdue)
    urls = {item.url for item in overdue}
    assert reverse("evaluations:evaluation-detail", args=[late.pk]) in urls
    assert reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]) in urls
    body = response.content.decode()
    assert body.index('id="overdue"') < body.index('id="evaluations"')


def test_nothing_overdue_says_so(client, supervisor, peer):
    response = page(client, supervisor, peer)
    assert response.context["everything_overdue"] == []
    assert "Nothing is overdue." in response.content.decode()


def test_a_section_is_shown_only_where_its_app_says_the_viewer_may_see_it(
    client, monkeypatch, supervisor, peer
):
    seen = []

    def context(*, viewer, person, today):
        seen.append((viewer, person))
        return {}

    monkeypatch.setitem(
        person_page._sections,
        "hidden",
        PersonSection(
            key="hidden",
            title="Only for themselves",
            template="people/_form_errors.html",
            context=context,
            visible=lambda viewer, person: viewer.pk == person.pk,
            order=1,
        ),
    )
    assert "Only for themselves" not in page(client, supervisor, peer).content.decode()
    assert seen == []
    assert "Only for themselves" in page(client, peer, peer).content.decode()
    assert seen == [(peer, peer)]


def test_registering_a_section_again_replaces_it(monkeypatch):
    monkeypatch.setattr(person_page, "_sections", dict(person_page._sections))
    original = person_page._sections["evaluations"]
    register_section(PersonSection(**{**original.__dict__, "title": "Reviews"}))
    titles = [s.title for s in person_page.registered_sections()]
    assert titles.count("Reviews") == 1 and original.title not in titles


def test_someone_else_may_not_open_the_page(client, other_supervisor, peer):
    client.force_login(other_supervisor)
    assert client.get(reverse("people:person-detail", args=[peer.pk])).status_code == 404


# Whatever the number of records: the session, the viewer with their profile, their
# permissions, the person's profile and roles (2), then each section: evaluations, work
# plans, check-ins and onboarding one each, trainings two (the transcript), suggested
# trainings one.
PERSON_PAGE_QUERIES = 12


def _count(client, person) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("people:person-detail", args=[person.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_records(peer, supervisor, hr, n):
    """Another evaluation, work plan with a step past due, onboarding (the last one done),
    check-in and completed training for ``peer``."""
    from onboarding.models import ChecklistTemplate, Onboarding, QuestionSet
    from onboarding.services.checkins import check_in_record
    from onboarding.services.plans import onboarding_start
    from tests.trainings.conftest import enrol, make_session
    from trainings.models import Enrolment
    from workplans.models import ImmediateStep
    from workplans.services.plans import workplan_create

    today = timezone.localdate()
    evaluation = make_submitted_evaluation(peer, supervisor)
    plan = workplan_create(
        employee=peer,
        manager=supervisor,
        start_date=today - timedelta(days=60 + n),
        end_date=today + timedelta(days=30),
        evaluation=evaluation,
    )
    ImmediateStep.objects.create(
        plan=plan, text="A step", owner=peer, due_date=today - timedelta(days=n + 1)
    )
    Onboarding.objects.filter(person=peer).update(status=Onboarding.Status.COMPLETED)
    onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=today + timedelta(days=14),
        employment_type="employee",
        supervisor=supervisor,
        by=hr,
        person=peer,
    )
    check_in_record(
        schedule=CheckInSchedule.objects.get(person=peer),
        by=supervisor,
        held_on=today - timedelta(days=7 * (n + 1)),
        question_set=QuestionSet.objects.get(code="wise-peer"),
        participants=[peer, supervisor],
        answers={},
    )
    enrolment = enrol(make_session(hr, in_days=20 + n), peer)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)


def test_the_page_query_count_is_pinned_and_the_same_at_one_and_many_records(
    client, catalogues, supervisor, peer, hr_user
):
    client.force_login(supervisor)
    person_records(peer, supervisor, hr_user)
    counts = [_count(client, peer)]
    for n in range(4):
        _more_records(peer, supervisor, hr_user, n)
    body = client.get(reverse("people:person-detail", args=[peer.pk])).content.decode()
    assert body.count('href="/workplans/') >= 5 and body.count('href="/evaluations/') >= 5
    counts.append(_count(client, peer))
    assert counts == [PERSON_PAGE_QUERIES, PERSON_PAGE_QUERIES], counts
