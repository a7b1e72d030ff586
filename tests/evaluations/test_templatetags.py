"""The rating form's radios (evaluations/templatetags/rating_form.py)."""

import re

from evaluations.models import Rating
from evaluations.templatetags.rating_form import rating_radios, rating_rows


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


def test_a_categorys_rows_are_one_fieldset_per_item_with_its_radios_and_escaped_text():
    entries = [
        {"pk": "7", "code": "I.1", "text": "Listens <carefully> & well", "value": ""},
        {"pk": "8", "code": "I.2", "text": "Shares", "value": Rating.ADVANCED},
    ]
    html = rating_rows(entries)
    assert html.count('<fieldset class="rating-row border-bottom py-2">') == 2
    assert (
        '<legend class="fs-6 mb-1"><span class="fw-semibold">I.1</span> '
        "Listens &lt;carefully&gt; &amp; well</legend>"
    ) in html
    for entry in entries:
        assert rating_radios(entry) in html
    assert html.index('name="rating_7"') < html.index("I.2") < html.index('name="rating_8"')
