from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.validators import MaxValueValidator

from core.forms import CommentGuidanceMixin

from .models import WorkPlan
from .services.plans import CONTENT_FIELDS

# The largest value of the PositiveSmallIntegerField that holds the meeting's length.
MEETING_MINUTES_MAX = 32767


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def _person_label(user):
    return user.get_full_name() or user.username


class WorkPlanCreateForm(forms.Form):
    employee = forms.ModelChoiceField(queryset=None, label="Employee")
    start_date = forms.DateField(label="Plan start date", widget=DateInput)
    end_date = forms.DateField(label="Plan end date", widget=DateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = team
        self.fields["employee"].label_from_instance = _person_label
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Start the work plan"))


ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not answered")]
ANSWER_VALUES = {"yes": True, "no": False, "": None}


class WorkPlanForm(CommentGuidanceMixin, forms.Form):
    """The checklist answers and the fields of sections I–VIII; the template places each field
    beside the source's guiding questions, and draws the checklist with ``basics_helper``."""

    # The version the person opened: saving over a newer one is refused (no lost update).
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["revision"].initial = plan.revision
        self.fields.update(
            forms.fields_for_model(
                WorkPlan,
                fields=CONTENT_FIELDS,
                widgets={
                    "start_date": DateInput,
                    "end_date": DateInput,
                    "meeting_time": TimeInput,
                },
            )
        )
        for name in CONTENT_FIELDS:
            self.fields[name].initial = getattr(plan, name)
            if isinstance(self.fields[name].widget, forms.Textarea):
                self.fields[name].widget.attrs["rows"] = 4
        self.fields["meeting_minutes"].widget.attrs["min"] = 5
        # A plain form does not get the model's range checks: keep minutes within the column
        # (SQLite would store any number; PostgreSQL would fail the request).
        minutes = self.fields["meeting_minutes"]
        minutes.max_value = MEETING_MINUTES_MAX
        minutes.validators.append(MaxValueValidator(MEETING_MINUTES_MAX))
        minutes.widget.attrs["max"] = MEETING_MINUTES_MAX
        self.answer_rows = []
        for answer in plan.answers_list:
            name = f"point_{answer.point_id}"
            value = {True: "yes", False: "no", None: ""}[answer.answer]
            self.fields[name] = forms.ChoiceField(
                choices=ANSWER_CHOICES,
                required=False,
                initial=value,
                label=answer.point.text,
                widget=forms.RadioSelect,
            )
            self.answer_rows.append((answer.point, name))
        # Each point is a radio group named by the point's own text (its legend), so a screen
        # reader announces the question with each answer; inline radios wrap on a phone.
        # Only the checklist: the page's own form tag, token and error summary (which lists
        # what changed in a newer version) stay in the template.
        self.basics_helper = FormHelper()
        self.basics_helper.form_tag = False
        self.basics_helper.disable_csrf = True
        self.basics_helper.form_show_errors = False
        self.basics_helper.layout = Layout(*(InlineRadios(name) for _, name in self.answer_rows))

    def answers(self) -> dict[int, bool | None]:
        return {
            point.pk: ANSWER_VALUES[self.cleaned_data[name]] for point, name in self.answer_rows
        }

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class StepForm(CommentGuidanceMixin, forms.Form):
    text = forms.CharField(label="Step", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    owner = forms.TypedChoiceField(label="Owner", coerce=int)
    due_date = forms.DateField(label="Due date", widget=DateInput)
    # The plan's version the page was opened at: the service refuses a change to a newer one.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = plan.revision
        self.people = {plan.employee.pk: plan.employee, plan.manager.pk: plan.manager}
        self.fields["owner"].choices = [(pk, _person_label(u)) for pk, u in self.people.items()]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Add the step"))

    def clean_owner(self):
        return self.people[self.cleaned_data["owner"]]


class MeetingForm(CommentGuidanceMixin, forms.Form):
    date = forms.DateField(label="Date", widget=DateInput)
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Leave empty to plan a meeting; add notes once it has taken place.",
    )
    employee_attended = forms.BooleanField(required=False)
    manager_attended = forms.BooleanField(required=False)
    others_attending = forms.CharField(label="Others who attended", required=False, max_length=300)
    # The plan's version the page was opened at: the service refuses a change to a newer one.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = plan.revision
        self.fields["employee_attended"].label = f"{_person_label(plan.employee)} attended"
        self.fields["manager_attended"].label = f"{_person_label(plan.manager)} attended"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Save the meeting"))


class SignForm(CommentGuidanceMixin, forms.Form):
    signature = forms.CharField(label="Type your full name to sign", max_length=200)
    # What is being signed (services.plans.signed_text_fingerprint): a plan whose text
    # changed since the page was opened is not signed unread.
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    comments = forms.CharField(
        label="Your comments (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args, with_comments: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_comments:
            del self.fields["comments"]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Sign the plan"))
