"""Writes for the self-assessment cycle."""

import hashlib
import secrets
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from core.errors import ApplicationError, full_clean
from core.notices import notice_queue
from core.queueing import queue_after_commit
from core.transitions import transition_apply
from organisations.scoping import scopes_disabled
from people.roles import Role
from people.selectors import employed_people

from .access import manages
from .models import (
    Action,
    AgreedAnswer,
    Answer,
    AnswerChoice,
    Challenge,
    Cycle,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SurveyTicket,
    TeamMember,
)
from .rules import ACTION_TABLE, CYCLE_TABLE, SURVEY_TABLE
from .selectors import (
    assessment_questions,
    competency_names,
    groups_recorded,
    survey_item_codes,
)

# The team may change while it answers: someone who joins late still answers.
TEAM_OPEN = {Cycle.State.OPEN, Cycle.State.ANSWERING}
# The kind a person chooses how to get, on their settings page.
HANDOFFS = "readiness.handoffs"


def _answers_asked_queue(*, cycle: Cycle, members, by) -> None:
    """Ask ``members`` for their answers (in the caller's transaction; sent on commit, or
    kept for a digest), never ``by``, who made the change. The key is the cycle's, so a
    member seated again is not asked twice."""
    notice_queue(
        kind=HANDOFFS,
        recipients=[m.person for m in members if m.person_id != by.pk],
        key=f"readiness-cycle:{cycle.pk}:answering",
        subject="Your agency's self-assessment: your answers are asked",
        template="readiness/email/answers_asked.txt",
        context={"cycle": cycle, "by": by},
        path=reverse("readiness:cycle-answer", args=[cycle.pk]),
    )


def _must_manage(user) -> None:
    if not manages(user):
        raise ApplicationError("Only a program admin runs a self-assessment cycle.")


@transaction.atomic
def cycle_open(*, organisation, name: str, by, today: date) -> Cycle:
    """Open a cycle in ``organisation``; its team is chosen next."""
    _must_manage(by)
    cycle = Cycle(organisation=organisation, name=name.strip(), opened_by=by, opened_on=today)
    full_clean(cycle)
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
    full_clean(member)
    member.save()
    if cycle.state == Cycle.State.ANSWERING:
        _answers_asked_queue(cycle=cycle, members=[member], by=by)
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
    if action == "start_answering":
        _answers_asked_queue(cycle=cycle, members=cycle.team.select_related("person"), by=by)
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


def _answers_store(answers, *, cleaned: dict[int, tuple[str, str]], new) -> int:
    """Bring ``answers`` (one member's, or the agreed ones) to ``cleaned``, reading them in
    one query and writing only what changed, row by row so the audit trail records each
    change; an empty answer takes the question's answer back. Returns how many are
    answered."""
    existing = {a.question_id: a for a in answers.filter(question_id__in=cleaned)}
    for question_id, (answer, note) in cleaned.items():
        current = existing.get(question_id)
        if not answer:
            if current is not None:
                current.delete()
            continue
        if current is None:
            current = new(question_id)
        elif (current.answer, current.note) == (answer, note):
            continue
        current.answer, current.note = answer, note
        current.save()
    return sum(1 for answer, _ in cleaned.values() if answer)


@transaction.atomic
def answers_save(*, member: TeamMember, answers: dict, by) -> int:
    """Save a team member's own answers (question id -> (answer, note)); an empty answer
    takes a question's answer back. Only while the team answers, only for oneself."""
    if member.person_id != by.pk:
        raise ApplicationError("Each person answers for themselves.")
    cycle = Cycle.objects.select_for_update().get(pk=member.cycle_id)
    if cycle.state != Cycle.State.ANSWERING:
        raise ApplicationError("The team is not answering now: nothing was saved.")
    return _answers_store(
        Answer.objects.filter(member=member),
        cleaned=_clean_answers(answers),
        new=lambda question_id: Answer(member=member, question_id=question_id),
    )


@transaction.atomic
def agreed_answers_save(*, cycle: Cycle, answers: dict, by) -> int:
    """Record the answers the team agreed on (question id -> (answer, note))."""
    _must_manage(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.state != Cycle.State.AGREEING:
        raise ApplicationError("Agreed answers are recorded once the team's answers close.")
    return _answers_store(
        AgreedAnswer.objects.filter(cycle=cycle),
        cleaned=_clean_answers(answers),
        new=lambda question_id: AgreedAnswer(cycle=cycle, question_id=question_id),
    )


# --- The anonymous staff survey -------------------------------------------------------


def survey_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def survey_open(*, organisation, name: str, by, today: date) -> SurveyRound:
    """Open a round and owe everyone who works here a single-use link, which the round's
    job (``survey_invitations_send``) emails once this commits. Whether a link will record
    its group (peer or not) is decided here, once (``groups_recorded``): when it does not,
    no answer carries a group and no comparison is offered."""
    from .tasks import survey_invitations_send as send_task

    _must_manage(by)
    survey = SurveyRound(
        organisation=organisation, name=name.strip(), opened_by=by, opened_on=today
    )
    full_clean(survey)
    survey.save()
    people = list(
        employed_people()
        .filter(organisation=organisation)
        .exclude(email="")
        .prefetch_related("groups")
    )
    # Owed in random order, and sent in the order owed: the order the links go out (and
    # the tickets are written) follows no list of people.
    secrets.SystemRandom().shuffle(people)
    is_peer = [person.has_role(Role.PEER) for person in people]
    invited_peers = sum(is_peer)
    grouped = groups_recorded(invited=len(people), invited_peers=invited_peers)
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(round=survey, person=person, peer=peer if grouped else None)
        for person, peer in zip(people, is_peer, strict=True)
    )
    survey.invited = len(people)
    survey.invited_peers = invited_peers
    survey.save(update_fields=["invited", "invited_peers"])
    # The task carries the round's id alone: its arguments travel through the broker and
    # the worker's log, where a token must never be.
    queue_after_commit(send_task, survey.pk)
    return survey


def survey_invitations_send(*, survey: SurveyRound) -> int:
    """Email each link still owed for the round; returns how many went out. Each person
    in a transaction of their own: the owed row is locked (another run skips it), a fresh
    token's ticket is written, the email sent and the owed row deleted — so a ticket exists
    only for an email that went out, and the token only in that email. When sending
    fails, that person's transaction is undone and the error raised: the task's retry
    sends to whoever is still owed, and nobody gets two working links. A closed round
    sends nothing more and owes nothing."""
    path = reverse("readiness:survey-answer")
    context = {"agency_name": settings.AGENCY_NAME, "survey_name": survey.name}
    subject = f"{settings.AGENCY_NAME}: an anonymous survey about our workplace"
    owed = SurveyInvitation.objects.filter(round=survey)
    sent = 0
    with get_connection() as connection:
        while True:
            with transaction.atomic():
                # Only the owed row is locked: closing the round waits for this one
                # person's email, then deletes the ticket with the rest (survey_close).
                invitation = (
                    owed.select_for_update(skip_locked=True, of=("self",))
                    .select_related("person")
                    .order_by("pk")
                    .first()
                )
                if invitation is None:
                    return sent
                if not SurveyRound.objects.filter(
                    pk=survey.pk, state=SurveyRound.State.OPEN
                ).exists():
                    owed.delete()
                    return sent
                token = secrets.token_urlsafe(32)
                ticket = SurveyTicket(
                    token_hash=survey_token_hash(token), round=survey, peer=invitation.peer
                )
                full_clean(ticket, validate_unique=False)
                ticket.save(force_insert=True)
                invitation.delete()
                url = f"{settings.SITE_URL}{path}?{urlencode({'t': token})}"
                EmailMessage(
                    subject=subject,
                    body=render_to_string(
                        "readiness/email/survey_invitation.txt", {**context, "url": url}
                    ),
                    to=[invitation.person.email],
                    connection=connection,
                ).send()
            sent += 1


@transaction.atomic
def survey_invitations_resume(*, survey: SurveyRound, by) -> int:
    """Queue the round's job again for the links still owed — when its retries ran out
    while the mail server stayed away — and return how many are owed. Safe beside a job
    still running: each owed row is taken by one of them only."""
    from .tasks import survey_invitations_send as send_task

    _must_manage(by)
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyRound.State.OPEN:
        raise ApplicationError("The survey is closed: its links are no longer sent.")
    owed = SurveyInvitation.objects.filter(round=survey).count()
    if owed:
        queue_after_commit(send_task, survey.pk)
    return owed


@scopes_disabled()
def survey_invitations_requeue() -> int:
    """Queue the job again for every open round that still owes links; returns how many.
    Its message may have been lost with Redis, or its retries spent while the mail server
    was away: the database, not the broker, says what is left to send (as for PDFs and
    notices). A job still running beside the new one costs nothing: each owed row is taken
    by one of them only."""
    from .tasks import survey_invitations_send as send_task

    owing = (
        SurveyInvitation.objects.filter(round__state=SurveyRound.State.OPEN)
        .values_list("round_id", flat=True)
        .distinct()
    )
    rounds = list(owing)
    for round_id in rounds:
        queue_after_commit(send_task, round_id)
    return len(rounds)


def survey_ticket_for(*, token: str) -> SurveyTicket | None:
    """The unused ticket of a link, across organisations (the link is opened before any
    scope is known), or None when it was used or never existed."""
    with scopes_disabled():
        return (
            SurveyTicket.objects.select_related("round")
            .filter(token_hash=survey_token_hash(token), round__state=SurveyRound.State.OPEN)
            .first()
        )


@transaction.atomic
def survey_answer(*, token: str, answers: dict[str, int]) -> None:
    """Save one anonymous set of answers and use up the link. The response carries the
    group (peer or not) and nothing else about the person."""
    valid = set(survey_item_codes())
    if any(code not in valid or value not in range(1, 6) for code, value in answers.items()):
        raise ApplicationError("Answer each statement on the five-point scale, or leave it.")
    with scopes_disabled():
        ticket = (
            SurveyTicket.objects.select_for_update()
            .select_related("round")
            .filter(token_hash=survey_token_hash(token))
            .first()
        )
        if ticket is None or ticket.round.state != SurveyRound.State.OPEN:
            raise ApplicationError("This link was used already, or the survey has closed.")
        response = SurveyResponse(round=ticket.round, peer=ticket.peer, answers=answers)
        full_clean(response)
        response.save()
        ticket.delete()


@transaction.atomic
def survey_close(*, survey: SurveyRound, by, today: date) -> SurveyRound:
    """Close the round: links not sent yet are never sent; unused links stop working and
    are forgotten."""
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    transition_apply(
        table=SURVEY_TABLE, row=survey, action="close", by=by, fields={"closed_on": today}
    )
    # Owed links first: this waits for a link being sent right now, whose ticket the
    # next statement then sees and deletes with the others.
    SurveyInvitation.objects.filter(round=survey).delete()
    SurveyTicket.objects.filter(round=survey).delete()
    return survey


@transaction.atomic
def cycle_share(*, cycle: Cycle, share: bool, by) -> Cycle:
    """Share the cycle's competency scores with the organisation's network, or stop: the
    organisation's choice, a program admin's to make, kept in the cycle's audit trail."""
    _must_manage(by)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.shared_with_network != share:
        cycle.shared_with_network = share
        cycle.save(update_fields=["shared_with_network"])
    return cycle


# --- From findings to action ----------------------------------------------------------


@transaction.atomic
def challenge_record(
    *, cycle: Cycle, competency_code: str, current_situation: str, causes: dict, by
) -> Challenge:
    """Record an "Analyzing leadership challenges" form for one competency of the cycle."""
    _must_manage(by)
    if competency_code not in competency_names():
        raise ApplicationError({"competency_code": ["Choose one of the 11 competencies."]})
    challenge = Challenge(
        cycle=cycle,
        competency_code=competency_code,
        current_situation=current_situation.strip(),
        causes={area: row for area, row in causes.items() if any(v.strip() for v in row.values())},
    )
    full_clean(challenge)
    challenge.save()
    return challenge


@transaction.atomic
def action_add(
    *, cycle: Cycle, competency_code: str, text: str, owner, due_date: date, by, challenge=None
) -> Action:
    """Add an action to the organisation's plan, owned by someone who works here."""
    _must_manage(by)
    if competency_code not in competency_names():
        raise ApplicationError({"competency_code": ["Choose one of the 11 competencies."]})
    if (
        owner.organisation_id != cycle.organisation_id
        or not employed_people().filter(pk=owner.pk).exists()
    ):
        raise ApplicationError({"owner": ["Choose someone who works here."]})
    action = Action(
        cycle=cycle,
        challenge=challenge,
        competency_code=competency_code,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
    )
    full_clean(action)
    action.save()
    return action


@transaction.atomic
def action_move(*, action: Action, move: str, by) -> Action:
    """Start, complete or reopen an action (its owner or a program admin)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    transition_apply(table=ACTION_TABLE, row=action, action=move, by=by)
    return action
