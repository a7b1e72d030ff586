"""Onboarding models: the constraints the database keeps, natural keys, and names."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from onboarding.models import (
    Cadence,
    CheckInSchedule,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Holiday,
    Onboarding,
    OnboardingItemEvent,
    Question,
    QuestionSet,
)
from tests.clock import frozen

# Aliased: pytest would collect a name starting with "test" as a test.
from tests.factories import test_organisation as default_agency

pytestmark = [frozen, pytest.mark.django_db]


def test_one_active_onboarding_per_person_is_kept_by_the_database(start_onboarding, hr_user):
    onboarding = start_onboarding()
    fields = {
        f: getattr(onboarding, f)
        for f in ("person", "template", "supervisor", "start_date", "employment_type")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Onboarding.objects.create(started_by=hr_user, **fields)
    # Finished plans do not count.
    Onboarding.objects.filter(pk=onboarding.pk).update(status="completed")
    again = Onboarding.objects.create(started_by=hr_user, **fields)
    assert Onboarding.objects.filter(person=onboarding.person).count() == 2
    assert again.status == "active"


def test_a_cadence_cannot_end_before_it_starts(supervisor, peer):
    schedule = CheckInSchedule.objects.create(person=peer, supervisor=supervisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cadence.objects.create(
            schedule=schedule,
            frequency="weekly",
            starts_on=date(2026, 12, 10),
            ends_on=date(2026, 12, 9),
        )
    same_day = Cadence.objects.create(
        schedule=schedule,
        frequency="weekly",
        starts_on=date(2026, 12, 10),
        ends_on=date(2026, 12, 10),
    )
    assert str(same_day) == "Weekly from 2026-12-10"


def test_codes_are_unique_within_a_template_and_orders_within_a_question_set(db):
    first, second = (ChecklistTemplate.objects.create(name=n) for n in ("First", "Second"))
    row = {"code": "i-9", "phase": "day_one", "text": "I-9", "assignee": "hr", "due_offset_days": 0}
    ChecklistTemplateItem.objects.create(template=first, **row)
    ChecklistTemplateItem.objects.create(template=second, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistTemplateItem.objects.create(template=first, **row)
    questions = QuestionSet.objects.create(code="short", name="Short", audience="peer")
    Question.objects.create(question_set=questions, order=1, text="How are you?")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(question_set=questions, order=1, text="Again?")


def test_one_holiday_a_day(db):
    Holiday.objects.create(
        organisation=default_agency(), date=date(2026, 12, 25), name="Christmas Day"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Holiday.objects.create(
            organisation=default_agency(), date=date(2026, 12, 25), name="Closed"
        )
    assert str(Holiday.objects.get()) == "Christmas Day (2026-12-25)"


def test_natural_keys_find_what_they_name(catalogues):
    template = ChecklistTemplate.objects.get(is_default=True)
    item = template.items.get(text="I-9 form")
    assert ChecklistTemplate.objects.get_by_natural_key(*template.natural_key()) == template
    assert ChecklistTemplateItem.objects.get_by_natural_key(*item.natural_key()) == item
    question = QuestionSet.objects.get(code="wise-peer").questions.first()
    assert question.natural_key() == ("wise-peer", question.order)
    assert Question.objects.get_by_natural_key(*question.natural_key()) == question
    assert QuestionSet.objects.get_by_natural_key("wise-peer").questions.count() == 10


def test_the_default_template_comes_first_and_plans_latest_start_first(
    template, start_onboarding, make_person
):
    from people.roles import Role

    ChecklistTemplate.objects.create(name="A first by name")
    assert ChecklistTemplate.objects.first() == template
    sooner = start_onboarding(make_person(Role.PEER))
    later = start_onboarding(
        make_person(Role.PEER), start_date=sooner.start_date + timedelta(days=7)
    )
    assert list(Onboarding.objects.all()) == [later, sooner]


def test_names_read_as_people_say_them(start_onboarding, hr_user, supervisor, peer):
    from onboarding.services.plans import onboarding_item_complete

    onboarding = start_onboarding()
    assert str(onboarding) == f"Onboarding of {onboarding.person}"
    item = onboarding.items.get(text="I-9 form")
    assert str(item) == "I-9 form"
    onboarding_item_complete(item=item, by=hr_user)
    event = OnboardingItemEvent.objects.get(item=item)
    assert str(event) == f"Completed by {hr_user.pk}"
    schedule = CheckInSchedule.objects.create(person=peer, supervisor=supervisor)
    assert str(schedule) == f"Check-ins with {peer}"
