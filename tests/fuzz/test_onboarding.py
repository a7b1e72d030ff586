"""Fuzzing onboarding and check-in forms: item actions, starting an onboarding,
recording a check-in, setting up and changing a check-in schedule."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from onboarding.models import (
    Cadence,
    CheckIn,
    CheckInSchedule,
    ChecklistTemplate,
    Onboarding,
    OnboardingItem,
    QuestionSet,
)
from onboarding.services.checkins import checkin_schedule_create
from onboarding.services.plans import onboarding_start
from people.models import User
from people.roles import Role

from .conftest import (
    FUZZ,
    base_people,
    extra_fields,
    field,
    person,
    post,
    post_data,
    rolled_back,
    signed_in,
)

pytestmark = [pytest.mark.usefixtures("frozen_module"), pytest.mark.django_db]

TEXTS = ["", "Seen and on file.", "  ", "Done at orientation."]


def no_nul(*texts):
    for text in texts:
        assert "\x00" not in text


@pytest.fixture(scope="module")
def world(module_db):
    people = base_people()
    onboarding = onboarding_start(
        template=ChecklistTemplate.objects.get(is_default=True),
        start_date=date(2026, 12, 7),
        employment_type="employee",
        supervisor=people["supervisor"],
        by=people["hr"],
        person=people["peer"],
    )
    schedule = checkin_schedule_create(
        person=people["peer"],
        supervisor=people["supervisor"],
        by=people["supervisor"],
        cadences=[(Cadence.Frequency.WEEKLY, date(2026, 12, 7), None)],
    )
    newcomer = person(Role.PEER, supervisor=people["supervisor"])
    return {**people, "onboarding": onboarding, "schedule": schedule, "newcomer": newcomer}


def test_item_actions(world):
    clients = {who: signed_in(world[who]) for who in ("supervisor", "hr")}
    items = list(world["onboarding"].items.order_by("pk")[:3])
    actions = ["item-complete", "item-not-applicable", "item-reassign", "item-reopen"]
    users = [str(world[k].pk) for k in ("peer", "hr", "supervisor")]

    @FUZZ
    @given(
        who=st.sampled_from(sorted(clients)),
        action=st.sampled_from(actions),
        item=st.sampled_from(items),
        data=st.fixed_dictionaries(
            {"notes": field(*TEXTS), "reason": field(*TEXTS), "to": field(*users)}
        ),
        extra=extra_fields,
    )
    @example(
        who="hr", action="item-not-applicable", item=items[0], data={"reason": "   "}, extra={}
    )
    def check(who, action, item, data, extra):
        client = clients[who]
        with rolled_back():
            before = OnboardingItem.objects.get(pk=item.pk)
            response = post(
                client, reverse(f"onboarding:{action}", args=[item.pk]), post_data(data, extra)
            )
            assert response.status_code == 302
            after = OnboardingItem.objects.get(pk=item.pk)
            assert after.status in OnboardingItem.Status.values
            no_nul(after.notes, after.not_applicable_reason)
            assert len(after.notes) <= 2000 and len(after.not_applicable_reason) <= 2000
            if after.status == OnboardingItem.Status.NOT_APPLICABLE:
                assert after.not_applicable_reason.strip()
            if after.status != before.status or after.assignee_id != before.assignee_id:
                assert action != "item-reopen" or before.status != OnboardingItem.Status.OPEN
            if after.assignee_id != before.assignee_id:
                assert (
                    action == "item-reassign" and User.objects.get(pk=after.assignee_id).is_active
                )

    check()


def test_onboarding_start(world, client):
    client.force_login(world["hr"])
    template = ChecklistTemplate.objects.get(is_default=True)

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "template": field(str(template.pk)),
                "person": field(str(world["newcomer"].pk), ""),
                "first_name": field("Rae", ""),
                "last_name": field("Lopez", ""),
                "email": field("rae@example.org", "not-an-email"),
                "start_date": field("2026-12-07", "2027-01-04"),
                "employment_type": field("employee", "volunteer"),
                "supervisor": field(str(world["supervisor"].pk), str(world["peer"].pk)),
            }
        ),
        extra=extra_fields,
    )
    def check(data, extra):
        with rolled_back():
            count, users = Onboarding.objects.count(), User.objects.count()
            response = post(client, reverse("onboarding:onboarding-create"), post_data(data, extra))
            if response.status_code == 302:
                assert Onboarding.objects.count() == count + 1
                onboarding = Onboarding.objects.latest("pk")
                assert onboarding.supervisor == world["supervisor"]
                assert onboarding.items.exists()
                no_nul(onboarding.person.first_name, onboarding.person.last_name)
                assert "\x00" not in onboarding.person.email and "@" in onboarding.person.email
            else:
                assert Onboarding.objects.count() == count and User.objects.count() == users

    check()


def test_check_in_record(world, client):
    client.force_login(world["supervisor"])
    schedule = world["schedule"]
    question_set = QuestionSet.objects.get(code="wise-peer")
    questions = list(question_set.questions.all())
    people = [str(world[k].pk) for k in ("peer", "supervisor")]

    @st.composite
    def posts(draw):
        data = {
            "held_on": draw(field("2026-11-20", "2026-12-08", "2027-02-01")),
            "question_set": draw(field(str(question_set.pk))),
            "set": draw(field("wise-peer", "wise-staff")),
            "participants": draw(field(*people) | st.just(people)),
            "notes": draw(field(*TEXTS)),
        }
        for q in questions[:4]:
            data[f"answer_{q.pk}"] = draw(field(*TEXTS))
        for n in range(3):
            data[f"follow_up_{n}"] = draw(field("Call the peer's mentor", ""))
            data[f"follow_up_{n}_owner"] = draw(field(*people))
            data[f"follow_up_{n}_due"] = draw(field("2027-01-15"))
        return post_data(data, draw(extra_fields))

    @FUZZ
    @given(data=posts())
    @example(data={"held_on": "2026-12-08", "participants": people, "question_set": "x"})
    @example(data={"participants": "9223372036854775808"})
    def check(data):
        with rolled_back():
            count = CheckIn.objects.count()
            url = reverse("onboarding:checkin-record", args=[schedule.pk])
            response = post(client, url, data)
            if response.status_code == 302:
                assert CheckIn.objects.count() == count + 1
                check_in = CheckIn.objects.latest("pk")
                assert check_in.participants.exists()
                no_nul(check_in.notes, *check_in.answers.values_list("answer", flat=True))
                for follow_up in check_in.follow_ups.all():
                    assert follow_up.owner_id is not None and follow_up.text.strip()
                    no_nul(follow_up.text)
            else:
                assert CheckIn.objects.count() == count

    check()


def test_schedule_create_and_cadence(world, client):
    client.force_login(world["hr"])
    schedule = world["schedule"]
    patterns = ["standard"] + list(Cadence.Frequency.values)

    @FUZZ
    @given(
        create=st.booleans(),
        data=st.fixed_dictionaries(
            {
                "person": field(str(world["newcomer"].pk), str(world["peer"].pk)),
                "starts_on": field("2026-12-07", "2027-03-01"),
                "pattern": field(*patterns),
                "frequency": field(*Cadence.Frequency.values),
            }
        ),
        extra=extra_fields,
    )
    # A cadence from the first day of the calendar: its day before does not exist.
    @example(create=False, data={"starts_on": "0001-01-01", "frequency": "weekly"}, extra={})
    def check(create, data, extra):
        with rolled_back():
            schedules, cadences = CheckInSchedule.objects.count(), Cadence.objects.count()
            if create:
                url = reverse("onboarding:checkin-schedule-create")
            else:
                url = reverse("onboarding:checkin-schedule-cadence", args=[schedule.pk])
            response = post(client, url, post_data(data, extra))
            if create and response.status_code != 302:
                assert CheckInSchedule.objects.count() == schedules
                assert Cadence.objects.count() == cadences
            for person_id in CheckInSchedule.objects.values_list("person", flat=True):
                assert CheckInSchedule.objects.filter(person=person_id).count() == 1
            assert set(Cadence.objects.values_list("frequency", flat=True)) <= set(
                Cadence.Frequency.values
            )

    check()
