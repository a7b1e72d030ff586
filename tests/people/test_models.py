"""A person belongs to exactly one organisation; only the operator's and a network's
accounts belong to none."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import User
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_without_an_organisation_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nowhere")
    person = User(username="nowhere")
    with pytest.raises(ValidationError, match="belongs to an organisation"):
        person.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=UserFactory().pk).update(organisation=None)


def test_a_superuser_and_a_network_viewer_may_belong_to_none():
    User.objects.create_superuser(username="operator", password="a-long-password-1")
    User.objects.create(username="county", network=NetworkFactory())
    assert set(
        User.objects.filter(organisation__isnull=True).values_list("username", flat=True)
    ) == {"operator", "county"}
