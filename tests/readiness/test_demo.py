"""The demo organisation shows one finished self-assessment cycle and one in progress."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.demo import demo_seed
from people.models import User
from readiness import reminders
from readiness.demo import TEAM, demo_readiness
from readiness.models import Action, Cycle
from readiness.selectors import cycle_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_cycle_with_a_plan_and_one_in_progress(catalogues):
    demo_seed()
    riverside = User.objects.get(username="admin").organisation
    finished, current = Cycle.objects.filter(organisation=riverside).order_by("opened_on")
    assert finished.state == Cycle.State.FINISHED
    assert current.state == Cycle.State.ANSWERING
    assert current.opened_on == timezone.localdate()
    results = cycle_results(cycle=finished, with_team=True)
    scores = {r.code: r.score for r in results}
    assert min(scores, key=scores.get) == "A.9"
    assert all(r.team_score is not None for r in results)
    assert [r.earlier for r in cycle_results(cycle=current, with_team=False)][0][0][0] == finished
    answered = [m.answers.count() for m in current.team.all()]
    assert sorted(answered) == [0, 0, 0, 63, 63] and len(answered) == len(TEAM)
    assert Action.objects.filter(cycle=finished).count() == 2
    # The peer circle is due in a week: its owner hears about it today.
    assert [r.recipient.username for r in reminders.pending(today=timezone.localdate())] == [
        "supervisor"
    ]
    # Seeding again adds nothing.
    assert set(demo_readiness(today=timezone.localdate())) == {finished, current}
    assert Cycle.objects.count() == 2

    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    page = admin.get(reverse("readiness:cycle-detail", args=[finished.pk])).content.decode()
    assert "Scores by competency" in page and "Evidence from PeerWorks" in page
    plan = admin.get(reverse("readiness:cycle-actions", args=[finished.pk])).content.decode()
    assert "Start a monthly peer circle across programs." in plan
    # Harbor, the other agency, sees neither cycle.
    harbor = Client()
    harbor.force_login(User.objects.get(username="harbor-hr"))
    assert harbor.get(reverse("readiness:cycle-detail", args=[finished.pk])).status_code == 404
