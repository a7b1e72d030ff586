from datetime import date

import pytest
from django.urls import reverse

from onboarding.models import Cadence, ChecklistTemplate, Holiday, Onboarding, OnboardingItem
from onboarding.services.checkins import checkin_schedule_create
from people.roles import Role
from tests.clock import at_agency, frozen

from .conftest import START

pytestmark = [frozen, pytest.mark.django_db]


def test_hr_starts_an_onboarding_in_the_browser_form(client, template, hr_user, supervisor):
    client.force_login(hr_user)
    assert client.get(reverse("onboarding:onboarding-create")).status_code == 200
    response = client.post(
        reverse("onboarding:onboarding-create"),
        {
            "template": template.pk,
            "first_name": "Avery",
            "last_name": "Quinn",
            "email": "avery@example.org",
            "start_date": "2026-12-07",
            "employment_type": "volunteer",
            "supervisor": supervisor.pk,
        },
    )
    onboarding = Onboarding.objects.get()
    assert response.url == reverse("onboarding:onboarding-detail", args=[onboarding.pk])
    assert onboarding.person.get_full_name() == "Avery Quinn"


def test_start_form_errors_keep_input_and_save_nothing(client, template, hr_user, supervisor):
    client.force_login(hr_user)
    response = client.post(
        reverse("onboarding:onboarding-create"),
        {
            "template": template.pk,
            "first_name": "Avery",
            "start_date": "2026-12-07",
            "employment_type": "employee",
            "supervisor": supervisor.pk,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "give their first name, last name and email" in body and 'value="Avery"' in body
    assert Onboarding.objects.count() == 0


def test_detail_shows_progress_per_phase_and_overdue(
    client, start_onboarding, hr_user, time_machine
):
    onboarding = start_onboarding()
    time_machine.move_to(at_agency(date(2026, 12, 9)))
    client.force_login(hr_user)
    response = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    phases = {p["code"]: p for p in response.context["phases"]}
    assert phases["day_one"]["total"] == 17 and phases["day_one"]["overdue"] == 17
    # Only "Send peer to the orientation" (day 1) is past; the topics are due on day 5.
    assert phases["week_one"]["overdue"] == 1
    assert "Seen, on file" in response.content.decode()


def test_complete_not_applicable_and_reassign_from_the_page(
    client, start_onboarding, hr_user, make_person
):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Confirm start date")
    client.force_login(hr_user)
    response = client.post(
        reverse("onboarding:item-complete", args=[item.pk]), {"notes": "Confirmed by phone"}
    )
    assert response.url.endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.status == "done" and item.notes == "Confirmed by phone"
    other = onboarding.items.get(text="Auto insurance policy (if driving)")
    client.post(reverse("onboarding:item-not-applicable", args=[other.pk]), {"reason": ""})
    assert OnboardingItem.objects.get(pk=other.pk).status == "open"
    colleague = make_person(Role.HR)
    client.post(reverse("onboarding:item-reassign", args=[other.pk]), {"to": colleague.pk})
    assert OnboardingItem.objects.get(pk=other.pk).assignee == colleague


def test_a_new_hire_cannot_hand_an_item_to_a_peer_on_another_team(
    client, start_onboarding, hr_user, other_supervisor, make_person
):
    onboarding = start_onboarding()
    new_hire = onboarding.person
    item = onboarding.items.filter(assignee=new_hire).first()
    peer_elsewhere = make_person(Role.PEER, supervisor=other_supervisor)
    client.force_login(new_hire)
    detail = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    assert reverse("onboarding:item-reassign", args=[item.pk]) not in detail.content.decode()
    client.post(reverse("onboarding:item-reassign", args=[item.pk]), {"to": peer_elsewhere.pk})
    assert OnboardingItem.objects.get(pk=item.pk).assignee == new_hire
    client.force_login(peer_elsewhere)
    assert item.text not in client.get(reverse("home")).content.decode()
    # HR is offered exactly the people the service accepts.
    client.force_login(hr_user)
    detail = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    offered = set(detail.context["assignees"])
    assert {new_hire, onboarding.supervisor, hr_user} <= offered
    assert peer_elsewhere not in offered and other_supervisor not in offered
    client.post(reverse("onboarding:item-reassign", args=[item.pk]), {"to": peer_elsewhere.pk})
    assert OnboardingItem.objects.get(pk=item.pk).assignee == new_hire


def test_new_hire_sees_own_plan_and_to_dos_others_get_404(
    client, start_onboarding, other_supervisor
):
    onboarding = start_onboarding()
    client.force_login(onboarding.person)
    assert (
        client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk])).status_code == 200
    )
    assert "My onboarding to-dos" in client.get(reverse("home")).content.decode()
    client.force_login(other_supervisor)
    assert (
        client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk])).status_code == 404
    )
    item = onboarding.items.first()
    assert client.post(reverse("onboarding:item-complete", args=[item.pk])).status_code == 404


def test_board_filters_by_program_and_supervisor(
    client, start_onboarding, hr_user, make_person, other_supervisor
):
    mine = start_onboarding(make_person(Role.PEER))
    theirs = start_onboarding(make_person(Role.PEER))
    Onboarding.objects.filter(pk=theirs.pk).update(supervisor=other_supervisor)
    client.force_login(hr_user)
    response = client.get(
        reverse("onboarding:onboarding-board"), {"supervisor": other_supervisor.pk}
    )
    assert [o.pk for o in response.context["page"]] == [theirs.pk]
    response = client.get(reverse("onboarding:onboarding-board"))
    assert {o.pk for o in response.context["page"]} == {mine.pk, theirs.pk}
    row = next(o for o in response.context["page"] if o.pk == mine.pk)
    assert row.item_total == 49 and row.item_done == 0


@pytest.mark.parametrize("rows", [1, 50])
def test_board_query_count_is_flat(
    client, start_onboarding, hr_user, make_person, rows, django_assert_num_queries
):
    for _ in range(rows):
        start_onboarding(make_person(Role.PEER))
    client.force_login(hr_user)
    # session, user, roles, permissions (roles only), program choices, count, page; the
    # supervisor is searched, not listed
    with django_assert_num_queries(6):
        response = client.get(reverse("onboarding:onboarding-board"))
    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("done", [0, 30])
def test_detail_query_count_is_flat(
    client, start_onboarding, hr_user, done, django_assert_num_queries
):
    onboarding = start_onboarding()
    OnboardingItem.objects.filter(
        pk__in=list(onboarding.items.values_list("pk", flat=True)[:done])
    ).update(status="done", completed_by=hr_user)
    client.force_login(hr_user)
    with django_assert_num_queries(6):
        client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))


def test_admin_edits_and_clones_a_template(client, template, admin_user):
    client.force_login(admin_user)
    url = reverse("onboarding:template-edit", args=[template.pk])
    formset = client.get(url).context["formset"]
    data = {
        "items-TOTAL_FORMS": formset.total_form_count(),
        "items-INITIAL_FORMS": formset.initial_form_count(),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for n, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "subitems":
                value = "\n".join(value or [])
            if isinstance(value, bool):
                if value:
                    data[f"items-{n}-{name}"] = "on"
                continue
            data[f"items-{n}-{name}"] = "" if value is None else value
    first = formset.forms[0].instance
    data["items-0-due_offset_days"] = -45
    data["items-0-subitems"] = "Share the SAMHSA list\nDiscuss with the team"
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["formset"].errors if response.context else ""
    )
    first.refresh_from_db()
    assert first.due_offset_days == -45 and first.subitems == [
        "Share the SAMHSA list",
        "Discuss with the team",
    ]
    response = client.post(
        reverse("onboarding:template-clone", args=[template.pk]),
        {"name": "Volunteer corps", "program": ""},
    )
    clone = ChecklistTemplate.objects.get(name="Volunteer corps")
    assert (
        response.url == reverse("onboarding:template-edit", args=[clone.pk])
        and clone.items.count() == 50
    )


def test_admin_maintains_holidays(client, admin_user, hr_user, catalogues):
    client.force_login(admin_user)
    client.post(reverse("onboarding:holiday-list"), {"date": "2026-12-25", "name": "Christmas Day"})
    holiday = Holiday.objects.get()
    client.force_login(hr_user)
    assert (
        client.post(
            reverse("onboarding:holiday-list"), {"date": "2027-01-01", "name": "New Year"}
        ).status_code
        == 403
    )
    client.force_login(admin_user)
    client.post(reverse("onboarding:holiday-delete", args=[holiday.pk]))
    assert Holiday.objects.count() == 0


def test_supervisor_sets_up_and_records_a_check_in(client, catalogues, supervisor, peer):
    client.force_login(supervisor)
    response = client.post(
        reverse("onboarding:checkin-schedule-create"),
        {"person": peer.pk, "starts_on": "2026-12-01", "pattern": "standard"},
    )
    schedule = peer.checkin_schedule
    assert response.url == reverse("onboarding:checkin-schedule-detail", args=[schedule.pk])
    assert list(schedule.cadences.values_list("frequency", flat=True)) == [
        "weekly",
        "biweekly",
        "monthly",
    ]
    form = client.get(reverse("onboarding:checkin-record", args=[schedule.pk])).context["form"]
    data = {
        "held_on": "2026-12-01",
        "question_set": form.question_set.pk,
        "participants": [peer.pk, supervisor.pk],
        "notes": "",
        "follow_up_0": "Look at WRAP dates",
        "follow_up_0_owner": "",
        "follow_up_0_due": "",
    }
    for q in form.questions:
        data[f"answer_{q.pk}"] = f"Answer {q.order}"
    response = client.post(reverse("onboarding:checkin-record", args=[schedule.pk]), data)
    assert "Every follow-up needs an owner." in response.content.decode()
    data["follow_up_0_owner"] = peer.pk
    response = client.post(reverse("onboarding:checkin-record", args=[schedule.pk]), data)
    check_in = schedule.check_ins.get()
    assert response.url == reverse("onboarding:checkin-detail", args=[check_in.pk])
    assert check_in.answers.count() == 10 and check_in.follow_ups.get().owner == peer
    schedule.refresh_from_db()
    assert schedule.next_due == date(2026, 12, 8)
    client.post(
        reverse("onboarding:checkin-schedule-cadence", args=[schedule.pk]),
        {"frequency": "monthly", "starts_on": "2026-12-02"},
    )
    schedule.refresh_from_db()
    assert schedule.next_due == date(2027, 1, 1)


def test_other_supervisor_cannot_see_a_schedule(
    client, catalogues, supervisor, other_supervisor, peer
):
    schedule = checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.MONTHLY, START, None)],
    )
    client.force_login(other_supervisor)
    for name in ("onboarding:checkin-schedule-detail", "onboarding:checkin-record"):
        assert client.get(reverse(name, args=[schedule.pk])).status_code == 404
