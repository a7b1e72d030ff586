"""The rating form's rows, written out in Python: 62 items of five radios each made
about 2,500 template variables a page, most of the page's time (bench/README.md)."""

from django import template
from django.utils.html import conditional_escape, escape
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


_ROW = (
    '<fieldset class="rating-row border-bottom py-2">\n'
    '<legend class="fs-6 mb-1"><span class="fw-semibold">{code}</span> {text}</legend>\n'
    '<div class="d-flex flex-wrap gap-3">\n{radios}\n</div>\n'
    "</fieldset>"
)


@register.simple_tag
def rating_rows(entries: list[dict]) -> str:
    """A category's items, each a fieldset whose legend is the item and whose radios are
    ``rating_radios``; one tag per category rather than a template loop per item."""
    return mark_safe(
        "\n".join(
            _ROW.format(
                code=conditional_escape(entry["code"]),
                text=conditional_escape(entry["text"]),
                radios=rating_radios(entry),
            )
            for entry in entries
        )
    )
