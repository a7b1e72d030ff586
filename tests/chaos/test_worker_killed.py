"""A worker killed in the middle of a PDF: the render runs again and the PDF is ready once.

A real worker (prefork, one child) runs against Redis and the test database; its renders
are slowed down and logged (``tests/chaos/worker.py``) so the kill lands mid-render.
"""

import os
import signal
import time
from functools import partial

import pytest
from django.db import transaction

from core.pdfs import pdf_request
from evaluations.models import EvaluationNotice, EvaluationPdf
from evaluations.pdf import EVALUATION_PDF
from tests.evaluations.conftest import make_submitted_evaluation

from .conftest import pdf_files, wait_until

evaluation_pdf_request = partial(pdf_request, export=EVALUATION_PDF)

# They commit for real: the worker and the web server they start must see the data.
pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]

# Short, so the test need not wait an hour (production: CELERY_VISIBILITY_TIMEOUT, 3600 s).
VISIBILITY_TIMEOUT = 5


def _status(pdf):
    return EvaluationPdf.objects.get(pk=pdf.pk).status


def _assert_ready_once(chaos, pdf, pdf_writes, evaluation):
    assert _status(pdf) == EvaluationPdf.Status.READY
    assert pdf_writes(pdf.pk) == [("pending", "ready")]  # one write: pending → ready
    # One file, and no partial one left by the killed run.
    assert pdf_files(chaos.dir / "private") == [f"evaluation-{evaluation.pk}-{pdf.pk}.pdf"]
    # No "could not be prepared" notice: only the one the submission sent, once.
    notices = EvaluationNotice.objects.values_list("kind", flat=True)
    assert list(notices) == [EvaluationNotice.Kind.SUBMITTED]
    assert [m["Subject"] for m in chaos.mails()] == [
        "Your evaluation is ready for you to read and sign"
    ]


def test_pool_child_killed_mid_render_runs_again_and_completes_once(
    chaos, pdf_writes, catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    worker = chaos.start_worker(CHAOS_RENDER_DELAY=3)
    with transaction.atomic():
        pdf = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    wait_until(lambda: chaos.renders(), what="the render to start")
    [[event, child, _]] = chaos.renders()
    assert event == "start" and int(child) != worker.process.pid  # a pool child, mid-render
    os.kill(int(child), signal.SIGKILL)
    # The worker sees its child die and rejects the message (REJECT_ON_WORKER_LOST); Redis
    # hands it out again at once, to the child that replaces the dead one.
    wait_until(lambda: _status(pdf) != EvaluationPdf.Status.PENDING, timeout=60, what="ready")
    renders = chaos.renders()
    assert [r[0] for r in renders] == ["start", "start", "end"]
    assert renders[1][1] != child and renders[2][1] == renders[1][1]
    assert "WorkerLostError" in worker.output()
    time.sleep(2)  # nothing more comes
    assert len(chaos.renders()) == 3
    _assert_ready_once(chaos, pdf, pdf_writes, evaluation)


def test_worker_killed_mid_render_runs_again_on_a_new_worker_and_completes_once(
    chaos, pdf_writes, catalogues, peer, supervisor
):
    evaluation = make_submitted_evaluation(peer, supervisor)
    first = chaos.start_worker(CHAOS_RENDER_DELAY=60)
    with transaction.atomic():
        pdf = evaluation_pdf_request(evaluation=evaluation, by=supervisor)
    wait_until(lambda: chaos.renders(), what="the render to start")
    first.kill()  # main process and child together: nobody is left to reject the message
    killed_at = time.monotonic()
    assert [r[0] for r in chaos.renders()] == ["start"]
    assert _status(pdf) == EvaluationPdf.Status.PENDING
    # The message is still in Redis, delivered but unacknowledged; a new worker hands it out
    # again once it is older than the visibility timeout.
    chaos.start_worker(CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT)
    wait_until(lambda: _status(pdf) != EvaluationPdf.Status.PENDING, timeout=90, what="ready")
    assert time.monotonic() - killed_at < 60  # long before the first render would have ended
    renders = chaos.renders()
    assert [r[0] for r in renders] == ["start", "start", "end"]
    assert renders[1][1] != renders[0][1]
    time.sleep(VISIBILITY_TIMEOUT + 2)  # past another timeout: nothing is handed out again
    assert len(chaos.renders()) == 3
    _assert_ready_once(chaos, pdf, pdf_writes, evaluation)
