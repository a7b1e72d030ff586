"""The rating form's radios (evaluations/templatetags/rating_form.py)."""

import re

from evaluations.models import Rating
from evaluations.templatetags.rating_form import rating_radios


def test_five_labelled_radios_with_the_saved_one_checked():
    html = rating_radios({"pk": "7", "code": "I.1", "value": Rating.PROFICIENT})
    radios = re.findall(r"<input [^>]*>", html)
    assert len(radios) == len(Rating.choices) == 5
    for value, label in Rating.choices:
        assert f'id="r7-{value}" value="{value}"' in html
        assert f'<label class="form-check-label" for="r7-{value}">{label}</label>' in html
    assert [r for r in radios if " checked" in r] == [
        '<input class="form-check-input" type="radio" name="rating_7" id="r7-proficient" '
        'value="proficient" checked>'
    ]


def test_only_not_applicable_asks_to_confirm_and_the_code_is_escaped():
    html = rating_radios({"pk": "7", "code": '<b>"I.1"</b>', "value": ""})
    assert " checked" not in html
    assert html.count("data-confirm=") == 1
    assert (
        'value="na" data-confirm="The WISE guide asks to avoid Not Applicable. '
        'Rate &lt;b&gt;&quot;I.1&quot;&lt;/b&gt; Not Applicable anyway?"'
    ) in html
