"""Shared form pieces."""

import pytest

from evaluations.forms import EvaluationTemplateForm


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809"])
def test_an_id_too_large_for_the_database_is_an_unknown_choice_not_a_crash(catalogues, value):
    form = EvaluationTemplateForm({"name": "Local", "domains": [value]})
    assert not form.is_valid()
    assert "Select a valid choice" in str(form.errors["domains"])
