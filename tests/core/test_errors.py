"""The one error type: a model's own checks refuse as ApplicationError (core.errors)."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError, full_clean
from people.models import StaffProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_field_rule_refuses_under_its_field():
    person = UserFactory()
    profile = StaffProfile(user=person, supervisor=person)
    with pytest.raises(ApplicationError) as refused:
        full_clean(profile)
    assert refused.value.errors["supervisor"] == ["A person cannot be their own supervisor."]


def test_a_rule_of_the_whole_record_refuses_for_the_whole_form():
    from trainings.models import Session

    session = Session(course_id=None, enrolment_deadline=timezone.localdate())
    with pytest.raises(ApplicationError) as refused:
        full_clean(session, exclude=["course"])
    assert refused.value.errors[None] == ["Give a place or an online link."]
    assert "__all__" not in refused.value.errors


def test_options_reach_the_models_full_clean():
    person = UserFactory.build(username="")
    with pytest.raises(ApplicationError) as refused:
        full_clean(person, exclude=["password", "organisation"])
    assert "username" in refused.value.errors
    full_clean(UserFactory.build(), exclude=["password", "organisation"])
