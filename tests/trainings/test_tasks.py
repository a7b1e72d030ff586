"""Tasks: run by a real Celery worker over Redis when CELERY_BROKER_URL is set, eagerly otherwise."""

from functools import partial

import pytest
from django.core import mail
from django.db import transaction

from core.pdfs import pdf_request
from tests.conftest import wait_for
from tests.documents import stored_path
from tests.evaluations.test_tasks import pdf_text
from trainings.models import Enrolment, TrainingNotice, TrainingPdf
from trainings.pdf import TRAINING_PDF
from trainings.services.attendance import Mark, attendance_record
from trainings.services.enrolment import enrolment_cancel
from trainings.tasks import send_training_notice

from .conftest import enrol, make_session, move_to_past

training_pdf_request = partial(pdf_request, export=TRAINING_PDF)


def _flat(text):
    return " ".join(text.split())


@pytest.mark.django_db(transaction=True)
def test_completion_queues_a_certificate_rendered_by_the_worker(
    task_worker, catalogues, hr_user, peer
):
    session = make_session(hr_user, "wrap-seminar-1")
    enrolment = enrol(session, peer)
    move_to_past(session, days_ago=3)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in session.slots.all()}
    attendance_record(session=session, marks=marks, by=hr_user)
    pdf = TrainingPdf.objects.get(enrolment=enrolment)
    assert wait_for(lambda: TrainingPdf.objects.get(pk=pdf.pk).status != TrainingPdf.Status.PENDING)
    pdf.refresh_from_db()
    assert pdf.status == TrainingPdf.Status.READY, pdf.error
    text = _flat(pdf_text(stored_path(pdf)))
    assert "Certificate of completion" in text
    assert peer.get_full_name() in text
    assert "WRAP®, Seminar I" in text and "16.0 hours" in text
    # Asking again reuses the ready certificate.
    enrolment.refresh_from_db()
    again = training_pdf_request(
        kind=TrainingPdf.Kind.CERTIFICATE, person=peer, enrolment=enrolment, by=peer
    )
    assert again.pk == pdf.pk


@pytest.mark.django_db(transaction=True)
def test_transcript_pdf_and_promotion_notice_through_the_worker(
    task_worker, catalogues, hr_user, peer, make_person
):
    from people.roles import Role

    session = make_session(hr_user, capacity=1)
    first = enrol(session, make_person(Role.PEER))
    waiting = enrol(session, peer)
    mail.outbox.clear()
    enrolment_cancel(enrolment=first, by=hr_user)
    assert wait_for(lambda: TrainingNotice.objects.filter(enrolment=waiting).exists())
    assert Enrolment.objects.get(pk=waiting.pk).status == Enrolment.Status.ENROLLED
    with transaction.atomic():
        pdf = training_pdf_request(kind=TrainingPdf.Kind.TRANSCRIPT, person=peer, by=peer)
    assert wait_for(lambda: TrainingPdf.objects.get(pk=pdf.pk).status != TrainingPdf.Status.PENDING)
    pdf.refresh_from_db()
    assert pdf.status == TrainingPdf.Status.READY, pdf.error
    text = _flat(pdf_text(stored_path(pdf)))
    assert "Training transcript" in text and "Recovery 101" in text


@pytest.mark.django_db
def test_notice_task_sends_once(catalogues, hr_user, peer, make_person):
    from people.roles import Role

    session = make_session(hr_user, capacity=1)
    enrol(session, make_person(Role.PEER))
    waiting = enrol(session, peer)
    mail.outbox.clear()
    assert send_training_notice.apply(args=[waiting.pk, TrainingNotice.Kind.PROMOTED]).get()
    assert not send_training_notice.apply(args=[waiting.pk, TrainingNotice.Kind.PROMOTED]).get()
    assert len(mail.outbox) == 1 and "A seat opened up" in mail.outbox[0].subject


@pytest.mark.django_db
def test_failed_render_is_marked_failed_and_never_offered(
    catalogues, hr_user, peer, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*, export, record):
        calls.append(record.pk)
        raise OSError("fonts unavailable")

    monkeypatch.setattr("core.pdfs.pdf_content", broken)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = training_pdf_request(kind=TrainingPdf.Kind.TRANSCRIPT, person=peer, by=peer)
    pdf.refresh_from_db()
    assert len(calls) == 7  # the first try and six retries
    assert pdf.status == TrainingPdf.Status.FAILED and "fonts unavailable" in pdf.error


@pytest.mark.django_db(transaction=True)
def test_a_pdf_is_reused_only_while_what_it_shows_is_unchanged(
    task_worker, catalogues, hr_user, peer
):
    def ready(pdf):
        assert wait_for(
            lambda: TrainingPdf.objects.get(pk=pdf.pk).status != TrainingPdf.Status.PENDING
        )
        pdf.refresh_from_db()
        assert pdf.status == TrainingPdf.Status.READY, pdf.error
        return _flat(pdf_text(stored_path(pdf)))

    def transcript():
        with transaction.atomic():
            return training_pdf_request(kind=TrainingPdf.Kind.TRANSCRIPT, person=peer, by=peer)

    before = transcript()
    assert "None yet." in ready(before)
    assert transcript().pk == before.pk
    session = make_session(hr_user, "wrap-seminar-1")
    enrolment = enrol(session, peer)
    move_to_past(session, days_ago=3)
    marks = {(enrolment.pk, s.pk): Mark("present") for s in session.slots.all()}
    attendance_record(session=session, marks=marks, by=hr_user)
    # The hours changed: a new transcript, and it shows them.
    after = transcript()
    assert after.pk != before.pk
    assert "WRAP®, Seminar I" in ready(after)
    certificate = TrainingPdf.objects.get(enrolment=enrolment)
    ready(certificate)
    # A corrected name is on the certificate: the one made before is not handed out again.
    peer.last_name = "Okafor-Reyes"
    peer.save(update_fields=["last_name"])
    enrolment.refresh_from_db()
    with transaction.atomic():
        corrected = training_pdf_request(
            kind=TrainingPdf.Kind.CERTIFICATE, person=peer, enrolment=enrolment, by=peer
        )
    assert corrected.pk != certificate.pk
    assert "Okafor-Reyes" in ready(corrected)
