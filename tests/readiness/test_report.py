"""The cycle's report for the board: the PDF through the core pipeline, the scores chart
drawn the same on the page and in the PDF, program admins only, and a fixed query count."""

import subprocess
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.pdfs import pdf_content
from readiness.models import AgreedAnswer, CyclePdf
from readiness.pdf import CYCLE_PDF
from readiness.report import cycle_report, scores_chart
from readiness.selectors import cycle_results
from readiness.services import action_add, survey_open
from tests.clock import frozen

from .conftest import finished_cycle

pytestmark = [frozen, pytest.mark.django_db]


@pytest.fixture
def cycles(catalogues, admin_user, team):
    """Last year's cycle all Yes; this year's all Yes but A.9's answers No, with an action."""
    earlier = finished_cycle(admin_user, team, name="Last year")
    current = finished_cycle(admin_user, team, name="This year")
    AgreedAnswer.objects.filter(cycle=current, question__domain__code="A.9").update(answer="no")
    action_add(
        cycle=current,
        competency_code="A.9",
        text="Hire a second peer for the crisis team",
        owner=admin_user,
        due_date=timezone.localdate() + timedelta(days=60),
        by=admin_user,
    )
    return earlier, current


def _pdf_text(tmp_path, cycle, by) -> str:
    target = tmp_path / "cycle.pdf"
    target.write_bytes(pdf_content(export=CYCLE_PDF, record=CyclePdf(cycle=cycle, requested_by=by)))
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def test_the_pdf_shows_scores_against_earlier_cycles_evidence_survey_and_actions(
    tmp_path, cycles, admin_user, django_capture_on_commit_callbacks
):
    _, current = cycles
    with django_capture_on_commit_callbacks(execute=True):
        survey_open(
            organisation=admin_user.organisation,
            name="Autumn survey",
            by=admin_user,
            today=timezone.localdate(),
        )
    text = _pdf_text(tmp_path, current, admin_user)
    assert "agency self-assessment — This year" in text
    assert "Scores by competency" in text
    # The chart's own text is drawn: its key names both cycles, and A.9 fell from 100 to 0.
    assert "Last year" in text and "This year" in text
    assert "A.9 A.10 A.11" in text  # the chart's axis
    assert "Last year: 100%" in text
    assert "Evidence from PeerWorks' own records" in text
    assert "Programs with 2 or more peers" in text
    # The survey keeps its threshold: nobody answered, so no means at all.
    assert "Autumn survey" in text
    assert "Results appear once at least 5 people have answered." in text
    assert "Provide services that focus on reducing" not in text
    assert "Hire a second peer for the crisis team" in text


def test_the_page_draws_the_same_chart_as_the_pdf_with_a_text_alternative(
    client, cycles, admin_user
):
    _, current = cycles
    chart = scores_chart(cycle=current, results=cycle_results(cycle=current, with_team=False))
    assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    assert "A.9 0% (before: 100%)" in chart
    client.force_login(admin_user)
    page = client.get(reverse("readiness:cycle-detail", args=[current.pk])).content.decode()
    assert chart in page
    assert reverse("readiness:cycle-pdf", args=[current.pk]) in page
    report = cycle_report(cycle=current, user=admin_user, today=timezone.localdate())
    assert report["chart"] == chart


def test_only_the_organisations_program_admins_ask_for_or_open_the_pdf(
    client, cycles, admin_user, peer, django_capture_on_commit_callbacks
):
    _, current = cycles
    url = reverse("readiness:cycle-pdf", args=[current.pk])
    client.force_login(peer)  # on the team, not a program admin
    page = client.get(reverse("readiness:cycle-detail", args=[current.pk])).content.decode()
    assert url not in page
    assert client.post(url).status_code == 404
    assert not CyclePdf.objects.exists()
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    pdf = CyclePdf.objects.get()
    assert response.url == reverse("readiness:cycle-pdf-status", args=[current.pk, pdf.pk])
    assert pdf.status == CyclePdf.Status.READY
    download = reverse("readiness:cycle-pdf-download", args=[current.pk, pdf.pk])
    assert client.get(download).status_code == 200
    client.force_login(peer)
    assert client.get(download).status_code == 404


def test_the_report_costs_the_same_with_one_action_or_ten(cycles, admin_user):
    _, current = cycles
    today = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            cycle_report(cycle=current, user=admin_user, today=today)
        return len(ctx)

    one = count()
    for n in range(9):
        action_add(
            cycle=current,
            competency_code="A.5",
            text=f"Action {n}",
            owner=admin_user,
            due_date=today + timedelta(days=30),
            by=admin_user,
        )
    assert count() == one
