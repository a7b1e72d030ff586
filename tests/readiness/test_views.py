import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.roles import Role
from readiness.models import AgreedAnswer, Answer, Cycle, TeamMember
from readiness.selectors import assessment_questions
from readiness.services import answers_save, cycle_member_add, cycle_move
from tests.clock import frozen

from .conftest import every_question, finished_cycle, open_cycle

pytestmark = [frozen, pytest.mark.django_db]


def _answer_data(answer: str, note: str = "") -> dict:
    data = {}
    for q in assessment_questions():
        data[f"answer_{q.pk}"] = answer
        data[f"note_{q.pk}"] = note
    return data


def test_a_program_admin_runs_a_whole_cycle_through_the_pages(
    client, catalogues, admin_user, peer, supervisor
):
    client.force_login(admin_user)
    response = client.post(reverse("readiness:cycle-create"), {"name": "Spring 2027"})
    cycle = Cycle.objects.get()
    assert response.url == reverse("readiness:cycle-team", args=[cycle.pk])
    team_url = reverse("readiness:cycle-team", args=[cycle.pk])
    client.post(team_url, {"person": peer.pk, "seat": "peer"})
    client.post(team_url, {"person": supervisor.pk, "seat": "supervisor"})
    assert cycle.team.count() == 2
    move = reverse("readiness:cycle-move", args=[cycle.pk])
    client.post(move, {"action": "start_answering"})

    for person, answer in ((peer, "yes"), (supervisor, "partly")):
        client.force_login(person)
        page = client.get(reverse("readiness:cycle-answer", args=[cycle.pk]))
        assert "Are there 2+ peers per program?" in page.content.decode()
        client.post(reverse("readiness:cycle-answer", args=[cycle.pk]), _answer_data(answer, "n"))
    assert Answer.objects.filter(member__cycle=cycle).count() == 2 * 63

    client.force_login(admin_user)
    client.post(move, {"action": "start_agreeing"})
    agree = client.get(reverse("readiness:cycle-agree", args=[cycle.pk])).content.decode()
    assert "The team: Yes 1 · Partly 1" in agree
    client.post(reverse("readiness:cycle-agree", args=[cycle.pk]), _answer_data("yes"))
    assert AgreedAnswer.objects.filter(cycle=cycle).count() == 63
    client.post(move, {"action": "finish"})
    cycle.refresh_from_db()
    assert cycle.state == Cycle.State.FINISHED
    detail = client.get(reverse("readiness:cycle-detail", args=[cycle.pk])).content.decode()
    assert "Scores by competency" in detail
    assert "A.9 Regular opportunities for peer employees to interact with one another" in detail
    assert "<td>100%</td>" in detail


def test_a_refused_move_says_why(client, catalogues, admin_user, supervisor):
    cycle = open_cycle(admin_user)
    cycle_member_add(cycle=cycle, person=supervisor, seat=TeamMember.Seat.SUPERVISOR, by=admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("readiness:cycle-move", args=[cycle.pk]), {"action": "start_answering"}, follow=True
    )
    assert "Seat at least one peer" in response.content.decode()


def test_the_team_sees_no_ones_answers_while_answering(
    client, catalogues, admin_user, peer, supervisor
):
    cycle = open_cycle(admin_user)
    for person, seat in ((peer, "peer"), (supervisor, "supervisor")):
        cycle_member_add(cycle=cycle, person=person, seat=seat, by=admin_user)
    cycle_move(cycle=cycle, action="start_answering", by=admin_user, today=timezone.localdate())
    member = cycle.team.get(person=supervisor)
    answers_save(member=member, answers=every_question("no", "Not yet here"), by=supervisor)
    client.force_login(peer)
    detail = client.get(reverse("readiness:cycle-detail", args=[cycle.pk])).content.decode()
    answer_page = client.get(reverse("readiness:cycle-answer", args=[cycle.pk])).content.decode()
    assert "Not yet here" not in detail + answer_page
    assert "Scores by competency" not in detail


def test_someone_not_on_the_team_gets_404(client, catalogues, admin_user, make_person, team):
    cycle = finished_cycle(admin_user, team)
    outsider = make_person(Role.SUPERVISOR)
    client.force_login(outsider)
    assert client.get(reverse("readiness:cycle-detail", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("readiness:cycle-answer", args=[cycle.pk])).status_code == 404


def test_an_admin_not_on_the_team_has_no_answers_of_their_own(client, catalogues, make_person):
    admin = make_person(Role.PROGRAM_ADMIN)
    cycle = open_cycle(admin)
    client.force_login(admin)
    assert client.get(reverse("readiness:cycle-answer", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("readiness:cycle-detail", args=[cycle.pk])).status_code == 200


def test_the_nav_shows_self_assessment_to_program_admins_only(client, admin_user, peer):
    client.force_login(admin_user)
    assert reverse("readiness:cycle-list") in client.get(reverse("home")).content.decode()
    client.force_login(peer)
    assert reverse("readiness:cycle-list") not in client.get(reverse("home")).content.decode()


def _agreeing_cycle(admin, make_person, size: int) -> Cycle:
    """A cycle at the agreeing stage whose ``size`` members answered everything with notes."""
    cycle = open_cycle(admin, name=f"Team of {size}")
    today = timezone.localdate()
    for n in range(size):
        seat = "peer" if n == 0 else "supervisor"
        cycle_member_add(cycle=cycle, person=make_person(Role.PEER), seat=seat, by=admin)
    cycle_move(cycle=cycle, action="start_answering", by=admin, today=today)
    for member in cycle.team.select_related("person"):
        answers_save(member=member, answers=every_question("partly", "A note"), by=member.person)
    cycle_move(cycle=cycle, action="start_agreeing", by=admin, today=today)
    return cycle


@pytest.mark.parametrize(
    "url_name", ["readiness:cycle-agree", "readiness:cycle-detail", "readiness:cycle-team"]
)
def test_cycle_pages_cost_the_same_at_1_and_6_team_members(
    client, catalogues, admin_user, make_person, url_name
):
    client.force_login(admin_user)
    counts = []
    for size in (1, 6):
        cycle = _agreeing_cycle(admin_user, make_person, size)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(url_name, args=[cycle.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    # The evidence beside the questions is a fixed dozen queries of its own.
    assert counts[0] == counts[1] and counts[0] <= 30, counts
