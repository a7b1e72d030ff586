import pytest
from django.utils import timezone

from people.roles import Role
from readiness.models import Cycle, TeamMember
from readiness.selectors import assessment_questions
from readiness.services import (
    agreed_answers_save,
    answers_save,
    cycle_member_add,
    cycle_move,
    cycle_open,
)


def open_cycle(admin, name="Spring round", **kwargs) -> Cycle:
    return cycle_open(
        organisation=admin.organisation, name=name, by=admin, today=timezone.localdate(), **kwargs
    )


def every_question(answer: str, note: str = "") -> dict:
    return {q.pk: (answer, note) for q in assessment_questions()}


def finished_cycle(admin, members, *, answer="yes", name="Earlier round") -> Cycle:
    """A cycle run to the end: ``members`` (person, seat) each answered every question
    ``answer``; the agreed answers are ``answer`` too."""
    cycle = open_cycle(admin, name=name)
    seated = [cycle_member_add(cycle=cycle, person=p, seat=s, by=admin) for p, s in members]
    today = timezone.localdate()
    cycle_move(cycle=cycle, action="start_answering", by=admin, today=today)
    for member in seated:
        answers_save(member=member, answers=every_question(answer), by=member.person)
    cycle_move(cycle=cycle, action="start_agreeing", by=admin, today=today)
    agreed_answers_save(cycle=cycle, answers=every_question(answer), by=admin)
    cycle_move(cycle=cycle, action="finish", by=admin, today=today)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def team(make_person, admin_user, supervisor, peer):
    return [
        (admin_user, TeamMember.Seat.LEADER),
        (supervisor, TeamMember.Seat.SUPERVISOR),
        (make_person(Role.HR), TeamMember.Seat.HR),
        (peer, TeamMember.Seat.PEER),
    ]
