from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.urls import reverse

from .models import Course


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.filter(is_active=True))
    first_day = forms.DateField(widget=DateInput)
    days = forms.IntegerField(
        min_value=1, max_value=10, initial=1, help_text="Consecutive days; one time slot per day."
    )
    starts = forms.TimeField(widget=TimeInput, label="Each day starts at")
    ends = forms.TimeField(widget=TimeInput, label="Each day ends at")
    location = forms.CharField(max_length=300, required=False, label="Place")
    online_url = forms.URLField(required=False, label="Online link", assume_scheme="https")
    trainer = forms.CharField(max_length=200, required=False)
    capacity = forms.IntegerField(
        min_value=1, required=False, help_text="Seats; the course maximum when left empty."
    )
    minimum = forms.IntegerField(
        min_value=1, required=False, help_text="Fewest to run; the course minimum when left empty."
    )
    enrolment_deadline = forms.DateField(widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Schedule session"))


def _inline_helper(action, button, field_names):
    """A one-line form on a session's page: its fields, then the button beside them."""
    helper = FormHelper()
    helper.form_action = action
    helper.form_class = "row g-2 mb-3 align-items-start"
    helper.layout = Layout(
        *(Field(name, wrapper_class="col-auto mb-0") for name in field_names),
        # Level with the inputs, below their labels.
        Div(
            StrictButton(button, type="submit", css_class="btn-outline-primary"),
            css_class="col-auto pw-beside-label",
        ),
    )
    return helper


class EnrolOtherForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, label="Person to enrol")

    def __init__(self, *args, people, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.username
        if session is not None:
            self.helper = _inline_helper(
                reverse("trainings:session-enrol", args=[session.pk]), "Enrol", ["person"]
            )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        min_value=1,
        label="Seats",
        help_text="Added seats go to the people on the waitlist, in the order they joined it.",
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:
            self.helper = _inline_helper(
                reverse("trainings:session-capacity", args=[session.pk]),
                "Change seats",
                ["capacity"],
            )


class TrainingSettingsForm(forms.Form):
    completion_percent = forms.IntegerField(
        min_value=1,
        max_value=100,
        label="Share of a session's hours needed to complete it (%)",
        help_text=(
            "Someone who attends at least this share of the hours has completed the training "
            "and is credited the hours attended; below it, they attended without completing. "
            "Attendance already settled keeps the rule it was settled by."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Save"))
