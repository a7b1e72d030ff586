"""What every form with free text shares, and the layout of every list's filters."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms

# Shown under every free-text field: staff records must not become records about the
# people the peer serves (SECURITY.md, "Comment fields").
COMMENT_GUIDANCE = (
    "Write about the work. Leave out names and anything else that could identify "
    "a person receiving services."
)


class CommentGuidanceMixin:
    """Puts COMMENT_GUIDANCE under each multi-line text field of the form.

    Applied as each field is rendered, so fields a form adds in its own ``__init__``
    (one per category, one per question) carry it too. Single-line free-text fields
    are named in ``guided_fields``."""

    guided_fields: tuple[str, ...] = ()

    def __getitem__(self, name):
        field = self.fields[name]
        free_text = isinstance(field.widget, forms.Textarea) or name in self.guided_fields
        if free_text and COMMENT_GUIDANCE not in str(field.help_text):
            field.help_text = f"{field.help_text} {COMMENT_GUIDANCE}".strip()
        return super().__getitem__(name)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several records by id. An id too large for a database integer is refused as an unknown
    choice here: in an ``__in`` lookup SQLite raises OverflowError instead of matching nothing."""

    def clean(self, value):
        for pk in value or ():
            try:
                too_large = abs(int(pk)) > 2**63 - 1
            except (TypeError, ValueError):
                continue  # not a number: the parent refuses it as it should
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


def filter_helper(
    *fields, label: str, submit: str = "Filter", clear_url: str = "", search: bool = False
) -> FormHelper:
    """The one layout of every list's filters (crispy-forms): a GET form named ``label``,
    its fields side by side on a wide screen and stacked on a phone, then the button and,
    given ``clear_url``, a link that clears them. A field may be a crispy layout object
    (a ``Field`` with extra markup after it, say). ``search`` makes it a search landmark."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "row g-2 align-items-end mb-3 pw-filters"
    helper.attrs = {"aria-label": label, **({"role": "search"} if search else {})}
    clear = (
        [HTML(f'<a class="btn btn-outline-secondary" href="{clear_url}">Clear</a>')]
        if clear_url
        else []
    )
    helper.layout = Layout(
        *(Div(field, css_class="col-sm-6 col-lg-3") for field in fields),
        Div(
            StrictButton(submit, type="submit", css_class="btn-outline-primary"),
            *clear,
            css_class="col-12 col-sm-auto mb-3 d-flex gap-2",
        ),
    )
    return helper
