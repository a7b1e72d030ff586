"""Writes for the self-assessment cycle."""

from datetime import date

from django.db import transaction

from core.errors import ApplicationError
from core.transitions import transition_apply
from people.selectors import employed_people

from .access import manages
from .models import AgreedAnswer, Answer, AnswerChoice, Cycle, TeamMember
from .rules import CYCLE_TABLE
from .selectors import assessment_questions

# The team may change while it answers: someone who joins late still answers.
TEAM_OPEN = {Cycle.State.OPEN, Cycle.State.ANSWERING}


def _must_manage(user) -> None:
    if not manages(user):
        raise ApplicationError("Only a program admin runs a self-assessment cycle.")


@transaction.atomic
def cycle_open(*, organisation, name: str, by, today: date) -> Cycle:
    """Open a cycle in ``organisation``; its team is chosen next."""
    _must_manage(by)
    cycle = Cycle(organisation=organisation, name=name.strip(), opened_by=by, opened_on=today)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_member_add(*, cycle: Cycle, person, seat: str, by) -> TeamMember:
    """Seat ``person`` at the table (leader, supervisor, HR or peer) while the team may change."""
    _must_manage(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.state not in TEAM_OPEN:
        raise ApplicationError("The team answered already: it no longer changes.")
    # The organisation is checked as well as the scope: a command runs without one.
    if (
        person.organisation_id != cycle.organisation_id
        or not employed_people().filter(pk=person.pk).exists()
    ):
        raise ApplicationError({"person": ["Choose someone who works here."]})
    if TeamMember.objects.filter(cycle=cycle, person=person).exists():
        raise ApplicationError({"person": [f"{person} is on the team already."]})
    member = TeamMember(cycle=cycle, person=person, seat=seat)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def cycle_member_remove(*, member: TeamMember, by) -> None:
    """Take someone off the team, with their answers, while the team may change."""
    _must_manage(by)
    cycle = Cycle.objects.select_for_update().get(pk=member.cycle_id)
    if cycle.state not in TEAM_OPEN:
        raise ApplicationError("The team answered already: it no longer changes.")
    member.delete()


@transaction.atomic
def cycle_move(*, cycle: Cycle, action: str, by, today: date) -> Cycle:
    """Move the cycle on. The team answers only with a peer at the table (the toolkit wants
    peers there); a cycle finishes only once every question has an agreed answer."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    fields = {}
    if action == "start_answering" and CYCLE_TABLE.find(cycle.state, action):
        if not cycle.team.filter(seat=TeamMember.Seat.PEER).exists():
            raise ApplicationError("Seat at least one peer on the team before it answers.")
    if action == "finish" and CYCLE_TABLE.find(cycle.state, action):
        missing = len(assessment_questions()) - cycle.agreed.count()
        if missing:
            raise ApplicationError(f"{missing} questions have no agreed answer yet.")
        fields["finished_on"] = today
    transition_apply(table=CYCLE_TABLE, row=cycle, action=action, by=by, fields=fields)
    return cycle


def _clean_answers(answers: dict) -> dict[int, tuple[str, str]]:
    valid = set(AnswerChoice.values)
    known = {q.pk for q in assessment_questions()}
    cleaned = {}
    for question_id, (answer, note) in answers.items():
        if question_id not in known:
            raise ApplicationError("That question is not part of the self-assessment.")
        if answer and answer not in valid:
            raise ApplicationError("Choose Yes, Partly, No or Don't know.")
        cleaned[question_id] = (answer, note.strip())
    return cleaned


@transaction.atomic
def answers_save(*, member: TeamMember, answers: dict, by) -> int:
    """Save a team member's own answers (question id -> (answer, note)); an empty answer
    takes a question's answer back. Only while the team answers, only for oneself."""
    if member.person_id != by.pk:
        raise ApplicationError("Each person answers for themselves.")
    cycle = Cycle.objects.select_for_update().get(pk=member.cycle_id)
    if cycle.state != Cycle.State.ANSWERING:
        raise ApplicationError("The team is not answering now: nothing was saved.")
    cleaned = _clean_answers(answers)
    Answer.objects.filter(
        member=member, question_id__in=[q for q, (a, _) in cleaned.items() if not a]
    ).delete()
    for question_id, (answer, note) in cleaned.items():
        if answer:
            Answer.objects.update_or_create(
                member=member, question_id=question_id, defaults={"answer": answer, "note": note}
            )
    return sum(1 for a, _ in cleaned.values() if a)


@transaction.atomic
def agreed_answers_save(*, cycle: Cycle, answers: dict, by) -> int:
    """Record the answers the team agreed on (question id -> (answer, note))."""
    _must_manage(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.state != Cycle.State.AGREEING:
        raise ApplicationError("Agreed answers are recorded once the team's answers close.")
    cleaned = _clean_answers(answers)
    AgreedAnswer.objects.filter(
        cycle=cycle, question_id__in=[q for q, (a, _) in cleaned.items() if not a]
    ).delete()
    for question_id, (answer, note) in cleaned.items():
        if answer:
            AgreedAnswer.objects.update_or_create(
                cycle=cycle, question_id=question_id, defaults={"answer": answer, "note": note}
            )
    return sum(1 for a, _ in cleaned.values() if a)
