from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator

from core.forms import CommentGuidanceMixin, IdsChoiceField
from people.models import Program, StaffProfile, User
from people.roles import Role
from people.selectors import employed_people

from .models import (
    Cadence,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Holiday,
    PastSteps,
    QuestionSet,
)


class DateInput(forms.DateInput):
    input_type = "date"


def _name(user):
    return user.get_full_name() or user.username


def _helper(label):
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", label))
    return helper


class OnboardingStartForm(forms.Form):
    template = forms.ModelChoiceField(queryset=None, label="Checklist")
    # Querysets are set per form: who works here depends on the day.
    person = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="New hire (if they already have an account)",
    )
    first_name = forms.CharField(max_length=150, required=False, label="Or: first name")
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(
        required=False, help_text="They can set their password with “Forgotten your password?”."
    )
    start_date = forms.DateField(widget=DateInput)
    employment_type = forms.ChoiceField(
        choices=StaffProfile.EmploymentType.choices, label="Employee or volunteer"
    )
    supervisor = forms.ModelChoiceField(queryset=User.objects.none())
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        help_text="Where they will work. Left empty: the program they already have, or the checklist's.",
        required=False,
    )
    past_steps = forms.ChoiceField(
        choices=PastSteps.choices,
        initial=PastSteps.DUE_TODAY,
        widget=forms.RadioSelect,
        label="Steps whose dates have already passed",
        help_text="When the start date is close, some steps before it may already be late.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.all()
        # The agency's own checklists and the shared ones (the scope decides which).
        self.fields["template"].queryset = ChecklistTemplate.objects.all()
        self.fields["person"].queryset = employed_people().order_by("last_name", "first_name")
        self.fields["supervisor"].queryset = (
            employed_people().filter(groups__name=Role.SUPERVISOR).order_by("last_name")
        )
        for name in ("person", "supervisor"):
            self.fields[name].label_from_instance = _name
        self.helper = _helper("Start onboarding")

    def clean_past_steps(self):
        return self.cleaned_data["past_steps"] or PastSteps.DUE_TODAY

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not all(
            cleaned.get(f) for f in ("first_name", "last_name", "email")
        ):
            raise forms.ValidationError(
                "Choose the new hire, or give their first name, last name and email."
            )
        return cleaned


class _ItemActionForm(CommentGuidanceMixin, forms.Form):
    """One action on one item of a plan. Given ``item``, the form is laid out beside that
    item on the plan's page: ids carry the item's id, since the page holds one per item."""

    url_name = ""

    def __init__(self, *args, item=None, refusal_id=None, **kwargs):
        if item is not None:
            kwargs["auto_id"] = f"%s-{item.pk}"
        super().__init__(*args, **kwargs)
        if item is not None:
            self.helper = FormHelper()
            self.helper.form_action = reverse(self.url_name, args=[item.pk])
            self.helper.form_class = "d-flex flex-wrap align-items-start gap-1 mb-1"
            self.helper.label_class = "visually-hidden"
            self.helper.layout = self.item_layout(item)
            if refusal_id:
                # The refusal shown beside the item describes the fields it refused.
                for name, field in self.fields.items():
                    own = f"{self[name].auto_id}_helptext" if self[name].help_text else ""
                    field.widget.attrs["aria-describedby"] = f"{refusal_id} {own}".strip()

    def item_layout(self, item):
        raise NotImplementedError


class NotesForm(_ItemActionForm):
    guided_fields = ("notes",)
    url_name = "onboarding:item-complete"

    notes = forms.CharField(required=False, max_length=2000)

    def item_layout(self, item):
        label = "Seen, on file" if item.record_only else "Done"
        return Layout(
            Field(
                "notes",
                css_class="form-control-sm",
                placeholder="Notes (optional)",
                wrapper_class="flex-grow-1",
            ),
            StrictButton(
                f'{label}<span class="visually-hidden">: {escape(Truncator(item.text).chars(40))}'
                "</span>",
                type="submit",
                css_class="btn-success btn-sm text-nowrap",
            ),
        )


class NotApplicableForm(_ItemActionForm):
    guided_fields = ("reason",)
    url_name = "onboarding:item-not-applicable"

    reason = forms.CharField(max_length=2000, label="Reason it does not apply")

    def item_layout(self, item):
        return Layout(
            Field(
                "reason",
                css_class="form-control-sm",
                placeholder="Why it does not apply",
                wrapper_class="flex-grow-1",
            ),
            StrictButton(
                "Not applicable",
                type="submit",
                css_class="btn-outline-secondary btn-sm text-nowrap",
            ),
        )


class ReassignForm(_ItemActionForm):
    guided_fields = ("notes",)
    url_name = "onboarding:item-reassign"

    to = forms.ModelChoiceField(queryset=None, label="Reassign to")
    notes = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, people, item=None, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        # The service's own list (access.item_assignees), so the choices match the rule.
        self.fields["to"].queryset = people
        if item is not None:
            # One list for every item of the page: rendering the queryset would query per item.
            self.fields["to"].choices = [(p.pk, str(p)) for p in people]
            self.initial["to"] = item.assignee_id

    def item_layout(self, item):
        return Layout(
            Field("to", css_class="form-select-sm", wrapper_class="flex-grow-1"),
            StrictButton("Reassign", type="submit", css_class="btn-outline-secondary btn-sm"),
        )


class SubitemsField(forms.CharField):
    """One sub-item per line in the form; a list in the model."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class TemplateItemForm(forms.ModelForm):
    subitems = SubitemsField(required=False)

    class Meta:
        model = ChecklistTemplateItem
        fields = [
            "phase",
            "group",
            "text",
            "subitems",
            "assignee",
            "due_offset_days",
            "applies_to",
            "required",
            "record_only",
            "training_course_code",
            "code",
            "order",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


TemplateItemFormSet = forms.inlineformset_factory(
    ChecklistTemplate, ChecklistTemplateItem, form=TemplateItemForm, extra=1, can_delete=True
)


class TemplateCloneForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the copy")
    program = forms.ModelChoiceField(queryset=None, required=False, empty_label="Every program")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.all()
        self.helper = _helper("Make a copy")


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name"]
        widgets = {"date": DateInput}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.helper = _helper("Add holiday")

    def validate_unique(self):
        # The date is unique within the agency; the organisation is not a field here, so
        # the model form would skip that constraint.
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self._update_errors(exc)


class ScheduleCreateForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Peer")
    starts_on = forms.DateField(widget=DateInput, label="First check-in")
    pattern = forms.ChoiceField(
        choices=[("standard", "Weekly for 30 days, every two weeks to 90 days, then monthly")]
        + list(Cadence.Frequency.choices),
        label="Cadence",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _name
        self.helper = _helper("Set up check-ins")


class CadenceForm(forms.Form):
    frequency = forms.ChoiceField(choices=Cadence.Frequency.choices, label="New cadence")
    starts_on = forms.DateField(widget=DateInput, label="From")

    def __init__(self, *args, schedule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schedule is not None:
            self.helper = FormHelper()
            self.helper.form_action = reverse(
                "onboarding:checkin-schedule-cadence", args=[schedule.pk]
            )
            self.helper.form_class = "row g-2 mb-4 align-items-end"
            self.helper.attrs = {"aria-label": "Change the cadence"}
            self.helper.layout = Layout(
                Field("frequency", wrapper_class="col-auto"),
                Field("starts_on", wrapper_class="col-auto"),
                Div(
                    StrictButton("Change cadence", type="submit", css_class="btn-outline-primary"),
                    css_class="col-auto",
                ),
            )


class CheckInForm(CommentGuidanceMixin, forms.Form):
    held_on = forms.DateField(widget=DateInput, label="Date")
    question_set = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    participants = IdsChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, label="Who took part"
    )
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )

    FOLLOW_UPS = 3

    def __init__(self, *args, question_set, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_set = question_set
        # A check-in records a meeting held: the date picker offers no day after today.
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["question_set"].queryset = QuestionSet.objects.all()
        self.fields["question_set"].initial = question_set.pk
        self.fields["participants"].queryset = people
        self.fields["participants"].label_from_instance = _name
        self.questions = list(question_set.questions.all())
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=f"{q.order}. {q.text}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for n in range(self.FOLLOW_UPS):
            self.fields[f"follow_up_{n}"] = forms.CharField(
                required=False, max_length=1000, label=f"Follow-up {n + 1}"
            )
            self.fields[f"follow_up_{n}_owner"] = forms.ModelChoiceField(
                queryset=people, required=False, label="Owner"
            )
            self.fields[f"follow_up_{n}_owner"].label_from_instance = _name
            self.fields[f"follow_up_{n}_due"] = forms.DateField(
                required=False, widget=DateInput, label="Due"
            )

    def clean(self):
        cleaned = super().clean()
        for n in range(self.FOLLOW_UPS):
            if cleaned.get(f"follow_up_{n}") and not cleaned.get(f"follow_up_{n}_owner"):
                self.add_error(f"follow_up_{n}_owner", "Every follow-up needs an owner.")
        return cleaned

    def answers(self):
        return {q.pk: self.cleaned_data[f"answer_{q.pk}"] for q in self.questions}

    def follow_ups(self):
        return [
            (
                self.cleaned_data[f"follow_up_{n}"],
                self.cleaned_data[f"follow_up_{n}_owner"],
                self.cleaned_data[f"follow_up_{n}_due"],
            )
            for n in range(self.FOLLOW_UPS)
            if self.cleaned_data.get(f"follow_up_{n}")
        ]

    def answer_fields(self):
        return [self[f"answer_{q.pk}"] for q in self.questions]

    def follow_up_rows(self):
        return [
            (self[f"follow_up_{n}"], self[f"follow_up_{n}_owner"], self[f"follow_up_{n}_due"])
            for n in range(self.FOLLOW_UPS)
        ]
