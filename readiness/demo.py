"""Demo data: Riverside's self-assessment — last year's cycle finished, with an action
plan, and this year's under way with the team answering."""

from datetime import date, timedelta

from django.db import transaction

from people.models import User

from .models import AnswerChoice, Cycle, TeamMember
from .selectors import assessment_questions
from .services import (
    action_add,
    agreed_answers_save,
    answers_save,
    challenge_record,
    cycle_member_add,
    cycle_move,
    cycle_open,
)

TEAM = (
    ("admin", TeamMember.Seat.LEADER),
    ("supervisor", TeamMember.Seat.SUPERVISOR),
    ("hr", TeamMember.Seat.HR),
    ("peer", TeamMember.Seat.PEER),
    ("peer3", TeamMember.Seat.PEER),
)
# Where Riverside stood a year ago: strong on culture and learning, weak on peers meeting
# one another (competency 9) and on career paths (6).
WEAK = {"A.9": AnswerChoice.NO, "A.6": AnswerChoice.PARTLY, "A.5": AnswerChoice.PARTLY}


def _answers(questions, *, shift: int = 0) -> dict:
    scale = [AnswerChoice.YES, AnswerChoice.PARTLY, AnswerChoice.NO, AnswerChoice.DONT_KNOW]
    answers = {}
    for n, q in enumerate(questions):
        answer = WEAK.get(q.domain.code, AnswerChoice.YES)
        if (n + shift) % 7 == 0:
            answer = scale[(scale.index(answer) + 1) % len(scale)]
        answers[q.pk] = (answer, "")
    return answers


@transaction.atomic
def demo_readiness(*, today: date) -> list[Cycle]:
    """Create the two demo cycles once; returns them, or [] when the demo people or the
    questions are missing."""
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, _ in TEAM])}
    questions = assessment_questions()
    if len(users) < len(TEAM) or not questions:
        return []
    admin = users["admin"]
    existing = list(Cycle.objects.filter(organisation=admin.organisation, opened_by=admin))
    if existing:
        return existing
    year_ago = today - timedelta(days=365)
    finished = cycle_open(
        organisation=admin.organisation, name="Self-assessment, last year", by=admin, today=year_ago
    )
    members = [
        cycle_member_add(cycle=finished, person=users[u], seat=seat, by=admin) for u, seat in TEAM
    ]
    cycle_move(cycle=finished, action="start_answering", by=admin, today=year_ago)
    for shift, member in enumerate(members):
        answers_save(member=member, answers=_answers(questions, shift=shift), by=member.person)
    cycle_move(cycle=finished, action="start_agreeing", by=admin, today=year_ago)
    agreed_answers_save(cycle=finished, answers=_answers(questions), by=admin)
    cycle_move(cycle=finished, action="finish", by=admin, today=year_ago + timedelta(days=21))
    challenge = challenge_record(
        cycle=finished,
        competency_code="A.9",
        current_situation="Most programs have a single peer, who rarely meets other peers.",
        causes={
            "environment": {
                "causes": "Peers are spread across sites",
                "why": "Each program was funded for one position",
                "details": "The youth drop-in shares no site with the wellness center",
                "action": "A monthly peer circle across programs",
            },
            "policies": {
                "causes": "No budget line for a second peer",
                "why": "",
                "details": "",
                "action": "Ask the county for a second position in the next contract",
            },
        },
        by=admin,
    )
    action_add(
        cycle=finished,
        challenge=challenge,
        competency_code="A.9",
        text="Start a monthly peer circle across programs.",
        owner=users["supervisor"],
        due_date=today + timedelta(days=7),
        by=admin,
    )
    action_add(
        cycle=finished,
        challenge=challenge,
        competency_code="A.9",
        text="Ask the county for a second peer position in the next contract.",
        owner=admin,
        due_date=today + timedelta(days=45),
        by=admin,
    )
    current = cycle_open(
        organisation=admin.organisation, name="Self-assessment, this year", by=admin, today=today
    )
    members = [
        cycle_member_add(cycle=current, person=users[u], seat=seat, by=admin) for u, seat in TEAM
    ]
    cycle_move(cycle=current, action="start_answering", by=admin, today=today)
    # Two have answered so far; the others have not started.
    for shift, member in enumerate(members[:2]):
        answers_save(member=member, answers=_answers(questions, shift=shift + 3), by=member.person)
    return [finished, current]
