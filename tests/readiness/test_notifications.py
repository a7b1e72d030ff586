"""Asking the team for its answers reaches each member by email and on their home page."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from readiness.models import TeamMember
from readiness.selectors import assessment_questions
from readiness.services import answers_save, cycle_member_add, cycle_move

from .conftest import every_question, open_cycle

pytestmark = pytest.mark.django_db

ASKED = "Your agency's self-assessment: your answers are asked"


def answering_cycle(admin, team):
    cycle = open_cycle(admin)
    for person, seat in team:
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin)
    cycle_move(cycle=cycle, action="start_answering", by=admin, today=timezone.localdate())
    return cycle


def test_answering_opens_asks_every_member_but_the_admin_once_on_commit(
    catalogues, admin_user, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cycle = answering_cycle(admin_user, team)
        assert mail.outbox == []  # nothing leaves before the commit
    assert callbacks
    # The admin sits at the table too, but made the change.
    expected = sorted(p.email for p, _ in team if p != admin_user)
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert {m.subject for m in mail.outbox} == {ASKED}
    link = reverse("readiness:cycle-answer", args=[cycle.pk])
    assert all(link in m.body and "peers" in m.body for m in mail.outbox)


def test_seating_someone_while_the_team_answers_asks_only_them(
    catalogues, admin_user, team, make_person, django_capture_on_commit_callbacks
):
    cycle = answering_cycle(admin_user, team)
    mail.outbox.clear()
    late = make_person(Role.PEER)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_member_add(cycle=cycle, person=late, seat=TeamMember.Seat.PEER, by=admin_user)
    assert [m.to for m in mail.outbox] == [[late.email]]
    assert mail.outbox[0].subject == ASKED


def test_seating_someone_before_answering_opens_sends_nothing(
    catalogues, admin_user, peer, django_capture_on_commit_callbacks
):
    cycle = open_cycle(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_member_add(cycle=cycle, person=peer, seat=TeamMember.Seat.PEER, by=admin_user)
    assert mail.outbox == []


def needs_me_cards(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("home"))
    return {card.label: card for card in response.context["needs_me"]}


CARD = "Self-assessment questions to answer"


def test_a_member_sees_the_questions_left_until_all_are_answered(
    client, catalogues, admin_user, team, peer, make_person
):
    cycle = answering_cycle(admin_user, team)
    questions = assessment_questions()
    member = TeamMember.objects.get(cycle=cycle, person=peer)
    answers_save(member=member, answers={questions[0].pk: ("yes", "")}, by=peer)

    card = needs_me_cards(client, peer)[CARD]

    assert card.count == len(questions) - 1
    assert card.url == reverse("readiness:cycle-answer", args=[cycle.pk])
    assert CARD in client.get(reverse("home")).content.decode()
    assert CARD not in needs_me_cards(client, make_person(Role.PEER))

    answers_save(member=member, answers=every_question("partly"), by=peer)
    assert CARD not in needs_me_cards(client, peer)


def test_no_card_before_answering_opens_or_once_the_answers_are_closed(
    client, catalogues, admin_user, team, peer
):
    cycle = open_cycle(admin_user)
    for person, seat in team:
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin_user)
    assert CARD not in needs_me_cards(client, peer)
    today = timezone.localdate()
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=today)
    assert CARD in needs_me_cards(client, peer)
    cycle_move(cycle=cycle, action="start_agreeing", by=admin_user, today=today)
    assert CARD not in needs_me_cards(client, peer)
