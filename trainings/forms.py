from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

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


class SessionPlaceForm(forms.Form):
    """The place of a session being changed; its days are a ``SessionDayFormSet``."""

    location = forms.CharField(max_length=300, required=False, label="Place")
    online_url = forms.URLField(required=False, label="Online link", assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SessionDayForm(forms.Form):
    day = forms.DateField(widget=DateInput, label="Date")
    starts = forms.TimeField(widget=TimeInput, label="Starts at")
    ends = forms.TimeField(widget=TimeInput, label="Ends at")


class _DayFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Remove this day"

    def clean(self):
        super().clean()
        if not any(form.cleaned_data and not form.cleaned_data.get("DELETE") for form in self):
            raise forms.ValidationError("A session runs on at least one day.")


# One empty row to add a day; "Remove this day" on each.
SessionDayFormSet = forms.formset_factory(
    SessionDayForm, formset=_DayFormSet, extra=1, can_delete=True, max_num=10, validate_max=True
)


def day_form_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class EnrolOtherForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, label="Person to enrol")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.username


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        min_value=1,
        label="Seats",
        help_text="Added seats go to the people on the waitlist, in the order they joined it.",
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
