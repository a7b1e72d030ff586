"""Lists not pinned in their own app's tests: the query count is the same at 1 and at 50 rows."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from competencies.models import Domain, Framework
from evaluations.services.templates import evaluation_template_create
from onboarding.models import Cadence, ChecklistTemplate, Holiday
from onboarding.services.checkins import checkin_schedule_create
from onboarding.services.templates import checklist_template_clone
from people.roles import Role
from tests.clock import frozen

# Aliased: pytest would collect a name starting with "test" as a test.
from tests.factories import test_organisation as default_agency

pytestmark = [frozen, pytest.mark.django_db]


# Each maker brings the list to ``total`` rows.


def holidays(total, **_):
    have = Holiday.objects.count()
    Holiday.objects.bulk_create(
        [
            Holiday(
                date=date(2030, 1, 1) + timedelta(days=i),
                name=f"Day {i}",
                organisation=default_agency(),
            )
            for i in range(have, total)
        ]
    )


def checklists(total, **_):
    template = ChecklistTemplate.objects.get(is_default=True)
    for i in range(ChecklistTemplate.objects.count(), total):
        checklist_template_clone(
            template=template, name=f"Copy {i}", program=None, organisation=default_agency()
        )


def schedules(total, *, supervisor, make_person):
    from onboarding.models import CheckInSchedule

    for _ in range(CheckInSchedule.objects.count(), total):
        checkin_schedule_create(
            person=make_person(Role.PEER, supervisor=supervisor),
            supervisor=supervisor,
            by=supervisor,
            cadences=[(Cadence.Frequency.WEEKLY, date(2026, 12, 1), None)],
        )


def frameworks(total, **_):
    # The shipped catalogues are already there: the first count is taken with them.
    Framework.objects.bulk_create(
        [
            Framework(slug=f"local-{i}", name=f"Local {i}", short_name=f"L{i}")
            for i in range(Framework.objects.count(), total)
        ]
    )


def evaluation_templates(total, **_):
    from evaluations.models import EvaluationTemplate

    samhsa = Framework.objects.get(slug="samhsa")
    for i in range(EvaluationTemplate.objects.count(), total):
        evaluation_template_create(
            organisation=default_agency(),
            name=f"Position {i}",
            framework=samhsa,
            domains=list(Domain.objects.filter(framework=samhsa, code="I")),
        )


def cycles(total, *, supervisor, make_person):
    from readiness.models import Cycle, TeamMember

    admin = make_person(Role.PROGRAM_ADMIN)
    for i in range(Cycle.objects.count(), total):
        cycle = Cycle.objects.create(
            organisation=admin.organisation,
            name=f"Round {i}",
            opened_by=admin,
            opened_on=date(2026, 1, 1),
        )
        TeamMember.objects.create(cycle=cycle, person=supervisor, seat=TeamMember.Seat.SUPERVISOR)


def survey_rounds(total, *, supervisor, make_person):
    from readiness.models import SurveyRound

    admin = make_person(Role.PROGRAM_ADMIN)
    SurveyRound.objects.bulk_create(
        [
            SurveyRound(
                organisation=admin.organisation,
                name=f"Survey {i}",
                opened_by=admin,
                opened_on=date(2026, 1, 1),
            )
            for i in range(SurveyRound.objects.count(), total)
        ]
    )


CASES = [
    ("onboarding:holiday-list", "admin_user", holidays),
    ("onboarding:template-list", "admin_user", checklists),
    ("onboarding:checkin-list", "supervisor", schedules),
    ("competencies:framework-list", "peer", frameworks),
    ("evaluations:template-list", "admin_user", evaluation_templates),
    ("readiness:cycle-list", "admin_user", cycles),
    ("readiness:survey-list", "admin_user", survey_rounds),
]


@pytest.mark.parametrize(("url_name", "who", "make_rows"), CASES)
def test_list_query_count_is_the_same_at_1_and_50_rows(
    client, catalogues, request, make_person, supervisor, url_name, who, make_rows
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(who)
    client.force_login(user)
    counts = []
    for rows in (1, 50):
        make_rows(rows, supervisor=supervisor, make_person=make_person)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 12, counts


def test_check_in_schedule_detail_is_the_same_at_1_and_50_check_ins(
    client, catalogues, supervisor, peer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onboarding.models import QuestionSet
    from onboarding.services.checkins import check_in_record

    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, date(2025, 1, 1), None)],
    )
    questions = QuestionSet.objects.get(code="wise-peer")
    client.force_login(supervisor)
    counts = []
    for total in (1, 50):
        for n in range(schedule.check_ins.count(), total):
            check_in_record(
                schedule=schedule,
                by=supervisor,
                held_on=date(2025, 1, 1) + timedelta(days=7 * n),
                question_set=questions,
                participants=[peer, supervisor],
                answers={},
                follow_ups=[("Look up WRAP dates", peer, None)],
            )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]))
        assert len(re.findall(r'href="/check-ins/\d+/"', response.content.decode())) == total
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 12, counts


def test_email_settings_page_is_the_same_with_no_choices_and_every_choice_made(client, peer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.notices import notice_kinds, notice_preferences_save

    client.force_login(peer)
    counts = []
    for deliveries in ({}, {kind.key: "digest" for kind in notice_kinds()}):
        notice_preferences_save(person=peer, deliveries=deliveries)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notice-settings")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 12, counts
