"""The rating form's radios, written out in Python: 62 items of five radios each made
about 2,500 template variables a page, most of the page's time (bench/README.md)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..forms import RATING_CHOICES

register = template.Library()

# Values and labels are the model's own; escaped once, they are filled in as they are.
_RADIOS = [
    (
        value,
        '<div class="form-check form-check-inline m-0">'
        '<input class="form-check-input" type="radio" name="rating_{pk}" '
        f'id="r{{pk}}-{escape(value)}" value="{escape(value)}"{{checked}}{{confirm}}>'
        f'<label class="form-check-label" for="r{{pk}}-{escape(value)}">{escape(label)}</label>'
        "</div>",
    )
    for value, label in RATING_CHOICES
]
_CONFIRM = ' data-confirm="The WISE guide asks to avoid Not Applicable. Rate {code} Not Applicable anyway?"'


@register.simple_tag
def rating_radios(entry: dict) -> str:
    """One item's radios; ``entry`` is a row of ``RatingForm.rows`` (pk, code, value)."""
    pk, value = escape(entry["pk"]), entry["value"]
    confirm = _CONFIRM.format(code=escape(entry["code"]))
    return mark_safe(
        "\n".join(
            markup.format(
                pk=pk,
                checked=" checked" if value == choice else "",
                confirm=confirm if choice == "na" else "",
            )
            for choice, markup in _RADIOS
        )
    )
