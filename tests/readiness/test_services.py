from collections import Counter

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from people.roles import Role
from readiness.models import AgreedAnswer, Answer, Cycle, TeamMember
from readiness.selectors import assessment_questions, cycle_results, score
from readiness.services import (
    agreed_answers_save,
    answers_save,
    cycle_member_add,
    cycle_member_remove,
    cycle_move,
)
from tests.clock import frozen
from tests.factories import OrganisationFactory, StaffProfileFactory, UserFactory

from .conftest import every_question, finished_cycle, open_cycle

pytestmark = [frozen, pytest.mark.django_db]


def test_score_counts_yes_two_partly_one_and_leaves_dont_know_out():
    assert score(["yes", "yes"]) == 100
    assert score(["yes", "partly", "no", "dont_know"]) == 50
    assert score(["partly"]) == 50
    assert score(["dont_know"]) is None
    assert score([]) is None


def test_only_a_program_admin_opens_a_cycle(catalogues, supervisor):
    with pytest.raises(ApplicationError, match="program admin"):
        open_cycle(supervisor)
    assert not Cycle.objects.exists()


def test_the_team_answers_only_with_a_peer_at_the_table(catalogues, admin_user, supervisor):
    cycle = open_cycle(admin_user)
    cycle_member_add(cycle=cycle, person=supervisor, seat=TeamMember.Seat.SUPERVISOR, by=admin_user)
    with pytest.raises(ApplicationError, match="peer"):
        cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=timezone.localdate())
    cycle.refresh_from_db()
    assert cycle.state == Cycle.State.OPEN


def test_someone_sits_on_the_team_once(catalogues, admin_user, peer):
    cycle = open_cycle(admin_user)
    cycle_member_add(cycle=cycle, person=peer, seat=TeamMember.Seat.PEER, by=admin_user)
    with pytest.raises(ApplicationError, match="already"):
        cycle_member_add(cycle=cycle, person=peer, seat=TeamMember.Seat.HR, by=admin_user)


def test_someone_of_another_organisation_cannot_join(catalogues, admin_user):
    stranger = UserFactory(organisation=OrganisationFactory(), roles=[Role.PEER])
    StaffProfileFactory(user=stranger)
    cycle = open_cycle(admin_user)
    with pytest.raises(ApplicationError, match="works here"):
        cycle_member_add(cycle=cycle, person=stranger, seat=TeamMember.Seat.PEER, by=admin_user)


def test_a_whole_cycle_gives_every_competency_a_score(catalogues, admin_user, team):
    cycle = finished_cycle(admin_user, team, answer="partly")
    assert cycle.state == Cycle.State.FINISHED
    assert cycle.finished_on == timezone.localdate()
    questions = assessment_questions()
    assert Answer.objects.filter(member__cycle=cycle).count() == len(team) * len(questions)
    assert AgreedAnswer.objects.filter(cycle=cycle).count() == len(questions) == 63
    results = cycle_results(cycle=cycle, with_team=True)
    assert [r.code for r in results] == [f"A.{n}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)]
    assert {r.score for r in results} == {50}
    assert {r.team_score for r in results} == {50}
    assert results[0].name.startswith("A recovery-oriented work culture")
    assert results[0].questions[0].team == Counter({"partly": len(team)})


def test_a_cycle_is_compared_with_earlier_ones(catalogues, admin_user, team):
    earlier = finished_cycle(admin_user, team, answer="no", name="Last year")
    current = finished_cycle(admin_user, team, answer="yes", name="This year")
    results = cycle_results(cycle=current, with_team=False)
    assert all(r.score == 100 for r in results)
    assert all(r.earlier == [(earlier, 0)] for r in results)
    # The earlier cycle is not compared with the later one.
    assert all(r.earlier == [] for r in cycle_results(cycle=earlier, with_team=False))


def test_a_cycle_finishes_only_when_every_question_is_agreed(catalogues, admin_user, team):
    cycle = open_cycle(admin_user)
    for person, seat in team:
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin_user)
    today = timezone.localdate()
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=today)
    cycle_move(cycle=cycle, action="start_agreeing", by=admin_user, today=today)
    first = assessment_questions()[0]
    agreed_answers_save(cycle=cycle, answers={first.pk: ("yes", "We do")}, by=admin_user)
    with pytest.raises(ApplicationError, match="62 questions have no agreed answer"):
        cycle_move(cycle=cycle, action="finish", by=admin_user, today=today)


def test_each_person_answers_for_themselves_and_only_while_answering(
    catalogues, admin_user, team, peer, supervisor
):
    cycle = open_cycle(admin_user)
    members = {
        p.pk: cycle_member_add(cycle=cycle, person=p, seat=s, by=admin_user) for p, s in team
    }
    first = assessment_questions()[0]
    with pytest.raises(ApplicationError, match="not answering"):
        answers_save(member=members[peer.pk], answers={first.pk: ("yes", "")}, by=peer)
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=timezone.localdate())
    with pytest.raises(ApplicationError, match="for themselves"):
        answers_save(member=members[peer.pk], answers={first.pk: ("no", "")}, by=supervisor)
    answers_save(member=members[peer.pk], answers={first.pk: ("partly", "Some do")}, by=peer)
    answer = Answer.objects.get(member=members[peer.pk])
    assert (answer.answer, answer.note) == ("partly", "Some do")
    # An empty answer takes it back.
    answers_save(member=members[peer.pk], answers={first.pk: ("", "")}, by=peer)
    assert not Answer.objects.filter(member=members[peer.pk]).exists()


def test_saving_answers_again_reads_them_once_and_writes_only_what_changed(
    catalogues, admin_user, team, peer, django_assert_max_num_queries
):
    cycle = open_cycle(admin_user)
    members = {
        p.pk: cycle_member_add(cycle=cycle, person=p, seat=s, by=admin_user) for p, s in team
    }
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=timezone.localdate())
    member = members[peer.pk]
    answers = every_question("yes")
    assert answers_save(member=member, answers=answers, by=peer) == len(answers) > 20
    first, second = list(answers)[:2]
    answers.update({first: ("no", "Not yet"), second: ("", "")})
    # The cycle locked, the questions, the member's answers read once; one change written
    # and one taken back (each with its audit entry): not two queries per question.
    with django_assert_max_num_queries(12):
        assert answers_save(member=member, answers=answers, by=peer) == len(answers) - 1
    saved = {a.question_id: (a.answer, a.note) for a in Answer.objects.filter(member=member)}
    assert saved[first] == ("no", "Not yet") and second not in saved
    assert len(saved) == len(answers) - 1


def test_only_a_program_admin_moves_the_cycle_or_records_agreed_answers(
    catalogues, admin_user, team, supervisor
):
    cycle = open_cycle(admin_user)
    for person, seat in team:
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin_user)
    with pytest.raises(ApplicationError, match="Only a program admin"):
        cycle_move(cycle=cycle, action="start_answering", by=supervisor, today=timezone.localdate())
    with pytest.raises(ApplicationError, match="Only a program admin"):
        agreed_answers_save(cycle=cycle, answers=every_question("yes"), by=supervisor)


def test_the_team_no_longer_changes_once_it_answered(catalogues, admin_user, team, make_person):
    cycle = finished_cycle(admin_user, team)
    member = cycle.team.first()
    with pytest.raises(ApplicationError, match="no longer changes"):
        cycle_member_remove(member=member, by=admin_user)
    with pytest.raises(ApplicationError, match="no longer changes"):
        cycle_member_add(
            cycle=cycle, person=make_person(Role.PEER), seat=TeamMember.Seat.PEER, by=admin_user
        )


def test_an_unknown_answer_is_refused(catalogues, admin_user, team):
    cycle = open_cycle(admin_user)
    for person, seat in team:
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin_user)
    today = timezone.localdate()
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=today)
    cycle_move(cycle=cycle, action="start_agreeing", by=admin_user, today=today)
    first = assessment_questions()[0]
    with pytest.raises(ApplicationError, match="Choose Yes"):
        agreed_answers_save(cycle=cycle, answers={first.pk: ("maybe", "")}, by=admin_user)
