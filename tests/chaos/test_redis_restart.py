"""Redis restarted: queued work is not lost.

Redis keeps nothing on disk, so a message in it when it stops is gone. The database is the
source of truth: a request made while Redis is down waits for it (the publish retry
policy) and still succeeds, and a PDF whose message was lost is queued again by the sweep.
"""

import contextvars
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.pdfs import pdf_requeue_stale
from core.tasks import requeue_stale_pdfs
from evaluations.models import EvaluationPdf
from people.roles import Role
from tests.evaluations.conftest import new_evaluation, rate_all

from .conftest import pdf_files, wait_until

# They commit for real: the worker and the web server they start must see the data.
pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]


def _request_pdf(user, evaluation) -> tuple[int, EvaluationPdf]:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("evaluations:evaluation-pdf", args=[evaluation.pk]))
    return response.status_code, EvaluationPdf.objects.get(evaluation=evaluation)


def _status(pdf):
    return EvaluationPdf.objects.get(pk=pdf.pk).status


def test_work_queued_around_a_redis_restart_completes_once(
    chaos, pdf_writes, catalogues, make_person, supervisor
):
    # Drafts: asking for their PDF is the only thing that queues work.
    lost, waited = (
        rate_all(
            new_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor), supervisor
        )
        for _ in range(2)
    )
    # No worker yet: the first request's message sits in Redis when it stops, and is lost.
    status, lost_pdf = _request_pdf(supervisor, lost)
    assert status == 302 and lost_pdf.status == EvaluationPdf.Status.PENDING
    chaos.services.redis_stop()
    try:
        # A request while Redis is down waits for it, and succeeds once it is back.
        result = {}

        def request():
            started = time.monotonic()
            try:
                result["status"], result["pdf"] = _request_pdf(supervisor, waited)
            finally:
                result["seconds"] = time.monotonic() - started
                connection.close()

        # In a copy of the test's context: it reads records as the test does (unscoped).
        thread = threading.Thread(target=contextvars.copy_context().run, args=(request,))
        thread.start()
        time.sleep(2)
        assert thread.is_alive()  # still waiting for Redis
    finally:
        chaos.services.redis_start()
    thread.join(timeout=30)
    assert result["status"] == 302 and result["seconds"] >= 2
    waited_pdf = result["pdf"]
    # Both asked for 11 minutes ago, as far as the sweep can tell.
    EvaluationPdf.objects.update(requested_at=timezone.now() - timedelta(minutes=11))
    chaos.start_worker()
    wait_until(lambda: _status(waited_pdf) == EvaluationPdf.Status.READY, what="the PDF queued")
    time.sleep(2)
    assert _status(lost_pdf) == EvaluationPdf.Status.PENDING  # its message went with Redis
    # The sweep (beat runs it every five minutes) queues it again, being stale; the ready
    # one is left alone.
    requeue_stale_pdfs.delay()
    wait_until(lambda: _status(lost_pdf) == EvaluationPdf.Status.READY, what="the lost PDF")
    assert pdf_requeue_stale() == 0
    for evaluation, pdf in ((lost, lost_pdf), (waited, waited_pdf)):
        assert pdf_writes(pdf.pk) == [("pending", "ready")]
        assert [r[0] for r in chaos.renders() if r[2] == str(evaluation.pk)] == ["start", "end"]
    assert pdf_files(chaos.dir / "private") == sorted(
        f"evaluation-{e.pk}-{p.pk}.pdf" for e, p in ((lost, lost_pdf), (waited, waited_pdf))
    )
    assert chaos.mails() == []
