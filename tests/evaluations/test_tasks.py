"""Tasks: run by a real Celery worker over Redis when CELERY_BROKER_URL is set, eagerly otherwise."""

import subprocess
from functools import partial

import pytest
from django.core import mail
from django.db import transaction

from core.pdfs import pdf_request
from core.tasks import render_pdf
from evaluations.models import EvaluationPdf, Rating
from evaluations.pdf import EVALUATION_PDF
from tests.conftest import wait_for
from tests.documents import stored_path
from tests.revisions import evaluation_revision

from .conftest import load, make_submitted_evaluation

evaluation_pdf_request = partial(pdf_request, export=EVALUATION_PDF)


def pdf_text(path, *, layout=False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


RATING_HEADINGS = ("Advanced", "Proficient", "Developing", "Not Enough", "Not")


def marked_rating(layout_text: str, code: str) -> str:
    """The rating shown in item ``code``'s row (its rating column, the row's last), read
    from the layout."""
    lines = layout_text.splitlines()
    row = next(line for line in lines if line.strip().startswith(code + " "))
    return max(
        (label for label in RATING_HEADINGS if label in row), key=lambda label: row.rindex(label)
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db(transaction=True)
def test_pdf_is_rendered_by_the_worker_with_every_item_and_rating(
    task_worker, catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    evaluation = load(evaluation)
    developing = evaluation.sections_list[3].items_list[1]
    from evaluations.models import EvaluationItem, EvaluationSection

    EvaluationItem.objects.filter(pk=developing.pk).update(rating=Rating.DEVELOPING)
    EvaluationSection.objects.filter(pk=evaluation.sections_list[3].pk).update(
        comment="Practising story sharing."
    )
    with transaction.atomic():
        pdf = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    if task_worker is not None:
        # Queued, not rendered in this request: the worker picks it up.
        assert EvaluationPdf.objects.get(pk=pdf.pk).status == EvaluationPdf.Status.PENDING
    assert wait_for(
        lambda: EvaluationPdf.objects.get(pk=pdf.pk).status != EvaluationPdf.Status.PENDING
    )
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.READY, pdf.error
    text = pdf_text(stored_path(pdf))
    layout = pdf_text(stored_path(pdf), layout=True)
    flat = _flat(text)
    assert "DRAFT" in text and "Page 1 of" in text
    assert peer.get_full_name() in flat and supervisor.get_full_name() in flat
    assert "90-day" in flat and "Rating definitions" in flat
    evaluation = load(evaluation)
    for section in evaluation.sections_list:
        assert f"Category {section.code}: " in flat
        for item in section.items_list:
            assert _flat(item.text)[:40] in flat, item.code
    # Every item is marked in its rating's column: Proficient, except IV.2 (Developing).
    for section in evaluation.sections_list:
        for item in section.items_list:
            expected = "Developing" if item.code == "IV.2" else "Proficient"
            assert marked_rating(layout, item.code) == expected, item.code
    assert "Practising story sharing." in flat


@pytest.mark.django_db(transaction=True)
def test_finalized_pdf_is_not_marked_draft(task_worker, catalogues, peer, supervisor):
    from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize

    evaluation = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(
        evaluation=evaluation,
        by=peer,
        revision=evaluation_revision(evaluation),
        signature=peer.get_full_name(),
    )
    evaluation = evaluation_finalize(evaluation=evaluation, by=supervisor)
    with transaction.atomic():
        pdf = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    assert wait_for(
        lambda: EvaluationPdf.objects.get(pk=pdf.pk).status == EvaluationPdf.Status.READY
    )
    text = pdf_text(stored_path(EvaluationPdf.objects.get(pk=pdf.pk)))
    assert "DRAFT" not in text and "Finalized" in text
    assert peer.get_full_name() in _flat(text)  # the peer's typed signature


@pytest.mark.django_db(transaction=True)
def test_same_revision_reuses_the_export(task_worker, catalogues, peer, supervisor):
    evaluation = make_submitted_evaluation(peer, supervisor)
    with transaction.atomic():
        first = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    with transaction.atomic():
        second = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    assert first.pk == second.pk
    assert wait_for(
        lambda: EvaluationPdf.objects.get(pk=first.pk).status == EvaluationPdf.Status.READY
    )
    # Running the task again for a ready PDF changes nothing.
    render_pdf.apply(args=[EVALUATION_PDF.name, first.pk])
    assert EvaluationPdf.objects.get(pk=first.pk).status == EvaluationPdf.Status.READY


@pytest.mark.django_db
def test_failed_render_is_retried_then_reported_and_never_offered(
    catalogues, peer, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*, export, record):
        calls.append(record.evaluation_id)
        raise OSError("fonts unavailable")

    monkeypatch.setattr("core.pdfs.pdf_content", broken)
    evaluation = make_submitted_evaluation(peer, supervisor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pdf = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    pdf.refresh_from_db()
    assert len(calls) == 7  # the first try and six retries
    assert pdf.status == EvaluationPdf.Status.FAILED and "fonts unavailable" in pdf.error
    assert not stored_path(pdf).exists() if pdf.file_name else True
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert "could not be prepared" in mail.outbox[0].subject


def _ready(pdf):
    assert wait_for(
        lambda: EvaluationPdf.objects.get(pk=pdf.pk).status != EvaluationPdf.Status.PENDING
    )
    pdf.refresh_from_db()
    assert pdf.status == EvaluationPdf.Status.READY, pdf.error
    return pdf


@pytest.mark.django_db(transaction=True)
def test_an_export_is_not_reused_once_the_self_assessment_it_lacks_is_submitted(
    task_worker, catalogues, peer, supervisor
):
    from evaluations.services.evaluations import evaluation_self_save
    from evaluations.services.workflow import evaluation_self_submit

    evaluation = make_submitted_evaluation(peer, supervisor)
    with transaction.atomic():
        first = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    first = _ready(first)
    assert "self-assessment comments" not in _flat(pdf_text(stored_path(first)))
    evaluation = load(evaluation)
    items = [i for s in evaluation.sections_list for i in s.items_list]
    evaluation_self_save(
        evaluation=evaluation,
        by=peer,
        revision=evaluation.self_revision,
        ratings={i.pk: Rating.PROFICIENT for i in items},
        comments={evaluation.sections_list[0].pk: "Practising boundaries with care."},
    )
    # A draft self-assessment is not in the PDF, so the export still shows the same.
    with transaction.atomic():
        assert evaluation_pdf_request(evaluation=load(evaluation), by=supervisor).pk == first.pk
    evaluation_self_submit(evaluation=load(evaluation), by=peer)
    with transaction.atomic():
        second = evaluation_pdf_request(evaluation=load(evaluation), by=supervisor)
    assert second.pk != first.pk
    second = _ready(second)
    text = _flat(pdf_text(stored_path(second)))
    assert "self-assessment comments" in text and "Practising boundaries with care." in text
    assert second.fingerprint and second.fingerprint != first.fingerprint
    with transaction.atomic():
        assert evaluation_pdf_request(evaluation=load(evaluation), by=peer).pk == second.pk


@pytest.mark.django_db
def test_a_finalized_evaluation_is_rendered_once_and_again_only_after_an_amendment(
    finalized, peer, supervisor, monkeypatch, django_capture_on_commit_callbacks
):
    import core.pdfs

    from .conftest import amend_rating

    renders = []
    render = core.pdfs.pdf_content

    def counted(*, export, record):
        renders.append(record.pk)
        return render(export=export, record=record)

    monkeypatch.setattr("core.pdfs.pdf_content", counted)
    with django_capture_on_commit_callbacks(execute=True):
        first = evaluation_pdf_request(evaluation=load(finalized), by=supervisor)
    first = _ready(first)
    # Its content cannot change: asking again, by anyone, hands out the same file.
    for person in (supervisor, peer, supervisor):
        with django_capture_on_commit_callbacks(execute=True):
            assert evaluation_pdf_request(evaluation=load(finalized), by=person).pk == first.pk
    assert renders == [first.pk]

    item = load(finalized).sections_list[0].items_list[0]
    amend_rating(load(finalized), by=supervisor, item=item, rating=Rating.ADVANCED)
    with django_capture_on_commit_callbacks(execute=True):
        amended = evaluation_pdf_request(evaluation=load(finalized), by=supervisor)
    amended = _ready(amended)
    assert amended.pk != first.pk and renders == [first.pk, amended.pk]
    assert "Amendment 1" in _flat(pdf_text(stored_path(amended)))
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluation_pdf_request(evaluation=load(finalized), by=peer).pk == amended.pk
    assert renders == [first.pk, amended.pk]
