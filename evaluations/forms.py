import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from competencies.models import Domain, Framework
from core.forms import CommentGuidanceMixin, IdsChoiceField, filter_helper

from .models import Evaluation, EvaluationTemplate, Rating
from .services.templates import RATABLE_KINDS


class DateInput(forms.DateInput):
    input_type = "date"


class EvaluationCreateForm(forms.Form):
    peer = forms.ModelChoiceField(queryset=None, label="Peer staff member")
    template = forms.ModelChoiceField(queryset=None)
    kind = forms.ChoiceField(choices=Evaluation.Kind.choices, label="Evaluation type")
    period_start = forms.DateField(widget=DateInput)
    period_end = forms.DateField(widget=DateInput)
    due_date = forms.DateField(widget=DateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = team
        self.fields["template"].queryset = EvaluationTemplate.objects.filter(is_active=True)
        self.fields["peer"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Start evaluation"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after its start.")
        return cleaned


# One field of each kind checks every rating and category comment: one field per item (62
# on the WISE form), each copied, bound and read through its widget, was paid on every page.
RATING_FIELD = forms.ChoiceField(choices=[("", "Not rated"), *Rating.choices], required=False)
COMMENT_FIELD = forms.CharField(required=False, max_length=10000)
# The radios the page offers for each item, as strings the template prints as they are.
RATING_CHOICES = [(str(value), str(label)) for value, label in Rating.choices]


# Sent with the Not Applicable box: its absence from a post then means "not ticked".
CONFIRMATION_SHOWN = "confirm_not_applicable_shown"


def _text_field(rows: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class RatingForm(CommentGuidanceMixin, forms.Form):
    """The supervisor's ratings and comments for every item of an evaluation.

    The form only checks that values are well formed; the rules (comments,
    completeness, Not Applicable) are the services'. Ratings (``rating_<item pk>``) and
    category comments (``comment_<section pk>``) are read from the data by ``clean``, not
    declared as one field each; ``rows`` lays them out for the template as plain data.
    """

    rating_attr = "rating"
    comment_attr = "comment"
    confirm_attr = "not_applicable_confirmed"

    # Not required here: the service refuses a save without it, with its own message.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # One token per opened page: its own autosaves never conflict with each other, while
    # the same person's other tab does (services.evaluations.check_revision).
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    confirm_not_applicable = forms.BooleanField(
        required=False, label="I confirm the Not Applicable ratings are intended."
    )
    overall_comments = _text_field(4)
    goals = _text_field(4)

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        for name in self.text_fields():
            self.fields[name].initial = getattr(evaluation, name)
        self.fields["revision"].initial = self.opened_revision(evaluation)
        self.fields["confirm_not_applicable"].initial = getattr(evaluation, self.confirm_attr)
        self.fields["page"].initial = secrets.token_hex(8)

    @staticmethod
    def opened_revision(evaluation) -> int:
        return evaluation.revision

    @classmethod
    def text_fields(cls) -> tuple[str, ...]:
        return ("overall_comments", "goals")

    def clean(self):
        cleaned = super().clean()
        self._ratings, self._comments = {}, {}
        for section in self.evaluation.sections_list:
            for item in section.items_list:
                self._read(RATING_FIELD, f"rating_{item.pk}", item.pk, self._ratings, item.code)
            self._read(
                COMMENT_FIELD, f"comment_{section.pk}", section.pk, self._comments, section.code
            )
        return cleaned

    def _read(self, field, name, pk, into, code):
        """Only what the post names: a partial save changes nothing else."""
        if name not in self.data:
            return
        try:
            into[pk] = field.clean(self.data.get(name))
        except forms.ValidationError as exc:
            self.add_error(None, [f"{code}: {message}" for message in exc.messages])

    def ratings(self) -> dict[int, str]:
        """The ratings present in the post, by item pk."""
        return self._ratings

    def comments(self) -> dict[int, str]:
        """The category comments present in the post, by section pk."""
        return self._comments

    def confirmation(self) -> bool | None:
        """The Not Applicable box as posted, or None when the post did not show it (an
        unticked checkbox sends nothing, so the page says it was there)."""
        if CONFIRMATION_SHOWN not in self.data:
            return None
        return self.cleaned_data["confirm_not_applicable"]

    def text(self, name):
        return self.cleaned_data.get(name) if name in self.data else None

    def answers(self) -> dict:
        """What was posted, as ``selectors.evaluation_conflict_diff`` compares it."""
        return {
            "ratings": self.ratings(),
            "comments": self.comments(),
            "texts": {
                name: self.cleaned_data[name] for name in self.text_fields() if name in self.data
            },
        }

    def rows(self) -> list[dict]:
        """Sections, their items and the values to show, as strings for the template: the
        posted ones on a bound form, the saved ones otherwise."""
        data, bound = self.data, self.is_bound
        rating_attr, comment_attr = self.rating_attr, self.comment_attr
        rows = []
        for section in self.evaluation.sections_list:
            name = f"comment_{section.pk}"
            comment = data.get(name) if bound else getattr(section, comment_attr)
            items = []
            for item in section.items_list:
                pk = str(item.pk)
                value = data.get(f"rating_{pk}") if bound else getattr(item, rating_attr)
                items.append({"pk": pk, "code": item.code, "text": item.text, "value": value or ""})
            rows.append(
                {"section": section, "comment_name": name, "comment": comment or "", "items": items}
            )
        return rows


class SelfAssessmentForm(RatingForm):
    """The peer's own ratings and comments (``self_rating``, ``self_comment``)."""

    rating_attr = "self_rating"
    comment_attr = "self_comment"
    confirm_attr = "self_not_applicable_confirmed"

    overall_comments = None
    goals = None
    self_overall_comments = _text_field(4, label="Overall comments")

    @staticmethod
    def opened_revision(evaluation) -> int:
        return evaluation.self_revision

    @classmethod
    def text_fields(cls) -> tuple[str, ...]:
        return ("self_overall_comments",)


class AmendForm(RatingForm):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why is this evaluation being amended?",
    )


class TakeBackForm(CommentGuidanceMixin, forms.Form):
    note = forms.CharField(label="Why (optional)", required=False, max_length=2000)
    guided_fields = ("note",)


class _SignatureForm(CommentGuidanceMixin, forms.Form):
    """The peer signs by typing their name, for the version their page showed."""

    submit_label = ""
    comments_label = "Your comments (optional)"

    # The version the page showed: a signature is for what the peer read.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    signature = forms.CharField(max_length=200, label="Type your full name to sign")
    comments = forms.CharField(
        required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].label = self.comments_label
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class AcknowledgeForm(_SignatureForm):
    submit_label = "Sign and acknowledge"

    disagrees = forms.BooleanField(required=False, label="I disagree with this evaluation")
    disagreement_statement = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What you disagree with",
    )


class AmendmentAcknowledgeForm(_SignatureForm):
    submit_label = "Sign the amended version"
    comments_label = "Your comments on the amendment (optional)"


class EvaluationTemplateForm(forms.Form):
    name = forms.CharField(max_length=200)
    framework = forms.ModelChoiceField(queryset=None)
    domains = IdsChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Categories to rate",
        help_text="Leave empty to rate every category of the framework.",
    )
    is_default = forms.BooleanField(required=False, label="Use by default for new evaluations")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per form, in the request's scope: shared frameworks and the agency's own.
        self.fields["framework"].queryset = Framework.objects.order_by("name", "-version")
        self.fields["domains"].queryset = (
            Domain.objects.filter(kind__in=RATABLE_KINDS)
            .select_related("framework")
            .order_by("framework__name", "order")
        )
        self.fields["domains"].label_from_instance = lambda d: (
            f"{d.framework.short_name} {d.code}. {d.title}"
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Create template"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # In the agency's scope: names are unique within each agency.
        if EvaluationTemplate.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A template with this name already exists.")
        return name


class EvaluationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="State", required=False, choices=[("", "All states"), *Evaluation.State.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper("state", label="Filter evaluations")
