"""What every form with free text shares."""

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
