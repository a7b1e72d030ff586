from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join

from .models import Attendance, Course


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
        *(Field(name, wrapper_class="col-auto") for name in field_names),
        # Level with the inputs, below their labels.
        Div(
            StrictButton(button, type="submit", css_class="btn-outline-primary"),
            css_class="col-auto pw-beside-label",
        ),
    )
    return helper


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


class _Markup:
    """Markup of the attendance table between its fields, already escaped. Not crispy's HTML
    object, which would read a person's name as template code."""

    def __init__(self, html):
        self.html = html

    def render(self, form, context, template_pack=None, **kwargs):
        return self.html


class AttendanceForm(forms.Form):
    """Lays out the attendance table: a status and an hours field per person and day. The
    marks are validated by ``attendance_record``, which reports every refused one at once."""

    def __init__(self, *args, slots, rows, **kwargs):
        super().__init__(*args, auto_id="%s", **kwargs)
        statuses = [("", "Not recorded"), *Attendance.Status.choices]
        table = [
            _Markup(
                format_html(
                    '<table class="table table-sm"><caption class="visually-hidden">'
                    'Attendance per person and day</caption><thead><tr><th scope="col">Person'
                    '</th>{}<th scope="col">Status</th></tr></thead><tbody>',
                    format_html_join(
                        "",
                        '<th scope="col">{} ({} h)</th>',
                        ((date_format(slot.starts_at, "D, M j"), slot.hours) for slot in slots),
                    ),
                )
            )
        ]
        for row in rows:
            person = row["enrolment"].person
            table.append(_Markup(format_html('<tr><th scope="row">{}</th>', person)))
            for cell in row["cells"]:
                day = date_format(cell["slot"].starts_at, "M j")
                status, hours = f"status-{cell['key']}", f"hours-{cell['key']}"
                self.fields[status] = forms.ChoiceField(
                    choices=statuses,
                    required=False,
                    initial=cell["status"],
                    label=format_html(
                        '<span class="visually-hidden">Attendance of {} on {}</span>', person, day
                    ),
                )
                self.fields[hours] = forms.DecimalField(
                    required=False,
                    min_value=0,
                    initial=cell["hours"],
                    widget=forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
                    label=format_html(
                        'Hours, if part of the day<span class="visually-hidden">, {} on {}</span>',
                        person,
                        day,
                    ),
                )
                table += [
                    _Markup("<td>"),
                    Field(status, css_class="form-select-sm"),
                    Field(hours, css_class="form-control-sm"),
                    _Markup("</td>"),
                ]
            table.append(
                _Markup(format_html("<td>{}</td></tr>", row["enrolment"].get_status_display()))
            )
        if not rows:
            table.append(
                _Markup(
                    format_html(
                        '<tr><td colspan="{}">No one is enrolled.</td></tr>', len(slots) + 2
                    )
                )
            )
        table.append(_Markup("</tbody></table>"))
        self.helper = FormHelper()
        self.helper.label_class = "small mb-0"
        self.helper.layout = Layout(
            *table, StrictButton("Save attendance", type="submit", css_class="btn-primary")
        )
