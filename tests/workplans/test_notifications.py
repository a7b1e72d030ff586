"""Each step of a work plan's signing reaches the other person by email."""

import pytest
from django.core import mail

from tests.clock import frozen
from tests.revisions import current_revision
from workplans.services.plans import workplan_sign, workplan_update

from .conftest import current_fingerprint, new_plan

pytestmark = [frozen, pytest.mark.django_db]


def sign(plan, person):
    return workplan_sign(
        plan=plan,
        by=person,
        signature=person.get_full_name(),
        fingerprint=current_fingerprint(plan),
    )


def test_starting_a_plan_tells_the_employee(
    guide, peer, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = new_plan(peer, supervisor)
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "started with you" in mail.outbox[0].subject
    assert f"/workplans/{plan.pk}/" in mail.outbox[0].body


def test_each_signature_tells_the_other_person(
    plan, peer, supervisor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign(plan, supervisor)
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "ready for your signature" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign(plan, peer)
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert "signed by both" in mail.outbox[0].subject
    assert "locked" in mail.outbox[0].body


def test_a_change_after_a_signature_asks_the_signer_to_sign_again(
    plan, peer, supervisor, django_capture_on_commit_callbacks
):
    sign(plan, peer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workplan_update(
            plan=plan,
            by=supervisor,
            answers={},
            revision=current_revision(plan),
            performance_issues="Arrives late to group sessions.",
        )
    assert [m.to for m in mail.outbox] == [[peer.email]]
    assert "sign again" in mail.outbox[0].subject
    # A change before anyone signed asks nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workplan_update(
            plan=plan,
            by=supervisor,
            answers={},
            revision=current_revision(plan),
            performance_issues="Arrives late to some group sessions.",
        )
    assert mail.outbox == []
