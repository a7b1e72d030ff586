"""The settings page's form: one choice per kind of email, built from the registered kinds."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms

from .kinds import NoticeKind, notice_kinds


class NoticePreferencesForm(forms.Form):
    """How a person wants each kind: hand-offs first, then reminders, each a radio group."""

    def __init__(self, *args, kinds: list[NoticeKind] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = notice_kinds() if kinds is None else kinds
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=f"Emails about {kind.label}",
                choices=kind.choices,
                widget=forms.RadioSelect,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        handoffs = [k.key for k in kinds if not k.reminder]
        reminders = [k.key for k in kinds if k.reminder]
        self.helper.layout = Layout(
            *([Fieldset("When something is handed to you", *handoffs)] if handoffs else []),
            *([Fieldset("Reminders of what is due", *reminders)] if reminders else []),
        )
