"""Every task: late acknowledgement, retries with backoff, idempotent, queued after commit.

Runs eagerly here; tests/chaos runs the same tasks in a real worker that is killed, and
restarts PostgreSQL and Redis under them.
"""

import ast
import logging
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from core.models import SentReminder
from core.pdfs import pdf_request, pdf_requeue_stale, pdf_store
from core.tasks import TRANSIENT_ERRORS, render_pdf, send_reminders
from evaluations.models import EvaluationNotice, EvaluationPdf
from evaluations.pdf import EVALUATION_PDF
from peerworks.celery import app
from people.roles import Role
from tests.clock import at_agency, frozen
from tests.documents import stored_names, stored_path
from tests.evaluations.conftest import new_evaluation
from trainings.models import TrainingPdf
from trainings.pdf import TRAINING_PDF
from workplans.models import WorkPlanPdf
from workplans.pdf import WORKPLAN_PDF

pytestmark = frozen

evaluation_pdf_request = partial(pdf_request, export=EVALUATION_PDF)
workplan_pdf_request = partial(pdf_request, export=WORKPLAN_PDF)
training_pdf_request = partial(pdf_request, export=TRAINING_PDF)

ROOT = Path(__file__).resolve().parents[2]
# Every app of this project (not the libraries): a folder with an apps.py.
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py")))
DUE = date(2026, 12, 10)


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in APPS}


def test_every_task_is_acked_late_and_retries_transient_errors_with_backoff():
    tasks = _our_tasks()
    assert {"core.tasks.send_reminders", "core.tasks.render_pdf"} <= set(tasks)
    for name, task in tasks.items():
        assert task.acks_late, name
        assert tuple(task.autoretry_for) == TRANSIENT_ERRORS, name
        assert task.retry_backoff and task.retry_jitter and task.max_retries >= 5, name
    # A worker killed mid-task: its message goes back (the task runs again), never dropped.
    assert app.conf.task_reject_on_worker_lost and app.conf.task_acks_late


def _publishing_calls(tree):
    """Every ``x.delay(…)``/``x.apply_async(…)`` call in a module, with its parent chain."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("delay", "apply_async", "send_task"):
                chain, current = [], node
                while current in parents:
                    current = parents[current]
                    chain.append(current)
                yield node, chain


def _is_on_commit(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "on_commit"
    )


def test_tasks_are_queued_only_after_their_transaction_commits():
    """A worker must find what the request wrote: the one place that publishes is
    ``core.queueing._publish``, and it is only ever handed to ``transaction.on_commit``."""
    publishers = []
    for path in sorted(p for app_name in APPS for p in (ROOT / app_name).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for _call, chain in _publishing_calls(tree):
            function = next((n for n in chain if isinstance(n, ast.FunctionDef)), None)
            publishers.append((path.relative_to(ROOT).as_posix(), getattr(function, "name", None)))
    assert publishers == [("core/queueing.py", "_publish")]
    tree = ast.parse((ROOT / "core" / "queueing.py").read_text())
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    functions = {
        c: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) for c in ast.walk(n)
    }
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_publish"]
    assert uses
    for use in uses:
        if functions[use].name == "_run_beside":
            continue  # the thread's body: held below to threads started on commit
        # on_commit(partial(_publish, …))
        assert _is_on_commit(parents[parents[use]]), f"core/queueing.py:{use.lineno}"
    # With no worker, a slow task publishes from a thread (``queue_beside_request``): that
    # thread is only ever started by a callback handed to ``transaction.on_commit``.
    beside = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "_run_beside"]
    assert beside
    for use in beside:
        node = use
        while node in parents and not _is_on_commit(node):
            node = parents[node]
        assert _is_on_commit(node), f"core/queueing.py:{use.lineno}"


@pytest.mark.django_db
def test_nothing_is_published_before_the_commit_and_a_down_broker_fails_nothing(
    django_capture_on_commit_callbacks, caplog
):
    from unittest import mock

    from kombu.exceptions import OperationalError

    from core.queueing import queue_after_commit

    task = mock.Mock()
    task.name = "example"
    with django_capture_on_commit_callbacks() as callbacks:
        queue_after_commit(task, 7, "kind")
        task.delay.assert_not_called()
    callbacks[0]()
    task.delay.assert_called_once_with(7, "kind")
    task.delay.side_effect = OperationalError("Redis is restarting")
    with django_capture_on_commit_callbacks(execute=True):
        queue_after_commit(task, 8)
    assert "Broker unavailable: example(8,) was not queued" in caplog.text


@pytest.mark.django_db
def test_reminder_job_run_twice_sends_each_reminder_once(
    catalogues, make_person, supervisor, time_machine
):
    for _ in range(3):
        new_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor, due_date=DUE)
    time_machine.move_to(at_agency(DUE))
    assert send_reminders.apply().get() == 3
    assert send_reminders.apply().get() == 0
    # The supervisor's three reminders come in one email.
    assert len(mail.outbox) == 1 and SentReminder.objects.count() == 3


@pytest.mark.django_db
def test_reminder_job_records_nothing_when_the_mail_server_is_down(
    catalogues, peer, supervisor, monkeypatch, time_machine
):
    new_evaluation(peer, supervisor, due_date=DUE)

    def refuse(self):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.open", refuse, raising=False)
    time_machine.move_to(at_agency(DUE))
    send_reminders.apply()  # retried six times, then given up: tomorrow's run sends it
    assert SentReminder.objects.count() == 0 and mail.outbox == []


_files = stored_names


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_each_render_task_run_twice_writes_one_file_and_marks_ready_once(
    private_root, catalogues, peer, supervisor, hr_user, django_capture_on_commit_callbacks
):
    from tests.workplans.conftest import load_guide, new_plan

    load_guide()
    evaluation = new_evaluation(peer, supervisor)
    plan = new_plan(peer, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        pdfs = [
            (evaluation_pdf_request(evaluation=evaluation, by=supervisor), EVALUATION_PDF),
            (workplan_pdf_request(plan=plan, by=supervisor), WORKPLAN_PDF),
            (
                training_pdf_request(kind=TrainingPdf.Kind.TRANSCRIPT, person=peer, by=hr_user),
                TRAINING_PDF,
            ),
        ]
    for pdf, export in pdfs:
        pdf.refresh_from_db()
        assert pdf.status == "ready", pdf.error
        folder = type(pdf)._meta.app_label
        before = (_files(folder), pdf.finished_at, stored_path(pdf).stat().st_mtime_ns)
        assert render_pdf.apply(args=[export.name, pdf.pk]).get() == "ready"
        pdf.refresh_from_db()
        after = (_files(folder), pdf.finished_at, stored_path(pdf).stat().st_mtime_ns)
        assert after == before and before[0] == [pdf.file_name]


@pytest.mark.django_db
def test_storing_a_stored_pdf_again_changes_nothing(private_root, catalogues, peer, supervisor):
    pdf = EvaluationPdf.objects.create(
        evaluation=new_evaluation(peer, supervisor), requested_by=supervisor, evaluation_revision=1
    )
    args = {"record": pdf, "folder": "evaluations", "file_name": "a.pdf"}
    assert pdf_store(content=b"%PDF-first", **args) is True
    finished = pdf.finished_at
    # A second run (the message delivered again) finds it stored: no new file, no new write.
    assert pdf_store(content=b"%PDF-second", **args) is False
    assert (private_root / "evaluations" / "a.pdf").read_bytes() == b"%PDF-first"
    assert _files("evaluations") == ["a.pdf"]
    pdf.refresh_from_db()
    assert pdf.finished_at == finished and pdf.status == "ready"


@pytest.mark.django_db
def test_request_while_the_broker_is_down_succeeds_and_the_sweep_queues_it(
    private_root,
    catalogues,
    peer,
    supervisor,
    client,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    evaluation = new_evaluation(peer, supervisor)
    client.force_login(supervisor)

    def broker_down(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, caplog.at_level(logging.WARNING, logger="core.pdfs"):
        patch.setattr(render_pdf, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("evaluations:evaluation-pdf", args=[evaluation.pk]))
    assert response.status_code == 302
    pdf = EvaluationPdf.objects.get(evaluation=evaluation)
    assert pdf.status == "pending" and "was not queued" in caplog.text
    # Not yet stale: left alone. Stale: queued again (rendered here at once: eager tasks).
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_requeue_stale() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1
    pdf.refresh_from_db()
    assert pdf.status == "ready" and _files("evaluations") == [pdf.file_name]
    with django_capture_on_commit_callbacks(execute=True):
        assert pdf_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 0


@pytest.mark.django_db
def test_sweep_gives_up_after_a_day_and_tells_whoever_asked_once(
    private_root, catalogues, peer, supervisor, django_capture_on_commit_callbacks
):
    evaluation = new_evaluation(peer, supervisor)
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation, requested_by=supervisor, evaluation_revision=1
    )
    plan_pdf_count = WorkPlanPdf.objects.count()
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=1, minutes=1)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert pdf_requeue_stale(now=later) == 0
    pdf.refresh_from_db()
    assert pdf.status == "failed" and "within a day" in pdf.error
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert EvaluationNotice.objects.filter(kind=EvaluationNotice.Kind.PDF_FAILED).count() == 1
    assert WorkPlanPdf.objects.count() == plan_pdf_count


@pytest.mark.django_db(transaction=True)  # the scheduler closes connections as it goes
def test_beat_runs_the_sweeps_every_five_minutes():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    DatabaseScheduler(app=app, lazy=True).setup_schedule()  # as `make beat` does at start
    for name, task in (
        ("requeue-stale-pdfs", "core.tasks.requeue_stale_pdfs"),
        ("requeue-unsent-notices", "core.tasks.requeue_unsent_notices"),
        ("requeue-unsent-survey-links", "readiness.tasks.requeue_unsent_survey_links"),
    ):
        sweep = PeriodicTask.objects.get(name=name)
        assert sweep.task == task and sweep.enabled
        assert (sweep.interval.every, sweep.interval.period) == (300, "seconds")


@pytest.mark.django_db
def test_a_notice_lost_with_the_broker_stays_due_and_the_sweep_sends_it_once(
    catalogues, peer, supervisor, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from core.queueing import notices_requeue_unsent
    from evaluations.services.workflow import evaluation_submit
    from evaluations.tasks import send_evaluation_notice
    from tests.evaluations.conftest import rate_all

    evaluation = new_evaluation(peer, supervisor)
    rate_all(evaluation, supervisor)

    def broker_down(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch, caplog.at_level(logging.WARNING, logger="core.queueing"):
        patch.setattr(send_evaluation_notice, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            evaluation_submit(evaluation=evaluation, by=supervisor)
    # The submission stands; its notice is recorded as due, not sent.
    notice = EvaluationNotice.objects.get(evaluation=evaluation, kind="submitted")
    assert notice.sent_at is None and mail.outbox == []
    assert "was not queued" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent() == 0  # not yet overdue: it may still be on its way
    later = timezone.now() + timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent(now=later) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert [m.to for m in mail.outbox] == [[peer.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_requeue_unsent(now=later) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_notice_is_recorded_only_for_someone_with_an_address(
    catalogues, peer, supervisor, django_capture_on_commit_callbacks
):
    from evaluations.services.notifications import evaluation_notice_queue

    type(peer).objects.filter(pk=peer.pk).update(email="")
    evaluation = new_evaluation(peer, supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_notice_queue(evaluation_id=evaluation.pk, kind="submitted", recipient_id=peer.pk)
    assert not EvaluationNotice.objects.exists()
