"""The PDF export: queued by the web request, rendered by the worker, read back with pdftotext."""

import subprocess
from functools import partial

import pytest
from django.core.management import call_command
from django.db import transaction

from core.pdfs import pdf_request
from tests.clock import frozen
from tests.conftest import wait_for
from tests.documents import stored_path
from tests.revisions import current_revision
from workplans.models import GuidePoint, GuideSection, WorkPlan, WorkPlanPdf
from workplans.pdf import WORKPLAN_PDF
from workplans.selectors import guide_filled
from workplans.services.plans import workplan_meeting_save, workplan_step_add, workplan_update

from .conftest import START, load_guide, new_plan, sign_both

pytestmark = frozen

workplan_pdf_request = partial(pdf_request, export=WORKPLAN_PDF)


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def _filled_plan(peer, supervisor):
    plan = new_plan(peer, supervisor)
    first = GuidePoint.objects.get(number=1)
    workplan_update(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        answers={first.pk: True},
        needs_practical="A quiet desk after groups.",
        contribution="I will bring questions to supervision.",
        meeting_every=WorkPlan.Frequency.TWO_WEEKS,
        meeting_day=WorkPlan.Weekday.THURSDAY,
        meeting_minutes=30,
    )
    workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Enroll in WRAP Seminar I.",
        owner=peer,
        due_date=START,
    )
    workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Book a weekly quiet room.",
        owner=supervisor,
        due_date=START,
    )
    return plan


@pytest.mark.django_db(transaction=True)
def test_pdf_is_rendered_by_the_worker_with_sections_and_steps(task_worker, peer, supervisor):
    load_guide()
    plan = _filled_plan(peer, supervisor)
    with transaction.atomic():
        pdf = workplan_pdf_request(plan=plan, by=supervisor)
    if task_worker is not None:
        # Queued, not rendered in this request: the worker picks it up.
        assert WorkPlanPdf.objects.get(pk=pdf.pk).status == WorkPlanPdf.Status.PENDING
    assert wait_for(lambda: WorkPlanPdf.objects.get(pk=pdf.pk).status != WorkPlanPdf.Status.PENDING)
    pdf.refresh_from_db()
    assert pdf.status == WorkPlanPdf.Status.READY, pdf.error
    text = pdf_text(stored_path(pdf))
    assert "Collaborative work plan" in text and "DRAFT" in text
    assert peer.get_full_name() in text and supervisor.get_full_name() in text
    plan = WorkPlan.objects.select_related("employee__profile").get(pk=plan.pk)
    for section in GuideSection.objects.all():
        assert f"{section.numeral}. {guide_filled(section, plan=plan).title}" in text
    assert "[CUSTOMIZE AS APPROPRIATE]" not in text and "(pp. " not in text
    for point in GuidePoint.objects.all():
        assert point.text in text
    assert "Enroll in WRAP Seminar I." in text and "Book a weekly quiet room." in text
    assert "A quiet desk after groups." in text and "two weeks" in text


def test_request_reuses_an_export_of_the_same_revision_and_a_change_makes_a_new_one(
    guide, peer, supervisor, django_capture_on_commit_callbacks
):
    plan = _filled_plan(peer, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        first = workplan_pdf_request(plan=plan, by=supervisor)
    assert workplan_pdf_request(plan=plan, by=peer) == first
    workplan_meeting_save(
        revision=current_revision(plan), plan=plan, by=supervisor, date=START, notes="Met."
    )
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = workplan_pdf_request(plan=plan, by=supervisor)
    assert second != first
    second.refresh_from_db()
    assert "Met." in pdf_text(stored_path(second))


def test_signed_plan_pdf_shows_both_signatures(
    guide, peer, supervisor, django_capture_on_commit_callbacks
):
    plan = sign_both(_filled_plan(peer, supervisor))
    with django_capture_on_commit_callbacks(execute=True):
        pdf = workplan_pdf_request(plan=plan, by=peer)
    pdf.refresh_from_db()
    text = pdf_text(stored_path(pdf))
    assert "Signed by both" in text and "DRAFT" not in text
    assert text.count(peer.get_full_name()) >= 2


def test_failed_render_is_retried_then_marked_failed(
    guide, peer, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*, export, record):
        calls.append(record.plan_id)
        raise OSError("fonts unavailable")

    monkeypatch.setattr("core.pdfs.pdf_content", broken)
    plan = new_plan(peer, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = workplan_pdf_request(plan=plan, by=supervisor)
    pdf.refresh_from_db()
    assert len(calls) == 7  # the first try and six retries
    assert pdf.status == WorkPlanPdf.Status.FAILED and "fonts unavailable" in pdf.error
    assert pdf.file_name == ""


def test_export_command_writes_the_same_document(guide, peer, supervisor, tmp_path):
    plan = _filled_plan(peer, supervisor)
    target = tmp_path / "plan.pdf"
    call_command("export_pdf", "workplans", plan.pk, str(target), stdout=open("/dev/null", "w"))
    assert target.read_bytes()[:4] == b"%PDF"
    assert "Enroll in WRAP Seminar I." in pdf_text(target)


def test_a_change_the_revision_does_not_count_still_makes_a_new_export(
    guide, peer, supervisor, django_capture_on_commit_callbacks
):
    plan = _filled_plan(peer, supervisor)
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        first = workplan_pdf_request(plan=plan, by=supervisor)
    # The guide's wording and the people's names are shown but are not the plan's revision.
    GuidePoint.objects.filter(number=1).update(text="A reworded first point of the guide.")
    peer.last_name = "Okafor-Reyes"
    peer.save(update_fields=["last_name"])
    plan.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = workplan_pdf_request(plan=plan, by=supervisor)
    assert second != first
    second.refresh_from_db()
    text = pdf_text(stored_path(second))
    assert "A reworded first point of the guide." in text and "Okafor-Reyes" in text
    assert workplan_pdf_request(plan=plan, by=peer) == second
