from datetime import date

import pytest
import time_machine
from django.urls import reverse

from onboarding.models import (
    Cadence,
    CheckInSchedule,
    ChecklistTemplate,
    Holiday,
    Onboarding,
    OnboardingItem,
)
from onboarding.services.checkins import checkin_schedule_create
from people.roles import Role
from tests.clock import at_agency, frozen

# Aliased: pytest would collect a name starting with "test" as a test.
from tests.factories import test_organisation as default_agency

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


def test_the_start_form_asks_for_the_program_and_what_to_do_with_late_steps(
    client, template, hr_user, supervisor
):
    from people.models import Program

    program = Program.objects.create(
        name="Drop-in center", slug="drop-in", organisation=hr_user.organisation
    )
    client.force_login(hr_user)
    form = client.get(reverse("onboarding:onboarding-create")).content.decode()
    assert 'name="program"' in form and "Drop-in center" in form
    assert "Steps whose dates have already passed" in form
    assert 'value="due_today"' in form and 'value="done_before"' in form
    client.post(
        reverse("onboarding:onboarding-create"),
        {
            "template": template.pk,
            "first_name": "Avery",
            "last_name": "Quinn",
            "email": "avery@example.org",
            "start_date": "2026-12-07",
            "employment_type": "employee",
            "supervisor": supervisor.pk,
            "program": program.pk,
            "past_steps": "done_before",
        },
    )
    onboarding = Onboarding.objects.get()
    assert onboarding.program == program
    assert onboarding.items.filter(status="done").exists()
    assert not onboarding.items.filter(status="open", due_date__lt=date(2026, 11, 23)).exists()


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


def test_admin_copies_the_shared_template_and_edits_the_agencys_own(client, template, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("onboarding:template-clone", args=[template.pk]),
        {"name": "Volunteer corps", "program": ""},
    )
    clone = ChecklistTemplate.objects.get(name="Volunteer corps")
    url = reverse("onboarding:template-edit", args=[clone.pk])
    assert response.url == url and clone.items.count() == 50
    assert clone.organisation == admin_user.organisation and template.organisation is None
    formset = client.get(url).context["formset"]
    data = _items_data(clone)
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
    shared_first = template.items.get(code=first.code)
    assert shared_first.due_offset_days != -45 and shared_first.subitems != first.subitems


def test_the_shared_template_is_copied_never_edited(client, template, admin_user):
    client.force_login(admin_user)
    url = reverse("onboarding:template-edit", args=[template.pk])
    page = client.get(url).content.decode()
    assert "shared by every agency" in page
    data = _items_data(template)
    data["items-0-due_offset_days"] = -45
    response = client.post(url, data)
    assert _messages(response) == [
        "This checklist is shared by every agency: copy it to make your own, then edit that."
    ]
    assert not template.items.filter(due_offset_days=-45).exists()


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
    schedule = CheckInSchedule.objects.get(person=peer)
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
    record = reverse("onboarding:checkin-record", args=[schedule.pk])
    # Recorded the evening it took place.
    with time_machine.travel(at_agency(date(2026, 12, 1), 17)):
        client.force_login(supervisor)  # a new day, a new sign-in
        response = client.post(record, data)
        assert "Every follow-up needs an owner." in response.content.decode()
        data["follow_up_0_owner"] = peer.pk
        response = client.post(record, data)
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


def test_cancelling_a_finished_plan_is_refused_with_a_message(client, start_onboarding, hr_user):
    from onboarding.services.plans import onboarding_item_not_applicable

    onboarding = start_onboarding()
    for item in onboarding.items.all():
        onboarding_item_not_applicable(item=item, by=hr_user, reason="Hired elsewhere")
    client.force_login(hr_user)
    response = client.post(
        reverse("onboarding:onboarding-cancel", args=[onboarding.pk]), follow=True
    )
    assert response.redirect_chain == [
        (reverse("onboarding:onboarding-detail", args=[onboarding.pk]), 302)
    ]
    assert "Only an onboarding in progress can be cancelled" in response.content.decode()
    assert Onboarding.objects.get(pk=onboarding.pk).status == Onboarding.Status.COMPLETED


# Refusals, messages and bad input -------------------------------------------------------


def _refusal(client, response, item):
    """The refusal shown beside ``item`` on the plan the action returns to (and only there)."""
    assert response.url.endswith(f"#item-{item.pk}")
    assert _messages(response) == []
    page = client.get(response.url.split("#")[0])
    (shown,) = [i for phase in page.context["phases"] for i in phase["items"] if i.pk == item.pk]
    html = page.content.decode()
    assert html.index(f'id="item-{item.pk}"') < html.index(f'id="refusal-{item.pk}"')
    assert 'role="alert"' in html
    return shown.refusal


def _messages(response):
    """The messages this response added (earlier ones wait, unread, in the same store)."""
    from django.contrib.messages import get_messages

    storage = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]


def _detail(onboarding, item):
    return reverse("onboarding:onboarding-detail", args=[onboarding.pk]) + f"#item-{item.pk}"


@pytest.mark.parametrize(
    "name", ["item-complete", "item-not-applicable", "item-reassign", "item-reopen"]
)
def test_item_actions_answer_404_to_someone_who_cannot_see_the_plan(
    client, start_onboarding, other_supervisor, make_person, name
):
    onboarding = start_onboarding()
    item = onboarding.items.first()
    for user in (other_supervisor, make_person(Role.PEER, supervisor=other_supervisor)):
        client.force_login(user)
        response = client.post(
            reverse(f"onboarding:{name}", args=[item.pk]), {"reason": "x", "to": user.pk}
        )
        assert response.status_code == 404
    assert OnboardingItem.objects.get(pk=item.pk).status == "open"
    assert not item.events.exists()


def test_a_refused_item_action_comes_back_beside_the_item_on_the_plan(
    client, start_onboarding, admin_user, hr_user
):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Confirm start date")
    # An admin sees the plan but does not run it.
    client.force_login(admin_user)
    response = client.post(reverse("onboarding:item-complete", args=[item.pk]), {"notes": ""})
    assert response.url == _detail(onboarding, item)
    assert _refusal(client, response, item) == (
        "Only the person it is assigned to, their supervisor or HR can do this."
    )
    client.force_login(hr_user)
    response = client.post(reverse("onboarding:item-reopen", args=[item.pk]), {"notes": ""})
    assert _refusal(client, response, item) == "This item is already open."
    response = client.post(reverse("onboarding:item-not-applicable", args=[item.pk]), {})
    assert _refusal(client, response, item) == "This field is required."
    response = client.post(reverse("onboarding:item-reassign", args=[item.pk]), {"to": "abc"})
    assert _refusal(client, response, item) == (
        "Select a valid choice. That choice is not one of the available choices."
    )
    assert OnboardingItem.objects.get(pk=item.pk).status == "open" and not item.events.exists()


def test_document_numbers_typed_on_the_page_are_refused_and_nothing_is_kept(
    client, start_onboarding, hr_user
):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Social Security card/authorization to work info")
    client.force_login(hr_user)
    response = client.post(
        reverse("onboarding:item-not-applicable", args=[item.pk]),
        {"reason": "Number 123-45-6789 on file"},
    )
    assert _refusal(client, response, item) == (
        "Do not type document numbers here. Record only that the document was seen and is on file."
    )
    # Shown once: the next visit to the plan is quiet, and the number was never kept.
    page = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    assert f'id="refusal-{item.pk}"' not in page.content.decode()
    assert "123-45-6789" not in str(dict(client.session))
    response = client.post(
        reverse("onboarding:item-complete", args=[item.pk]), {"notes": "Seen and filed"}
    )
    assert _messages(response) == ["Saved."]
    item.refresh_from_db()
    assert item.status == "done" and item.notes == "Seen and filed"


def test_reopen_and_reassign_from_the_page_are_logged(
    client, start_onboarding, hr_user, supervisor
):
    onboarding = start_onboarding()
    item = onboarding.items.get(text="Confirm start date")
    client.force_login(supervisor)
    client.post(reverse("onboarding:item-complete", args=[item.pk]), {"notes": "Called"})
    client.post(reverse("onboarding:item-reopen", args=[item.pk]), {"notes": "Date moved"})
    response = client.post(
        reverse("onboarding:item-reassign", args=[item.pk]),
        {"to": supervisor.pk, "notes": "I will call"},
    )
    assert _messages(response)[-1] == "Saved."
    item.refresh_from_db()
    assert item.status == "open" and item.assignee == supervisor
    assert list(item.events.values_list("action", "by", "notes")) == [
        ("completed", supervisor.pk, "Called"),
        ("reopened", supervisor.pk, "Date moved"),
        ("reassigned", supervisor.pk, "I will call"),
    ]
    page = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    assert page.context["done"] == 0 and page.context["total"] == 49


def test_cancel_is_for_hr_and_takes_the_plan_off_the_board(
    client, start_onboarding, hr_user, supervisor
):
    onboarding = start_onboarding()
    client.force_login(supervisor)
    url = reverse("onboarding:onboarding-cancel", args=[onboarding.pk])
    assert client.post(url).status_code == 403
    client.force_login(hr_user)
    response = client.post(url)
    assert response.url == reverse("onboarding:onboarding-board")
    assert _messages(response) == [f"The onboarding of {onboarding.person} was cancelled."]
    assert Onboarding.objects.get(pk=onboarding.pk).status == "cancelled"
    board = client.get(reverse("onboarding:onboarding-board"))
    assert list(board.context["page"]) == [] and "No active onboardings." in board.content.decode()


def test_starting_for_someone_with_a_plan_in_progress_keeps_the_form(
    client, start_onboarding, template, hr_user, supervisor
):
    onboarding = start_onboarding()
    client.force_login(hr_user)
    response = client.post(
        reverse("onboarding:onboarding-create"),
        {
            "template": template.pk,
            "person": onboarding.person.pk,
            "start_date": "2026-12-14",
            "employment_type": "employee",
            "supervisor": supervisor.pk,
        },
    )
    assert response.status_code == 400
    assert "already has an onboarding in progress" in response.content.decode()
    assert Onboarding.objects.count() == 1


def test_starting_is_refused_to_everyone_but_hr(client, template, supervisor, admin_user, peer):
    for user in (supervisor, admin_user, peer):
        client.force_login(user)
        response = client.post(
            reverse("onboarding:onboarding-create"),
            {
                "template": template.pk,
                "first_name": "Pat",
                "last_name": "Doe",
                "email": "pat@example.org",
                "start_date": "2026-12-07",
                "employment_type": "employee",
                "supervisor": supervisor.pk,
            },
        )
        assert response.status_code == 403
    assert not Onboarding.objects.exists()


def test_the_board_pages_and_keeps_the_filter_in_its_links(
    client, start_onboarding, hr_user, make_person, supervisor
):
    from onboarding.views.plans import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        start_onboarding(make_person(Role.PEER))
    client.force_login(hr_user)
    response = client.get(
        reverse("onboarding:onboarding-board"), {"supervisor": supervisor.pk, "page": 2}
    )
    assert len(response.context["page"]) == 1 and response.context["page"].number == 2
    assert response.context["querystring"] == f"supervisor={supervisor.pk}"


def test_the_board_shows_progress_and_overdue_counts(
    client, start_onboarding, hr_user, time_machine
):
    onboarding = start_onboarding()
    onboarding.items.filter(phase="pre_selection").update(status="done")
    time_machine.move_to(at_agency(START))
    client.force_login(hr_user)
    response = client.get(reverse("onboarding:onboarding-board"))
    row = response.context["page"][0]
    before_start = onboarding.items.filter(due_date__lt=START)
    assert row.item_done == onboarding.items.filter(phase="pre_selection").count()
    assert row.item_overdue == before_start.exclude(phase="pre_selection").count() > 0
    assert f"{row.item_overdue} overdue" in response.content.decode()


# Templates and holidays ------------------------------------------------------------------


def _items_data(template):
    from onboarding.forms import TemplateItemFormSet

    formset = TemplateItemFormSet(instance=template)
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
    return data


@pytest.fixture
def two_item_template(db):
    from onboarding.models import ChecklistTemplateItem

    template = ChecklistTemplate.objects.create(name="Two items", organisation=default_agency())
    for order, code in enumerate(["badge", "keys"]):
        ChecklistTemplateItem.objects.create(
            template=template,
            code=code,
            phase="day_one",
            text=f"Hand over the {code}",
            assignee="supervisor",
            due_offset_days=0,
            order=order,
        )
    return template


def test_the_items_formset_adds_and_deletes_items_in_one_save(
    client, admin_user, two_item_template
):
    client.force_login(admin_user)
    data = _items_data(two_item_template)
    new = data["items-TOTAL_FORMS"] - 1
    data.update(
        {
            "items-0-DELETE": "on",
            f"items-{new}-code": "parking",
            f"items-{new}-phase": "week_one",
            f"items-{new}-text": "Parking permit",
            f"items-{new}-assignee": "hr",
            f"items-{new}-due_offset_days": 3,
            f"items-{new}-applies_to": "employee",
            f"items-{new}-order": 5,
        }
    )
    url = reverse("onboarding:template-edit", args=[two_item_template.pk])
    response = client.post(url, data)
    assert response.url == url
    assert _messages(response) == ["Checklist saved. Plans already started keep their own copy."]
    assert list(two_item_template.items.values_list("code", "applies_to", "due_offset_days")) == [
        ("keys", "both", 0),
        ("parking", "employee", 3),
    ]


def test_a_bad_items_formset_saves_nothing_and_says_why(client, admin_user, two_item_template):
    client.force_login(admin_user)
    url = reverse("onboarding:template-edit", args=[two_item_template.pk])
    data = _items_data(two_item_template)
    data["items-0-text"] = "Changed but not saved"
    data["items-1-due_offset_days"] = "next week"
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a whole number." in body and 'value="next week"' in body
    data["items-1-due_offset_days"] = 1
    data["items-1-code"] = "badge"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Please correct the duplicate data for code" in response.content.decode()
    assert list(two_item_template.items.values_list("code", "text", "due_offset_days")) == [
        ("badge", "Hand over the badge", 0),
        ("keys", "Hand over the keys", 0),
    ]


def test_template_pages_are_refused_to_those_who_do_not_edit_them(
    client, two_item_template, hr_user, supervisor
):
    edit = reverse("onboarding:template-edit", args=[two_item_template.pk])
    clone = reverse("onboarding:template-clone", args=[two_item_template.pk])
    for user in (hr_user, supervisor):
        client.force_login(user)
        assert client.post(edit, _items_data(two_item_template)).status_code == 403
        assert client.post(clone, {"name": "Mine"}).status_code == 403
    assert ChecklistTemplate.objects.count() == 1


def test_a_copy_for_a_program_and_a_refused_copy(client, admin_user, two_item_template):
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    client.force_login(admin_user)
    url = reverse("onboarding:template-clone", args=[two_item_template.pk])
    response = client.post(url, {"name": "Drop-in center", "program": program.pk})
    clone = ChecklistTemplate.objects.get(name="Drop-in center")
    assert response.url == reverse("onboarding:template-edit", args=[clone.pk])
    assert clone.program == program and clone.items.count() == 2
    assert _messages(response) == ["Copied as “Drop-in center”."]
    edit = reverse("onboarding:template-edit", args=[two_item_template.pk])
    response = client.post(url, {"name": "DROP-IN CENTER", "program": ""})
    assert response.url == edit
    assert _messages(response) == ["A template named “DROP-IN CENTER” already exists."]
    response = client.post(url, {"name": "", "program": ""})
    assert response.url == edit and _messages(response) == ["Give the copy a name."]
    assert ChecklistTemplate.objects.count() == 2
    assert client.post(reverse("onboarding:template-clone", args=[999999])).status_code == 404


def test_a_holiday_twice_or_without_a_date_is_refused_with_a_message(
    client, admin_user, catalogues
):
    Holiday.objects.create(
        organisation=default_agency(), date=date(2026, 12, 25), name="Christmas Day"
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("onboarding:holiday-list"), {"date": "2026-12-25", "name": "Closed"}
    )
    assert response.status_code == 400
    assert "The agency already closes on this date." in response.content.decode()
    response = client.post(reverse("onboarding:holiday-list"), {"date": "", "name": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Holiday.objects.count() == 1


def test_holidays_are_removed_only_by_admins(client, admin_user, hr_user, catalogues):
    holiday = Holiday.objects.create(
        organisation=default_agency(), date=date(2026, 12, 25), name="Christmas Day"
    )
    client.force_login(hr_user)
    url = reverse("onboarding:holiday-delete", args=[holiday.pk])
    assert client.post(url).status_code == 403
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    client.force_login(admin_user)
    assert client.post(reverse("onboarding:holiday-delete", args=[999999])).status_code == 404
    response = client.post(url)
    assert _messages(response) == ["Holiday removed."] and not Holiday.objects.exists()


# Check-ins ----------------------------------------------------------------------------------


def test_a_supervisor_sets_up_check_ins_only_for_their_own_team(
    client, catalogues, supervisor, other_supervisor, make_person
):
    elsewhere = make_person(Role.PEER, supervisor=other_supervisor)
    mine = make_person(Role.PEER, supervisor=supervisor)
    client.force_login(supervisor)
    url = reverse("onboarding:checkin-schedule-create")
    assert set(client.get(url).context["form"].fields["person"].queryset) == {mine}
    response = client.post(
        url, {"person": elsewhere.pk, "starts_on": "2026-12-01", "pattern": "weekly"}
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(url, {"person": mine.pk, "starts_on": "2026-12-01", "pattern": "weekly"})
    schedule = CheckInSchedule.objects.get(person=mine)
    assert response.url == reverse("onboarding:checkin-schedule-detail", args=[schedule.pk])
    assert list(schedule.cadences.values_list("frequency", "ends_on")) == [("weekly", None)]
    assert schedule.supervisor == supervisor and schedule.next_due == date(2026, 12, 1)
    # Once set up, the person is no longer offered.
    assert not client.get(url).context["form"].fields["person"].queryset.exists()


def test_setting_up_check_ins_is_refused_to_peers(client, catalogues, peer):
    client.force_login(peer)
    url = reverse("onboarding:checkin-schedule-create")
    assert client.get(url).status_code == 403
    assert (
        client.post(
            url, {"person": peer.pk, "starts_on": "2026-12-01", "pattern": "weekly"}
        ).status_code
        == 403
    )


@pytest.fixture
def schedule(catalogues, supervisor, peer):
    return checkin_schedule_create(
        person=peer,
        supervisor=supervisor,
        by=supervisor,
        cadences=[(Cadence.Frequency.WEEKLY, START, None)],
    )


def test_cadence_changes_bad_input_and_refusals_come_back_as_messages(
    client, schedule, supervisor, peer
):
    url = reverse("onboarding:checkin-schedule-cadence", args=[schedule.pk])
    detail = reverse("onboarding:checkin-schedule-detail", args=[schedule.pk])
    client.force_login(supervisor)
    response = client.post(url, {"frequency": "daily", "starts_on": "2026-12-14"})
    assert response.url == detail
    assert _messages(response) == ["Choose a cadence and the date it starts."]
    response = client.post(url, {"frequency": "monthly", "starts_on": "2026-11-30"})
    assert _messages(response) == [
        "Check-ins began on December 7, 2026: a new cadence starts on that day or later."
    ]
    client.force_login(peer)
    response = client.post(url, {"frequency": "monthly", "starts_on": "2026-12-14"})
    assert _messages(response) == ["Only the supervisor or HR can change the cadence."]
    assert list(schedule.cadences.values_list("frequency", flat=True)) == ["weekly"]
    client.force_login(supervisor)
    response = client.post(url, {"frequency": "biweekly", "starts_on": "2026-12-14"})
    assert _messages(response) == ["Cadence changed; the next check-in date is updated."]
    assert list(schedule.cadences.values_list("frequency", "ends_on")) == [
        ("weekly", date(2026, 12, 13)),
        ("biweekly", None),
    ]


def test_the_cadence_of_a_schedule_one_cannot_see_is_a_404(client, schedule, other_supervisor):
    client.force_login(other_supervisor)
    url = reverse("onboarding:checkin-schedule-cadence", args=[schedule.pk])
    assert client.post(url, {"frequency": "monthly", "starts_on": "2026-12-14"}).status_code == 404
    assert schedule.cadences.count() == 1


def test_recording_with_the_non_peer_question_set(client, schedule, supervisor, peer, hr_user):
    from onboarding.models import QuestionSet

    staff_set = QuestionSet.objects.get(code="wise-non-peer")
    client.force_login(hr_user)
    url = reverse("onboarding:checkin-record", args=[schedule.pk])
    form = client.get(url, {"set": "wise-non-peer"}).context["form"]
    assert form.question_set == staff_set and len(form.questions) == 4
    # An unknown set or a NUL gives the person's own questions: a peer's.
    fallback = client.get(url, {"set": "nope\x00"})
    assert fallback.status_code == 200
    assert fallback.context["form"].question_set.code == "wise-peer"
    data = {
        "held_on": "2026-12-07",
        "question_set": staff_set.pk,
        "participants": [hr_user.pk, supervisor.pk],
        **{f"answer_{q.pk}": f"Answer {q.order}" for q in form.questions},
    }
    with time_machine.travel(at_agency(date(2026, 12, 7), 17)):
        client.force_login(hr_user)  # a new day, a new sign-in
        response = client.post(url, data)
    check_in = schedule.check_ins.get()
    assert response.url == reverse("onboarding:checkin-detail", args=[check_in.pk])
    assert check_in.question_set == staff_set and check_in.recorded_by == hr_user
    assert set(check_in.participants.all()) == {hr_user, supervisor}
    assert list(check_in.answers.values_list("answer", flat=True)) == [
        f"Answer {n}" for n in range(1, 5)
    ]
    schedule.refresh_from_db()
    assert schedule.next_due == date(2026, 12, 14)


def test_a_check_in_dated_in_the_future_is_refused_next_to_its_date(client, schedule, supervisor):
    client.force_login(supervisor)
    url = reverse("onboarding:checkin-record", args=[schedule.pk])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "held_on": "2026-12-07",
            "question_set": form.question_set.pk,
            "participants": [supervisor.pk],
            "notes": "Kept on the page",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        "A check-in is recorded once it has taken place: December 7, 2026 is in the future. "
        "The next check-in is scheduled from the cadence."
    ]
    assert "Kept on the page" in response.content.decode()
    assert not schedule.check_ins.exists()


def test_a_check_in_without_participants_is_refused_and_nothing_saved(client, schedule, supervisor):
    client.force_login(supervisor)
    url = reverse("onboarding:checkin-record", args=[schedule.pk])
    form = client.get(url).context["form"]
    first = form.questions[0]
    response = client.post(
        url,
        {
            "held_on": "2026-12-07",
            "question_set": form.question_set.pk,
            f"answer_{first.pk}": "Kept on the page",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body and "Kept on the page" in body
    assert not schedule.check_ins.exists()


def test_the_peer_reads_their_check_ins_but_does_not_record_them(
    client, schedule, supervisor, peer, other_supervisor
):
    from onboarding.models import QuestionSet
    from onboarding.services.checkins import check_in_record

    with time_machine.travel(at_agency(START, 17)):
        check_in = check_in_record(
            schedule=schedule,
            by=supervisor,
            held_on=START,
            question_set=QuestionSet.objects.get(code="wise-peer"),
            participants=[peer, supervisor],
            answers={},
            follow_ups=[("Sign up for the WRAP seminar", peer, None)],
        )
    client.force_login(peer)
    detail = client.get(reverse("onboarding:checkin-detail", args=[check_in.pk]))
    assert detail.status_code == 200 and "Sign up for the WRAP seminar" in detail.content.decode()
    schedule_page = client.get(reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]))
    assert schedule_page.context["can_record"] is False
    record = reverse("onboarding:checkin-record", args=[schedule.pk])
    assert record not in schedule_page.content.decode()
    assert client.get(record).status_code == 404
    data = {"held_on": "2026-12-14", "question_set": check_in.question_set_id}
    data["participants"] = [peer.pk]
    assert client.post(record, data).status_code == 404
    assert schedule.check_ins.count() == 1
    client.force_login(other_supervisor)
    assert client.get(reverse("onboarding:checkin-detail", args=[check_in.pk])).status_code == 404


def test_the_check_in_list_shows_each_person_their_schedules(
    client, schedule, supervisor, peer, other_supervisor
):
    client.force_login(supervisor)
    response = client.get(reverse("onboarding:checkin-list"))
    assert list(response.context["schedules"]) == [schedule] and response.context["can_create"]
    client.force_login(peer)
    response = client.get(reverse("onboarding:checkin-list"))
    assert list(response.context["schedules"]) == [schedule]
    assert not response.context["can_create"]
    client.force_login(other_supervisor)
    assert list(client.get(reverse("onboarding:checkin-list")).context["schedules"]) == []


def test_check_in_pages_name_question_sets_in_words_with_a_peers_own_first(
    client, schedule, supervisor, other_supervisor
):
    client.force_login(supervisor)
    page = client.get(reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]))
    html = page.content.decode()
    assert [qs.code for qs in page.context["question_sets"]] == ["wise-peer", "wise-non-peer"]
    peer_button = html.index("Record a check-in: questions for the peer")
    assert peer_button < html.index("Record a check-in: questions for non-peer staff")
    assert "wise-peer</" not in html and "non_peer" not in html
    form_page = client.get(reverse("onboarding:checkin-record", args=[schedule.pk]))
    assert form_page.context["form"].question_set.code == "wise-peer"
    assert '<h2 class="h5 mt-3">Questions for the peer</h2>' in form_page.content.decode()
    assert "Use the questions for non-peer staff instead" in form_page.content.decode()
    assert "question_set<" not in form_page.content.decode()
    # A check-in with a supervisor (who is not a peer) starts from the staff questions.
    staff_schedule = checkin_schedule_create(
        person=supervisor,
        supervisor=other_supervisor,
        by=other_supervisor,
        cadences=[(Cadence.Frequency.MONTHLY, START, None)],
    )
    client.force_login(other_supervisor)
    staff_form = client.get(reverse("onboarding:checkin-record", args=[staff_schedule.pk]))
    assert staff_form.context["form"].question_set.code == "wise-non-peer"


def test_detail_draws_progress_by_phase(client, start_onboarding, hr_user, time_machine):
    onboarding = start_onboarding()
    OnboardingItem.objects.filter(
        onboarding=onboarding, text="Auto insurance policy (if driving)"
    ).update(status="not_applicable", completed_by=hr_user)
    time_machine.move_to(at_agency(date(2026, 12, 9)))
    client.force_login(hr_user)
    response = client.get(reverse("onboarding:onboarding-detail", args=[onboarding.pk]))
    body = response.content.decode()
    assert ' style="' not in body
    start = body.index('id="onboarding-progress"')
    chart = body[start : body.index("</svg>", start)]
    assert 'role="img"' in chart
    assert '<title id="onboarding-progress-title">Onboarding progress by phase</title>' in chart
    day_one = next(p for p in response.context["phases"] if p["code"] == "day_one")
    assert (day_one["not_applicable"], day_one["open"], day_one["overdue"]) == (1, 0, 16)
    # The text alternative names every count the bars draw.
    assert "Day one: 0 done, 1 not applicable, 0 open, 16 overdue" in chart
    assert ">16<" in chart and ">17 in all<" in chart
