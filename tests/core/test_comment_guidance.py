"""Free-text fields say what to leave out: names or identifiers of people receiving services."""

import pytest
from django import forms
from django.urls import reverse

from core.forms import COMMENT_GUIDANCE, CommentGuidanceMixin
from evaluations.forms import AcknowledgeForm
from onboarding.forms import NotApplicableForm, NotesForm
from tests.clock import frozen
from tests.evaluations.conftest import new_evaluation
from tests.workplans.conftest import load_guide, new_plan
from workplans.forms import MeetingForm, SignForm, StepForm

pytestmark = [frozen, pytest.mark.django_db]


def test_every_multiline_field_carries_the_guidance_even_those_added_later():
    class Later(CommentGuidanceMixin, forms.Form):
        title = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["notes"] = forms.CharField(widget=forms.Textarea, help_text="Optional.")

    form = Later()
    assert form["notes"].help_text == f"Optional. {COMMENT_GUIDANCE}"
    assert form["title"].help_text == ""
    # Rendering twice does not repeat it.
    assert str(form["notes"].help_text).count(COMMENT_GUIDANCE) == 1


def test_the_forms_with_free_text_use_it(peer, supervisor):
    load_guide()
    plan = new_plan(peer, supervisor)
    for form in (
        AcknowledgeForm(),
        NotesForm(),
        NotApplicableForm(),
        StepForm(plan=plan),
        MeetingForm(plan=plan),
        SignForm(with_comments=True),
    ):
        textareas = [
            n
            for n, f in form.fields.items()
            if isinstance(f.widget, forms.Textarea) or n in form.guided_fields
        ]
        assert textareas, type(form)
        for name in textareas:
            assert COMMENT_GUIDANCE in form[name].help_text, (type(form), name)


def test_the_pages_show_it(client, catalogues, peer, supervisor):
    load_guide()
    evaluation = new_evaluation(peer, supervisor)
    plan = new_plan(peer, supervisor)
    client.force_login(supervisor)
    for url in (
        reverse("evaluations:evaluation-edit", args=[evaluation.pk]),
        reverse("workplans:workplan-edit", args=[plan.pk]),
    ):
        assert COMMENT_GUIDANCE in client.get(url).content.decode(), url
