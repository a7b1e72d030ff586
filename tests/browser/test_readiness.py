"""A program admin runs a self-assessment cycle in the browser; every page passes axe."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from readiness.models import AgreedAnswer, Answer, Cycle
from readiness.selectors import assessment_questions
from readiness.services import agreed_answers_save, answers_save

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_runs_a_cycle_and_the_peer_answers(
    page, live_server, sign_in, admin_user, peer, assert_accessible
):
    call_command("load_catalogues", verbosity=0, stdout=open("/dev/null", "w"))
    sign_in(page, admin_user)
    page.get_by_role("button", name="Agency").click()
    page.get_by_role("link", name="Self-assessment").click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a cycle").click()
    assert_accessible(page)
    page.get_by_label("Name of the cycle").fill("Spring round")
    page.get_by_role("button", name="Open the cycle").click()
    cycle = Cycle.objects.get()
    page.wait_for_url(live_server.url + reverse("readiness:cycle-team", args=[cycle.pk]))
    page.get_by_label("Person").select_option(label=peer.get_full_name())
    page.get_by_label("At the table as").select_option(label="Peer")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_role("cell", name="Peer", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the cycle").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ask the team to answer").click()
    expect(page.get_by_text("Team answering")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, peer)
    page.goto(live_server.url + reverse("readiness:cycle-answer", args=[cycle.pk]))
    assert_accessible(page)
    page.get_by_label("Are there 2+ peers per program?").select_option(label="Partly")
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url(live_server.url + reverse("readiness:cycle-detail", args=[cycle.pk]))
    assert Answer.objects.get().get_answer_display() == "Partly"
    member = cycle.team.get()
    answers_save(
        member=member, answers={q.pk: ("yes", "") for q in assessment_questions()}, by=peer
    )

    page.context.clear_cookies()
    sign_in(page, admin_user)
    page.goto(live_server.url + reverse("readiness:cycle-detail", args=[cycle.pk]))
    page.get_by_role("button", name="Close the answers and agree").click()
    # The other 62 agreed answers are recorded before the page opens, which shows them.
    agreed_answers_save(
        cycle=cycle, answers={q.pk: ("partly", "") for q in assessment_questions()}, by=admin_user
    )
    page.get_by_role("link", name="Agreed answers").click()
    assert_accessible(page)
    page.get_by_label("Are there 2+ peers per program?").select_option(label="No")
    page.get_by_role("button", name="Save the agreed answers").click()
    assert AgreedAnswer.objects.get(question__code="A.9.6").answer == "no"
    page.get_by_role("button", name="Finish the cycle").click()
    expect(page.get_by_text("Finish the cycle: done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Scores by competency")).to_be_visible()
    assert_accessible(page)
    cycle.refresh_from_db()
    assert cycle.finished_on == timezone.localdate()
