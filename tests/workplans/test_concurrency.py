"""Two saves of the same work plan at the same moment: no lost update."""

import pytest

from core.errors import ConflictError
from tests.clock import frozen
from tests.concurrency import race
from workplans.models import WorkPlan
from workplans.services.plans import signed_text_fingerprint, workplan_sign, workplan_update

from .conftest import load_guide, new_plan

pytestmark = frozen


@pytest.fixture
def plan(transactional_db, peer, supervisor):
    load_guide()
    return new_plan(peer, supervisor)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_one_is_saved_the_other_refused(plan, supervisor):
    opened = plan.revision

    def save(text):
        return lambda: workplan_update(
            plan=plan, by=supervisor, answers={}, revision=opened, overview=text
        )

    outcomes = race(save("From the first tab."), save("From the second tab."))
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    saved = [o for o in outcomes if isinstance(o, WorkPlan)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert "changed by someone else since you opened it" in str(refused[0])
    assert WorkPlan.objects.get(pk=plan.pk).overview == saved[0].overview


@pytest.mark.django_db(transaction=True)
def test_a_signature_and_an_edit_at_once_never_sign_unread_text(plan, supervisor, peer):
    opened, fingerprint = plan.revision, signed_text_fingerprint(plan)
    outcomes = race(
        lambda: workplan_update(
            plan=plan, by=supervisor, answers={}, revision=opened, overview="Changed terms."
        ),
        lambda: workplan_sign(
            plan=plan, by=peer, signature=peer.get_full_name(), fingerprint=fingerprint
        ),
    )
    assert sum(isinstance(o, ConflictError) for o in outcomes) == 1, outcomes
    current = WorkPlan.objects.get(pk=plan.pk)
    # Either the signature stands on the text the peer read, or the new text is unsigned.
    assert (current.overview == "Changed terms.") != bool(current.employee_signed_at)
