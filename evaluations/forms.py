import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from competencies.models import Domain, Framework
from core.forms import CommentGuidanceMixin, IdsChoiceField

from .models import Evaluation, EvaluationTemplate, Rating
from .services.templates import RATABLE_KINDS


class DateInput(forms.DateInput):
    input_type = "date"


class EvaluationCreateForm(forms.Form):
    peer = forms.ModelChoiceField(queryset=None, label="Peer staff member")
    template = forms.ModelChoiceField(queryset=EvaluationTemplate.objects.filter(is_active=True))
    kind = forms.ChoiceField(choices=Evaluation.Kind.choices, label="Evaluation type")
    period_start = forms.DateField(widget=DateInput)
    period_end = forms.DateField(widget=DateInput)
    due_date = forms.DateField(widget=DateInput)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = team
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


class RatingForm(CommentGuidanceMixin, forms.Form):
    """Ratings and comments for every item of an evaluation, the supervisor's or the peer's own.

    The form only checks that values are well formed; the rules (comments,
    completeness, Not Applicable) are the services'.
    """

    # Not required here: the service refuses a save without it, with its own message.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # One token per opened page: its own autosaves never conflict with each other, while
    # the same person's other tab does (services.evaluations.check_revision).
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    confirm_not_applicable = forms.BooleanField(
        required=False, label="I confirm the Not Applicable ratings are intended."
    )

    def __init__(self, *args, evaluation, mode="supervisor", **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation, self.mode = evaluation, mode
        self.rating_attr = "rating" if mode != "self" else "self_rating"
        self.comment_attr = "comment" if mode != "self" else "self_comment"
        choices = [("", "Not rated")] + list(Rating.choices)
        for section in evaluation.sections_list:
            for item in section.items_list:
                self.fields[f"rating_{item.pk}"] = forms.ChoiceField(
                    choices=choices, required=False, initial=getattr(item, self.rating_attr)
                )
            self.fields[f"comment_{section.pk}"] = forms.CharField(
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=getattr(section, self.comment_attr),
            )
        if mode == "self":
            self.fields["self_overall_comments"] = forms.CharField(
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=evaluation.self_overall_comments,
                label="Overall comments",
            )
        else:
            self.fields["overall_comments"] = forms.CharField(
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=evaluation.overall_comments,
            )
            self.fields["goals"] = forms.CharField(
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=evaluation.goals,
            )
        self.fields["revision"].initial = (
            evaluation.self_revision if mode == "self" else evaluation.revision
        )
        self.fields["page"].initial = secrets.token_hex(8)

    def ratings(self) -> dict[int, str]:
        """Only the ratings present in the post: a partial save changes nothing else."""
        return {
            int(name.removeprefix("rating_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rating_") and name in self.data
        }

    def comments(self) -> dict[int, str]:
        return {
            int(name.removeprefix("comment_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment_") and name in self.data
        }

    def text(self, name):
        return self.cleaned_data.get(name) if name in self.data else None

    def rows(self):
        """Sections with their bound rating fields, for the template."""
        rows = []
        for section in self.evaluation.sections_list:
            rows.append(
                {
                    "section": section,
                    "comment": self[f"comment_{section.pk}"],
                    "items": [
                        {
                            "item": item,
                            "field": self[f"rating_{item.pk}"],
                            "value": self[f"rating_{item.pk}"].value() or "",
                        }
                        for item in section.items_list
                    ],
                }
            )
        return rows


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


class AmendForm(RatingForm):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why is this evaluation being amended?",
    )


class EvaluationTemplateForm(forms.Form):
    name = forms.CharField(max_length=200)
    framework = forms.ModelChoiceField(queryset=Framework.objects.order_by("name", "-version"))
    domains = IdsChoiceField(
        queryset=Domain.objects.filter(kind__in=RATABLE_KINDS)
        .select_related("framework")
        .order_by("framework__name", "order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Categories to rate",
        help_text="Leave empty to rate every category of the framework.",
    )
    is_default = forms.BooleanField(required=False, label="Use by default for new evaluations")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domains"].label_from_instance = lambda d: (
            f"{d.framework.short_name} {d.code}. {d.title}"
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Create template"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if EvaluationTemplate.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A template with this name already exists.")
        return name
