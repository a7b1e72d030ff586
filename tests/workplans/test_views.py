"""Work plan pages: each page, what it saves, what it refuses, and its query count."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from evaluations.models import EvaluationItem, EvaluationSection, Rating
from people.roles import Role
from tests.clock import frozen
from tests.evaluations.conftest import make_submitted_evaluation
from tests.revisions import current_revision
from workplans.models import FollowUpMeeting, GuidePoint, GuideSection, ImmediateStep, WorkPlan
from workplans.selectors import guide_filled
from workplans.services.plans import (
    signed_text_fingerprint,
    workplan_meeting_save,
    workplan_sign,
    workplan_step_add,
    workplan_update,
)

from .conftest import START, new_plan, sign_both

pytestmark = [frozen, pytest.mark.django_db]


def url(name, plan, **kwargs):
    return reverse(f"workplans:{name}", kwargs={"pk": plan.pk, **kwargs})


def test_list_shows_only_the_plans_a_person_may_see(client, guide, peer, supervisor, make_person):
    mine = new_plan(peer, supervisor)
    other_peer = make_person(Role.PEER, supervisor=supervisor)
    new_plan(other_peer, supervisor)
    client.force_login(peer)
    response = client.get(reverse("workplans:workplan-list"))
    assert list(response.context["page"]) == [mine]
    assert b"Start a work plan" not in response.content
    client.force_login(supervisor)
    response = client.get(reverse("workplans:workplan-list"))
    assert len(response.context["page"]) == 2 and b"Start a work plan" in response.content


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_is_flat(
    client, guide, supervisor, make_person, rows, django_assert_num_queries
):
    for _ in range(rows):
        new_plan(make_person(Role.PEER, supervisor=supervisor), supervisor)
    client.force_login(supervisor)
    with django_assert_num_queries(5):
        response = client.get(reverse("workplans:workplan-list"))
    assert len(response.context["page"]) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 50])
def test_detail_query_count_is_flat(
    client, plan, peer, supervisor, rows, django_assert_num_queries
):
    for n in range(rows):
        workplan_step_add(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            text=f"Step {n}",
            owner=peer,
            due_date=START,
        )
        workplan_meeting_save(
            revision=current_revision(plan),
            plan=plan,
            by=supervisor,
            date=date(2026, 12, 1) + timedelta(days=n),
            notes=f"Met {n}",
        )
    client.force_login(peer)
    with django_assert_num_queries(10):
        response = client.get(url("workplan-detail", plan))
    assert response.status_code == 200
    assert response.content.count(b"Step ") >= rows


def test_detail_shows_every_checklist_point_section_and_prompt(client, plan, peer):
    client.force_login(peer)
    response = client.get(url("workplan-detail", plan))
    text = response.content.decode()
    for point in GuidePoint.objects.all():
        assert point.text.replace("'", "&#x27;") in text
    plan = WorkPlan.objects.select_related("employee__profile", "employee__organisation").get(
        pk=plan.pk
    )
    for section in GuideSection.objects.all():
        filled = guide_filled(section, plan=plan)
        assert f"{section.numeral}. {filled.title}" in text
        for prompt in filled.prompts:
            assert prompt.replace("'", "&#x27;") in text
    # The toolkit's placeholders are filled with this plan's own people and agency.
    first_name = plan.employee.first_name
    assert f"{first_name}, what is going on for you? What do we need to know?" in text
    assert f"you were hired by {plan.employee.organisation.name}" in text
    for leftover in ("[EMPLOYEE]", "[NAME]", "[AGENCY]", "[CUSTOMIZE AS APPROPRIATE]", "(pp. "):
        assert leftover not in text
    assert b"Sign the plan" in response.content and b"Edit the plan" not in response.content


def test_edit_page_shows_prompts_beside_fields_and_saves(client, plan, supervisor):
    client.force_login(supervisor)
    response = client.get(url("workplan-edit", plan))
    assert response.status_code == 200
    text = response.content.decode()
    vi = guide_filled(GuideSection.objects.get(numeral="VI"), plan=plan)
    assert vi.prompts[1].replace("'", "&#x27;") in text and "[EMPLOYEE]" not in text
    assert 'name="needs_person"' in text and 'for="id_needs_person"' in text
    points = list(GuidePoint.objects.all())
    data = {
        "start_date": "2026-12-01",
        "end_date": "2027-02-28",
        "needs_person": "A peer mentor.",
        "meeting_every": "14",
        "meeting_day": "3",
        "meeting_time": "10:00",
        "meeting_minutes": "30",
        f"point_{points[0].pk}": "yes",
        f"point_{points[1].pk}": "no",
        "revision": current_revision(plan),
    }
    response = client.post(url("workplan-edit", plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.needs_person == "A peer mentor." and plan.meeting_every == 14
    answers = dict(plan.answers.values_list("point__number", "answer"))
    assert answers[1] is True and answers[2] is False and answers[3] is None


def test_edit_refuses_bad_dates_and_keeps_what_was_typed(client, plan, supervisor):
    client.force_login(supervisor)
    response = client.post(
        url("workplan-edit", plan),
        {
            "revision": current_revision(plan),
            "start_date": "2027-03-01",
            "end_date": "2027-01-01",
            "contribution": "Keep me.",
        },
    )
    assert response.status_code == 400
    assert b"must end on or after its start date" in response.content
    assert b"Keep me." in response.content
    plan.refresh_from_db()
    assert plan.contribution == ""


def test_edit_is_for_the_manager_only(client, plan, peer, hr_user):
    for person in (peer, hr_user):
        client.force_login(person)
        assert client.get(url("workplan-edit", plan)).status_code == 403
        assert (
            client.post(
                url("workplan-edit", plan),
                {
                    "revision": current_revision(plan),
                },
            ).status_code
            == 403
        )


def test_create_page_offers_only_the_team(client, guide, supervisor, peer, make_person):
    outsider = make_person(Role.PEER)
    client.force_login(supervisor)
    response = client.get(reverse("workplans:workplan-create"))
    assert list(response.context["form"].fields["employee"].queryset) == [peer]
    response = client.post(
        reverse("workplans:workplan-create"),
        {"employee": outsider.pk, "start_date": "2026-12-01", "end_date": "2027-02-28"},
    )
    assert response.status_code == 400 and not WorkPlan.objects.exists()
    response = client.post(
        reverse("workplans:workplan-create"),
        {"employee": peer.pk, "start_date": "2026-12-01", "end_date": "2027-02-28"},
    )
    plan = WorkPlan.objects.get()
    assert response.url == url("workplan-edit", plan)


def test_start_from_an_evaluation(client, catalogues, peer, supervisor):
    evaluation = make_submitted_evaluation(peer, supervisor)
    EvaluationItem.objects.filter(section__evaluation=evaluation, code="III.2").update(
        rating=Rating.DEVELOPING
    )
    EvaluationSection.objects.filter(evaluation=evaluation, code="III").update(comment="Growing.")
    client.force_login(supervisor)
    detail = client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    assert b"Start a work plan" in detail.content
    response = client.post(reverse("workplans:workplan-from-evaluation", args=[evaluation.pk]))
    plan = WorkPlan.objects.get()
    assert response.url == url("workplan-edit", plan)
    assert plan.evaluation == evaluation and plan.performance_issues.startswith("III.2 ")
    page = client.get(url("workplan-detail", plan))
    assert b"Category III comment: Growing." in page.content


def test_start_from_an_evaluation_without_developing_items_says_why(
    client, catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    client.force_login(supervisor)
    detail = client.get(reverse("evaluations:evaluation-detail", args=[evaluation.pk]))
    assert b"Start a work plan" not in detail.content
    response = client.post(
        reverse("workplans:workplan-from-evaluation", args=[evaluation.pk]), follow=True
    )
    assert b"no items rated Developing" in response.content and not WorkPlan.objects.exists()


def test_signing_pages_refuse_a_wrong_name_then_lock(client, plan, peer, supervisor):
    client.force_login(peer)
    response = client.get(url("workplan-sign", plan))
    assert b"Your comments" in response.content
    response = client.post(
        url("workplan-sign", plan),
        {"fingerprint": signed_text_fingerprint(plan), "signature": "Someone Else"},
    )
    assert response.status_code == 400
    assert f"Type your name as “{peer.get_full_name()}”".encode() in response.content
    client.post(
        url("workplan-sign", plan),
        {
            "fingerprint": signed_text_fingerprint(plan),
            "signature": peer.get_full_name(),
            "comments": "Ok.",
        },
    )
    client.force_login(supervisor)
    assert b"Your comments" not in client.get(url("workplan-sign", plan)).content
    client.post(
        url("workplan-sign", plan),
        {"fingerprint": signed_text_fingerprint(plan), "signature": supervisor.get_full_name()},
    )
    plan.refresh_from_db()
    assert plan.is_locked and plan.employee_comments == "Ok."
    response = client.get(url("workplan-edit", plan), follow=True)
    assert b"can no longer be changed" in response.content
    assert (
        client.post(
            url("workplan-edit", plan),
            {
                "revision": current_revision(plan),
                "start_date": "2026-12-01",
                "end_date": "2027-01-01",
            },
        ).status_code
        == 400
    )
    response = client.get(url("workplan-step-create", plan), follow=True)
    assert b"can no longer be changed" in response.content


def test_sign_page_is_not_for_hr(client, plan, hr_user):
    client.force_login(hr_user)
    assert client.get(url("workplan-sign", plan)).status_code == 403


def test_steps_pages(client, plan, peer, supervisor):
    client.force_login(supervisor)
    assert client.get(url("workplan-step-create", plan)).status_code == 200
    response = client.post(
        url("workplan-step-create", plan),
        {
            "revision": current_revision(plan),
            "text": "Enroll in WRAP.",
            "owner": peer.pk,
            "due_date": "2026-12-15",
        },
    )
    assert response.status_code == 302
    step = ImmediateStep.objects.get()
    assert step.owner == peer
    client.force_login(peer)
    client.post(
        url("workplan-step-done", plan, step_pk=step.pk),
        {"revision": current_revision(plan), "done": "1"},
    )
    step.refresh_from_db()
    assert step.done_at is not None
    response = client.post(
        url("workplan-step-delete", plan, step_pk=step.pk),
        {"revision": current_revision(plan)},
        follow=True,
    )
    assert (
        b"the plan&#x27;s manager" in response.content or b"the plan's manager" in response.content
    )
    client.force_login(supervisor)
    client.post(
        url("workplan-step-delete", plan, step_pk=step.pk), {"revision": current_revision(plan)}
    )
    assert not ImmediateStep.objects.exists()


def test_meeting_pages(client, plan, supervisor):
    sign_both(plan)
    client.force_login(supervisor)
    assert client.get(url("workplan-meeting-create", plan)).status_code == 200
    client.post(
        url("workplan-meeting-create", plan),
        {"revision": current_revision(plan), "date": "2026-12-10"},
    )
    meeting = FollowUpMeeting.objects.get()
    page = client.get(url("workplan-meeting-edit", plan, meeting_pk=meeting.pk))
    assert page.status_code == 200
    client.post(
        url("workplan-meeting-edit", plan, meeting_pk=meeting.pk),
        {
            "revision": current_revision(plan),
            "date": "2026-12-10",
            "notes": "Good progress.",
            "employee_attended": "on",
        },
    )
    meeting.refresh_from_db()
    assert meeting.notes == "Good progress." and meeting.employee_attended
    assert not meeting.manager_attended


@pytest.fixture
def signed_pdf_plan(plan, supervisor, peer):
    workplan_sign(
        fingerprint=signed_text_fingerprint(plan),
        plan=plan,
        by=supervisor,
        signature=supervisor.get_full_name(),
    )
    return plan


def test_others_get_404_on_every_plan_url_including_the_pdf(
    client, plan, supervisor, other_supervisor, make_person
):
    from tests.documents import store_file
    from workplans.models import WorkPlanPdf

    step = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="x",
        owner=supervisor,
        due_date=START,
    )
    meeting = workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=START
    )
    pdf = WorkPlanPdf.objects.create(
        plan=plan,
        requested_by=supervisor,
        plan_revision=plan.revision,
        status=WorkPlanPdf.Status.READY,
        file_name=f"views-{plan.pk}.pdf",
    )
    store_file(pdf)
    gets = [
        url("workplan-detail", plan),
        url("workplan-edit", plan),
        url("workplan-sign", plan),
        url("workplan-step-create", plan),
        url("workplan-meeting-create", plan),
        url("workplan-meeting-edit", plan, meeting_pk=meeting.pk),
        url("workplan-pdf-status", plan, pdf_pk=pdf.pk),
        url("workplan-pdf-download", plan, pdf_pk=pdf.pk),
    ]
    posts = [
        url("workplan-pdf", plan),
        url("workplan-step-done", plan, step_pk=step.pk),
        url("workplan-step-delete", plan, step_pk=step.pk),
    ]
    for outsider in (other_supervisor, make_person(Role.PEER, supervisor=supervisor)):
        client.force_login(outsider)
        for address in gets:
            assert client.get(address).status_code == 404, address
        for address in posts:
            assert client.post(address).status_code == 404, address
    client.force_login(supervisor)
    download = client.get(url("workplan-pdf-download", plan, pdf_pk=pdf.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_hr_and_admins_see_every_plan(client, plan, hr_user, admin_user):
    for person in (hr_user, admin_user):
        client.force_login(person)
        assert client.get(url("workplan-detail", plan)).status_code == 200
        assert plan in client.get(reverse("workplans:workplan-list")).context["page"]


def test_navigation_entry_for_everyone(client, guide, peer):
    client.force_login(peer)
    response = client.get(reverse("home"))
    assert b'href="/workplans/"' in response.content


# One person, two tabs: every change names the version it was made from


def test_a_stale_edit_from_the_managers_other_tab_is_a_conflict_with_differences(
    client, plan, supervisor
):
    client.force_login(supervisor)
    dates = {"start_date": "2026-12-01", "end_date": "2027-02-28"}
    first_tab = client.get(url("workplan-edit", plan)).context["form"]["revision"].value()
    second_tab = client.get(url("workplan-edit", plan)).context["form"]["revision"].value()
    response = client.post(
        url("workplan-edit", plan),
        {**dates, "revision": first_tab, "needs_person": "From the first tab."},
    )
    assert response.status_code == 302
    response = client.post(
        url("workplan-edit", plan),
        {**dates, "revision": second_tab, "needs_person": "From the second tab."},
    )
    assert response.status_code == 409
    assert "Your changes were not saved" in response.content.decode()
    assert response.context["differences"]
    assert WorkPlan.objects.get(pk=plan.pk).needs_person == "From the first tab."


@pytest.mark.parametrize("name", ["workplan-edit", "workplan-step-create", "workplan-sign"])
def test_a_plan_change_without_its_revision_is_refused_and_says_so(
    client, plan, supervisor, peer, name
):
    client.force_login(supervisor)
    before = current_revision(plan)
    data = {
        "start_date": "2026-12-01",
        "end_date": "2027-02-28",
        "needs_person": "Changed.",
        "text": "A step.",
        "owner": peer.pk,
        "due_date": "2026-12-15",
        "signature": supervisor.get_full_name(),
    }
    response = client.post(url(name, plan), data)
    assert response.status_code == 400
    assert "did not say which version of the work plan" in response.content.decode()
    assert current_revision(plan) == before and not ImmediateStep.objects.exists()


def test_meeting_notes_from_a_stale_tab_are_refused_and_kept_on_the_form(client, plan, supervisor):
    sign_both(plan)
    meeting = workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=START
    )
    client.force_login(supervisor)
    edit = url("workplan-meeting-edit", plan, meeting_pk=meeting.pk)
    first_tab = client.get(edit).context["form"]["revision"].value()
    second_tab = client.get(edit).context["form"]["revision"].value()
    client.post(edit, {"revision": first_tab, "date": "2026-12-01", "notes": "First notes."})
    response = client.post(
        edit, {"revision": second_tab, "date": "2026-12-01", "notes": "Second notes."}
    )
    assert response.status_code == 409
    assert "Second notes." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == "First notes."
    # The form now holds the current version: saving again keeps the second tab's notes.
    again = response.context["form"]["revision"].value()
    client.post(edit, {"revision": again, "date": "2026-12-01", "notes": "Second notes."})
    meeting.refresh_from_db()
    assert meeting.notes == "Second notes."


def test_a_step_marked_from_a_stale_page_changes_nothing(client, plan, supervisor, peer):
    step = workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Enroll in WRAP.",
        owner=peer,
        due_date=START,
    )
    client.force_login(peer)
    stale = current_revision(plan)
    client.post(url("workplan-step-done", plan, step_pk=step.pk), {"revision": stale, "done": "1"})
    response = client.post(
        url("workplan-step-done", plan, step_pk=step.pk),
        {"revision": stale, "done": "0"},
        follow=True,
    )
    assert "changed since you opened the page, so nothing was changed" in (
        response.content.decode()
    )
    step.refresh_from_db()
    assert step.done_at is not None


def test_a_signature_given_meanwhile_does_not_refuse_the_other_persons(
    client, plan, peer, supervisor
):
    # Both open the sign page; the manager signs first.
    client.force_login(peer)
    opened = client.get(url("workplan-sign", plan)).context["form"]["fingerprint"].value()
    workplan_sign(
        fingerprint=signed_text_fingerprint(plan),
        plan=plan,
        by=supervisor,
        signature=supervisor.get_full_name(),
    )
    response = client.post(
        url("workplan-sign", plan), {"fingerprint": opened, "signature": peer.get_full_name()}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_locked and plan.manager_signature and plan.employee_signature


def test_a_plan_whose_text_changed_after_the_sign_page_opened_is_not_signed(
    client, plan, peer, supervisor
):
    client.force_login(peer)
    opened = client.get(url("workplan-sign", plan)).context["form"]["fingerprint"].value()
    workplan_update(
        plan=plan,
        by=supervisor,
        answers={},
        revision=current_revision(plan),
        needs_person="New terms.",
    )
    response = client.post(
        url("workplan-sign", plan),
        {"fingerprint": opened, "signature": peer.get_full_name()},
        follow=True,
    )
    assert "changed since you opened it" in response.content.decode()
    plan.refresh_from_db()
    assert plan.employee_signed_at is None


def test_signing_twice_shows_the_plan_signed(client, plan, peer):
    client.force_login(peer)
    data = {"fingerprint": signed_text_fingerprint(plan), "signature": peer.get_full_name()}
    client.post(url("workplan-sign", plan), data)
    again = client.post(url("workplan-sign", plan), data, follow=True)
    assert again.redirect_chain[-1][0] == url("workplan-detail", plan)
    assert "You have already signed this plan." in again.content.decode()
    assert client.get(url("workplan-sign", plan)).status_code == 302


def test_edit_page_asks_each_point_as_a_radio_group_with_the_saved_answer(client, plan, supervisor):
    points = list(GuidePoint.objects.all())
    workplan_update(
        plan=plan,
        by=supervisor,
        answers={points[0].pk: True, points[1].pk: False},
        revision=current_revision(plan),
    )
    client.force_login(supervisor)
    text = client.get(url("workplan-edit", plan)).content.decode()
    groups = re.findall(
        r"<fieldset>\s*<legend[^>]*>\s*(.*?)\s*</legend>(.*?)</fieldset>", text, re.S
    )
    # The legend is the point word for word, in the guide's order.
    assert [legend for legend, _ in groups] == [
        point.text.replace("'", "&#x27;") for point in points
    ]
    checked = [
        re.findall(r'name="(point_\d+)" value="(\w*)"\s+id="[^"]+" checked', g) for _, g in groups
    ]
    assert checked[0] == [(f"point_{points[0].pk}", "yes")]
    assert checked[1] == [(f"point_{points[1].pk}", "no")]
    assert all(c == [(f"point_{p.pk}", "")] for c, p in zip(checked[2:], points[2:], strict=True))
