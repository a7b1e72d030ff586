"""The one PDF pipeline (core.pdfs), driven through an export declared as an app declares
one (tests/core/pdf_urls.py): request, queue after commit, render once, reuse, failure,
sweep, the generic views and the command."""

import dataclasses
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import core.pdfs
from core.pdfs import (
    document_name,
    documents,
    pdf_export,
    pdf_export_register,
    pdf_fail,
    pdf_request,
    pdf_requeue_stale,
)
from core.tasks import render_pdf
from evaluations.models import EvaluationPdf
from evaluations.pdf import EVALUATION_PDF
from people.roles import Role
from tests.documents import stored_names
from tests.evaluations.conftest import new_evaluation
from tests.evaluations.test_tasks import pdf_text

from .pdf_urls import EXPORT, FAILED, PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(monkeypatch, settings, tmp_path):
    """The test export registered (as an app's ready() would) for this test only."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    monkeypatch.setitem(core.pdfs._EXPORTS, EXPORT.name, EXPORT)
    monkeypatch.setitem(PAGE, "text", "First version.")
    FAILED.clear()
    return EXPORT


@pytest.fixture
def evaluation(catalogues, peer, supervisor):
    return new_evaluation(peer, supervisor)


def _text(pdf) -> str:
    return " ".join(pdf_text(documents().path(document_name(EXPORT.name, pdf.file_name))).split())


def test_apps_register_their_exports_by_name_once():
    assert pdf_export("evaluations") is EVALUATION_PDF
    assert {"evaluations", "workplans", "trainings"} <= {e.name for e in core.pdfs.pdf_exports()}
    assert pdf_export_register(EVALUATION_PDF) is EVALUATION_PDF  # the same one again: fine
    with pytest.raises(ValueError, match="already registered"):
        pdf_export_register(dataclasses.replace(EVALUATION_PDF, failed_note="Another."))
    assert pdf_export("evaluations") is EVALUATION_PDF


def test_a_request_is_queued_after_commit_rendered_once_and_reused_while_unchanged(
    registered, evaluation, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        pdf = pdf_request(export=EXPORT, by=supervisor, evaluation=evaluation)
    # Nothing rendered in the request: the task is queued once the record is committed.
    assert len(callbacks) == 1
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.PENDING and pdf.evaluation_revision == 7
    callbacks[0]()
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.READY, pdf.error
    assert pdf.file_name == f"evaluation-{evaluation.pk}-{pdf.pk}.pdf"
    assert stored_names(EXPORT.name) == [pdf.file_name]
    assert f"First version. Evaluation {evaluation.pk}." in _text(pdf)

    with django_capture_on_commit_callbacks() as callbacks:
        again = pdf_request(export=EXPORT, by=supervisor, evaluation=evaluation)
    assert again.pk == pdf.pk and callbacks == []

    PAGE["text"] = "Second version."
    with django_capture_on_commit_callbacks(execute=True):
        changed = pdf_request(export=EXPORT, by=supervisor, evaluation=evaluation)
    changed.refresh_from_db()
    assert changed.pk != pdf.pk and changed.fingerprint != pdf.fingerprint
    assert "Second version." in _text(changed)
    assert stored_names(EXPORT.name) == sorted([pdf.file_name, changed.file_name])


def test_the_render_task_run_again_stores_nothing_new(
    registered, evaluation, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pdf = pdf_request(export=EXPORT, by=supervisor, evaluation=evaluation)
    pdf.refresh_from_db()
    before = (stored_names(EXPORT.name), pdf.finished_at, pdf.size)
    assert render_pdf.apply(args=[EXPORT.name, pdf.pk]).get() == "ready"
    pdf.refresh_from_db()
    assert (stored_names(EXPORT.name), pdf.finished_at, pdf.size) == before


def test_a_render_failing_after_its_retries_is_marked_failed_and_told_to_its_app_once(
    registered, evaluation, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*, export, record):
        calls.append(record.pk)
        raise OSError("fonts unavailable")

    monkeypatch.setattr("core.pdfs.pdf_content", broken)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = pdf_request(export=EXPORT, by=supervisor, evaluation=evaluation)
    pdf.refresh_from_db()
    assert len(calls) == 7  # the first try and six retries
    assert pdf.status == EvaluationPdf.Status.FAILED and "fonts unavailable" in pdf.error
    assert pdf.file_name == "" and stored_names(EXPORT.name) == []
    assert FAILED == [pdf.pk]


def test_a_ready_pdf_is_not_marked_failed(registered, evaluation, supervisor):
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=supervisor,
        evaluation_revision=1,
        status=EvaluationPdf.Status.READY,
        file_name="ready.pdf",
    )
    assert pdf_fail(export=EXPORT, pdf_id=pdf.pk, error="late failure") is False
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.READY and FAILED == []


def test_the_sweep_queues_every_registered_export_and_gives_up_after_a_day(
    registered, evaluation, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(render_pdf, "delay", lambda *args: queued.append(args))
    # The sweep goes through the registry; here it holds the test export alone.
    monkeypatch.setattr(core.pdfs, "_EXPORTS", {EXPORT.name: EXPORT})
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation, requested_by=supervisor, evaluation_revision=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1
    assert queued == [(EXPORT.name, pdf.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_requeue_stale(now=timezone.now() + timedelta(days=1, minutes=1)) == 0
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.FAILED and "within a day" in pdf.error
    assert FAILED == [pdf.pk]


@pytest.mark.urls("tests.core.pdf_urls")
def test_the_generic_views_request_show_and_serve_through_the_export(
    client, registered, evaluation, supervisor, peer, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("test-pdf", args=[evaluation.pk]))
    pdf = EvaluationPdf.objects.get(evaluation=evaluation)
    status_url = reverse("test-pdf-status", args=[evaluation.pk, pdf.pk])
    download_url = reverse("test-pdf-download", args=[evaluation.pk, pdf.pk])
    assert response.status_code == 302 and response.url == status_url
    page = client.get(status_url).content.decode()
    assert f"A test document for {peer}" in page and "Back to the test" in page
    fragment = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Download the PDF" in fragment and download_url in fragment
    download = client.get(download_url)
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "Test%20document.pdf" in download["Content-Disposition"]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.object_pk == str(evaluation.pk)
    assert entry.additional_data == {
        "access": "downloaded",
        "detail": f"test PDF {pdf.pk}",
        # Written in the supervisor's agency: its trail (audit.services).
        "organisation": supervisor.organisation_id,
    }
    # A status page names its own record only under the subject it belongs to.
    other = new_evaluation(peer, supervisor)
    assert client.get(reverse("test-pdf-status", args=[other.pk, pdf.pk])).status_code == 404

    # Whoever the export's may_see refuses finds nothing there, as for a record that is not.
    client.force_login(peer)
    assert client.post(reverse("test-pdf", args=[evaluation.pk])).status_code == 404
    assert client.get(status_url).status_code == 404
    assert client.get(download_url).status_code == 404
    assert client.post(reverse("test-pdf", args=[999_999])).status_code == 404


@pytest.mark.urls("tests.core.pdf_urls")
def test_the_status_page_of_a_failed_pdf_says_what_the_export_says(
    client, registered, evaluation, supervisor
):
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=supervisor,
        evaluation_revision=1,
        status=EvaluationPdf.Status.FAILED,
    )
    client.force_login(supervisor)
    page = client.get(reverse("test-pdf-status", args=[evaluation.pk, pdf.pk])).content.decode()
    assert "could not be prepared. Nothing is lost by this." in page
    assert "hx-get" not in page  # nothing left to wait for
    assert client.get(reverse("test-pdf-download", args=[evaluation.pk, pdf.pk])).status_code == 404


def test_the_command_writes_any_registered_export(registered, evaluation, tmp_path):
    target = tmp_path / "out.pdf"
    call_command(
        "export_pdf", EXPORT.name, evaluation.pk, str(target), stdout=open("/dev/null", "w")
    )
    assert target.read_bytes()[:4] == b"%PDF"
    assert f"Evaluation {evaluation.pk}." in " ".join(pdf_text(target).split())
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_pdf", "nothing-like-it", evaluation.pk, str(target))


def test_downloads_are_named_after_the_person_and_the_document(catalogues, make_person, supervisor):
    """Issue #13: "Jordan Rivera – Annual evaluation 2026.pdf", not a username."""
    jordan = make_person(Role.PEER, supervisor=supervisor)
    jordan.first_name, jordan.last_name = "Jordan", "Rivera"
    jordan.save(update_fields=["first_name", "last_name"])
    evaluation = new_evaluation(jordan, supervisor, kind="annual")
    pdf = EvaluationPdf(evaluation=evaluation)
    assert EVALUATION_PDF.file_name(pdf) == (
        f"Jordan Rivera – Annual evaluation {evaluation.period_end.year}.pdf"
    )
