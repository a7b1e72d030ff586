"""An onboarding that starts, and an item handed to someone, reach them by email."""

import pytest
from django.core import mail
from django.urls import reverse

from onboarding.models import OnboardingItem
from onboarding.services.plans import onboarding_item_reassign
from tests.clock import frozen

pytestmark = [frozen, pytest.mark.django_db]


def test_starting_tells_the_new_hire_and_the_supervisor_their_steps(
    start_onboarding, supervisor, hr_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        onboarding = start_onboarding()
    person = onboarding.person
    by_address = {m.to[0]: m for m in mail.outbox if "onboarding" in m.subject.lower()}
    assert set(by_address) == {person.email, supervisor.email}  # HR started it: not told
    welcome = by_address[person.email]
    assert welcome.subject == "Welcome: your onboarding has started"
    theirs = OnboardingItem.objects.filter(
        onboarding=onboarding, assignee=person, status=OnboardingItem.Status.OPEN
    )
    assert theirs.exists()
    for item in theirs:
        assert item.text in welcome.body
    supervisors = by_address[supervisor.email]
    assert f"Onboarding of {person.get_full_name()} has started" == supervisors.subject
    assert reverse("onboarding:onboarding-detail", args=[onboarding.pk]) in supervisors.body


def test_reassigning_an_item_tells_the_new_assignee(
    start_onboarding, supervisor, hr_user, django_capture_on_commit_callbacks
):
    onboarding = start_onboarding()
    item = OnboardingItem.objects.filter(
        onboarding=onboarding, assignee=supervisor, status=OnboardingItem.Status.OPEN
    ).first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        onboarding_item_reassign(item=item, by=supervisor, to=hr_user)
    assert [m.to for m in mail.outbox] == [[hr_user.email]]
    assert "is now yours" in mail.outbox[0].subject
    assert item.text in mail.outbox[0].body
    mail.outbox.clear()
    # Handed back: the supervisor is told, in a notice of its own.
    with django_capture_on_commit_callbacks(execute=True):
        onboarding_item_reassign(
            item=OnboardingItem.objects.get(pk=item.pk), by=hr_user, to=supervisor
        )
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
