"""The enrolment table: every move in it works, every other move is refused."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from tests.transitions import every_move, undone
from trainings.models import Enrolment
from trainings.services.enrolment import ENROLMENT_TRANSITIONS, NEW, enrolment_transition

from .conftest import enrol, make_session

# Who may make each kind of move, said independently of the table's own checks.
MAY = {
    "enroller": {"person", "supervisor", "hr_user"},
    "hr": {"hr_user"},
    "seat_freed": {"person", "supervisor", "hr_user", "other_supervisor"},
}


def test_every_move_in_the_table_works_and_no_other(
    trainings, peer, supervisor, hr_user, other_supervisor
):
    session = make_session(hr_user)
    existing = enrol(session, peer)
    people = {
        "person": peer,
        "supervisor": supervisor,
        "hr_user": hr_user,
        "other_supervisor": other_supervisor,
    }
    states = [NEW, *Enrolment.Status.values]
    for state, action, name, person, move in every_move(ENROLMENT_TRANSITIONS, states, people):
        allowed = move is not None and name in MAY[move.actor]
        with undone():
            if state == NEW:
                Enrolment.objects.filter(pk=existing.pk).delete()
                enrolment = Enrolment(session=session, person=peer, status=NEW)
            else:
                Enrolment.objects.filter(pk=existing.pk).update(status=state)
                enrolment = Enrolment.objects.get(pk=existing.pk)
            fields = {"enrolled_by": person, "cancelled_at": timezone.now()}
            if allowed:
                enrolment_transition(enrolment=enrolment, action=action, by=person, fields=fields)
                assert Enrolment.objects.get(session=session, person=peer).status == move.target
            else:
                with pytest.raises(ApplicationError):
                    enrolment_transition(
                        enrolment=enrolment, action=action, by=person, fields=fields
                    )
                saved = Enrolment.objects.filter(session=session, person=peer).first()
                assert (saved.status if saved else NEW) == state


def test_whom_one_may_enrol_is_said_before_whether_they_are_enrolled(
    trainings, peer, other_supervisor, hr_user
):
    enrolment = enrol(make_session(hr_user), peer)
    with pytest.raises(ApplicationError, match="You may not enrol this person"):
        enrolment_transition(enrolment=enrolment, action="enrol", by=other_supervisor)
