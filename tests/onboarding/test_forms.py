"""Onboarding forms: who is offered, what is refused and how sub-items and follow-ups read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.forms import (
    CadenceForm,
    CheckInForm,
    NotApplicableForm,
    OnboardingStartForm,
    ReassignForm,
    ScheduleCreateForm,
    SubitemsField,
    TemplateCloneForm,
    TemplateItemFormSet,
)
from onboarding.models import QuestionSet
from people.models import User
from people.roles import Role
from people.selectors import employed_people
from tests.clock import frozen

pytestmark = [frozen, pytest.mark.django_db]


def _start_data(template, supervisor, **extra):
    return {
        "template": template.pk,
        "start_date": timezone.localdate().isoformat(),
        "employment_type": "employee",
        "supervisor": supervisor.pk,
        **extra,
    }


def test_start_form_offers_only_supervisors_who_work_here(template, supervisor, peer, make_person):
    former = make_person(Role.SUPERVISOR, end_date=timezone.localdate() - timedelta(days=1))
    form = OnboardingStartForm()
    supervisors = set(form.fields["supervisor"].queryset)
    assert supervisor in supervisors and peer not in supervisors and former not in supervisors
    assert former not in set(form.fields["person"].queryset)
    assert form.fields["supervisor"].label_from_instance(supervisor) == supervisor.get_full_name()
    form = OnboardingStartForm(_start_data(template, peer, person=supervisor.pk))
    assert not form.is_valid() and "supervisor" in form.errors


def test_start_form_needs_a_person_or_a_full_name_and_email(template, supervisor, peer):
    form = OnboardingStartForm(_start_data(template, supervisor, first_name="Avery"))
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Choose the new hire, or give their first name, last name and email."
    ]
    assert OnboardingStartForm(_start_data(template, supervisor, person=peer.pk)).is_valid()
    form = OnboardingStartForm(
        _start_data(
            template, supervisor, first_name=" Avery ", last_name="Quinn", email="aq@example.org"
        )
    )
    assert form.is_valid() and form.cleaned_data["first_name"] == "Avery"


def test_start_form_refuses_a_bad_email_date_and_type(template, supervisor):
    form = OnboardingStartForm(
        _start_data(
            template,
            supervisor,
            first_name="Avery",
            last_name="Quinn",
            email="not-an-email",
            start_date="31/31/2026",
            employment_type="contractor",
        )
    )
    assert not form.is_valid()
    assert set(form.errors) >= {"email", "start_date", "employment_type"}
    assert form.errors["start_date"] == ["Enter a valid date."]


def test_not_applicable_needs_a_reason():
    form = NotApplicableForm({"reason": ""})
    assert not form.is_valid() and form.errors["reason"] == ["This field is required."]
    assert NotApplicableForm({"reason": "Does not drive"}).is_valid()


def test_reassign_offers_exactly_the_people_given(supervisor, peer, hr_user):
    people = User.objects.filter(pk__in=[supervisor.pk, hr_user.pk])
    assert ReassignForm({"to": hr_user.pk}, people=people).is_valid()
    form = ReassignForm({"to": peer.pk}, people=people)
    assert not form.is_valid() and "to" in form.errors


def test_subitems_are_one_per_line_without_blanks():
    field = SubitemsField(required=False)
    assert field.to_python("  Share the list \n\n Discuss it\n") == ["Share the list", "Discuss it"]
    assert field.to_python(["kept"]) == ["kept"] and field.to_python(None) == []
    assert field.prepare_value(["a", "b"]) == "a\nb" and field.prepare_value("a") == "a"
    assert not field.has_changed(["a", "b"], "a\r\nb\n")
    assert field.has_changed(["a"], "a\nb")


def _formset_data(template, rows):
    data = {
        "items-TOTAL_FORMS": len(rows),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        for name, value in row.items():
            data[f"items-{n}-{name}"] = value
    return data


def _row(code, **extra):
    return {
        "phase": "day_one",
        "text": f"Item {code}",
        "assignee": "hr",
        "due_offset_days": 0,
        "applies_to": "both",
        "required": "on",
        "code": code,
        "order": 1,
        **extra,
    }


def test_template_formset_refuses_a_code_used_twice_and_bad_choices(db):
    from onboarding.models import ChecklistTemplate

    template = ChecklistTemplate.objects.create(name="Small")
    formset = TemplateItemFormSet(
        _formset_data(template, [_row("same"), _row("same")]), instance=template
    )
    assert not formset.is_valid()
    assert "Please correct the duplicate data for code" in " ".join(formset.non_form_errors())
    formset = TemplateItemFormSet(
        _formset_data(template, [_row("a", phase="someday", due_offset_days="soon")]),
        instance=template,
    )
    assert not formset.is_valid()
    assert set(formset.errors[0]) == {"phase", "due_offset_days"}
    assert not template.items.exists()


def test_clone_form_needs_a_name_and_offers_every_program(db):
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    form = TemplateCloneForm({"name": "", "program": ""})
    assert not form.is_valid() and "name" in form.errors
    form = TemplateCloneForm({"name": "Copy", "program": program.pk})
    assert form.is_valid() and form.cleaned_data["program"] == program


def test_schedule_form_offers_only_the_people_given_and_the_patterns(supervisor, peer, hr_user):
    people = User.objects.filter(pk=peer.pk)
    today = timezone.localdate().isoformat()
    form = ScheduleCreateForm(
        {"person": peer.pk, "starts_on": today, "pattern": "standard"}, people=people
    )
    assert form.is_valid()
    for pattern in ("weekly", "biweekly", "monthly"):
        assert ScheduleCreateForm(
            {"person": peer.pk, "starts_on": today, "pattern": pattern}, people=people
        ).is_valid()
    form = ScheduleCreateForm(
        {"person": hr_user.pk, "starts_on": today, "pattern": "daily"}, people=people
    )
    assert not form.is_valid() and set(form.errors) == {"person", "pattern"}


def test_cadence_form_refuses_unknown_frequency_and_missing_date():
    form = CadenceForm({"frequency": "hourly", "starts_on": ""})
    assert not form.is_valid() and set(form.errors) == {"frequency", "starts_on"}


@pytest.fixture
def peer_questions(catalogues):
    return QuestionSet.objects.get(code="wise-peer")


def _check_in_data(question_set, participants, **extra):
    return {
        "held_on": timezone.localdate().isoformat(),
        "question_set": question_set.pk,
        "participants": [p.pk for p in participants],
        **extra,
    }


def test_check_in_form_has_a_field_per_question_and_three_follow_ups(
    peer_questions, supervisor, peer
):
    form = CheckInForm(question_set=peer_questions, people=employed_people())
    questions = list(peer_questions.questions.all())
    assert [f.name for f in form.answer_fields()] == [f"answer_{q.pk}" for q in questions]
    assert form.fields[f"answer_{questions[0].pk}"].label == f"1. {questions[0].text}"
    assert len(form.follow_up_rows()) == CheckInForm.FOLLOW_UPS == 3
    assert form.fields["question_set"].initial == peer_questions.pk


def test_check_in_form_answers_and_follow_ups_with_owners(peer_questions, supervisor, peer):
    first = peer_questions.questions.first()
    data = _check_in_data(
        peer_questions,
        [peer, supervisor],
        **{
            f"answer_{first.pk}": "Going well",
            "follow_up_0": "Find a WRAP seminar",
            "follow_up_0_owner": peer.pk,
            "follow_up_1": "",
            "follow_up_2": "Mileage form",
            "follow_up_2_owner": supervisor.pk,
            "follow_up_2_due": "2026-12-04",
        },
    )
    form = CheckInForm(data, question_set=peer_questions, people=employed_people())
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers[first.pk] == "Going well" and len(answers) == peer_questions.questions.count()
    assert [(t, o, d and d.isoformat()) for t, o, d in form.follow_ups()] == [
        ("Find a WRAP seminar", peer, None),
        ("Mileage form", supervisor, "2026-12-04"),
    ]


def test_check_in_form_refuses_no_participants_and_ownerless_follow_ups(
    peer_questions, supervisor, make_person
):
    former = make_person(Role.PEER, end_date=timezone.localdate() - timedelta(days=1))
    data = _check_in_data(peer_questions, [], follow_up_1="Call the clinic", held_on="not a date")
    form = CheckInForm(data, question_set=peer_questions, people=employed_people())
    assert not form.is_valid()
    assert form.errors["follow_up_1_owner"] == ["Every follow-up needs an owner."]
    assert set(form.errors) == {"participants", "held_on", "follow_up_1_owner"}
    # Someone who has left is not offered, as participant or owner.
    data = _check_in_data(peer_questions, [former], follow_up_0="Call", follow_up_0_owner=former.pk)
    form = CheckInForm(data, question_set=peer_questions, people=employed_people())
    assert not form.is_valid() and set(form.errors) == {"participants", "follow_up_0_owner"}


def test_check_in_form_refuses_an_id_too_large_for_the_database(peer_questions, supervisor):
    data = _check_in_data(peer_questions, [supervisor])
    data["participants"] = [supervisor.pk, str(2**64)]
    form = CheckInForm(data, question_set=peer_questions, people=employed_people())
    assert not form.is_valid() and "participants" in form.errors
