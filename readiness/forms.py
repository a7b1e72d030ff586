from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import AnswerChoice, TeamMember

NOT_ANSWERED = [("", "Not answered yet")]


class CycleForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the cycle", help_text="E.g. Spring 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Open the cycle"))


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, label="Person")
    seat = forms.ChoiceField(choices=TeamMember.Seat.choices, label="At the table as")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add to the team"))


class AnswersForm(forms.Form):
    """One answer (Yes / Partly / No / Don't know) and a note per question; the template
    lays the fields out under each competency."""

    def __init__(self, *args, questions, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            found = existing.get(q.pk)
            self.fields[f"answer_{q.pk}"] = forms.ChoiceField(
                choices=NOT_ANSWERED + AnswerChoice.choices,
                required=False,
                label=q.text,
                initial=found.answer if found else "",
            )
            self.fields[f"note_{q.pk}"] = forms.CharField(
                required=False,
                label="Note",
                max_length=2000,
                initial=found.note if found else "",
                widget=forms.TextInput,
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            q.pk: (self.cleaned_data[f"answer_{q.pk}"], self.cleaned_data[f"note_{q.pk}"])
            for q in self.questions
        }

    def by_question(self) -> dict[int, tuple]:
        return {q.pk: (self[f"answer_{q.pk}"], self[f"note_{q.pk}"]) for q in self.questions}


class SurveyOpenForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the round", help_text="E.g. Spring 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send the survey to everyone"))


class SurveyAnswerForm(forms.Form):
    """Every statement of both instruments on the five-point scale; each may be left out."""

    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, instruments, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = instruments
        choices = [("", "No answer"), *[(str(v), label) for v, label in scale]]
        for _, items in instruments:
            for item in items:
                self.fields[f"item_{item.code}"] = forms.ChoiceField(
                    choices=choices, required=False, label=item.text, help_text=item.description
                )

    def answers(self) -> dict[str, int]:
        return {
            item.code: int(self.cleaned_data[f"item_{item.code}"])
            for _, items in self.instruments
            for item in items
            if self.cleaned_data[f"item_{item.code}"]
        }

    def groups(self) -> list[tuple[str, list]]:
        return [
            (title, [self[f"item_{item.code}"] for item in items])
            for title, items in self.instruments
        ]


class ChallengeForm(forms.Form):
    """The toolkit's "Analyzing leadership challenges" form, for one competency."""

    competency_code = forms.ChoiceField(label="Competency")
    current_situation = forms.CharField(label="Current Situation", widget=forms.Textarea)
    COLUMNS = (("causes", "Causes"), ("why", "Why"), ("details", "Details"))
    COLUMNS += (("action", "Proposed Action/Intervention"),)

    def __init__(self, *args, competencies, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency_code"].choices = competencies
        self.areas = areas
        for area, area_label in areas:
            for column, label in self.COLUMNS:
                self.fields[f"{area}_{column}"] = forms.CharField(
                    label=f"{area_label}: {label}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def causes(self) -> dict:
        return {
            area: {column: self.cleaned_data[f"{area}_{column}"] for column, _ in self.COLUMNS}
            for area, _ in self.areas
        }

    def rows(self) -> list[tuple[str, list]]:
        return [
            (label, [self[f"{area}_{column}"] for column, _ in self.COLUMNS])
            for area, label in self.areas
        ]


class ActionForm(forms.Form):
    competency_code = forms.ChoiceField(label="Competency")
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(queryset=None, label="Owner")
    due_date = forms.DateField(label="Due date", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, competencies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency_code"].choices = competencies
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Add the action"))
