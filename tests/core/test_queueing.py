"""Queueing a slow task with no worker: it runs beside the request, and finishes."""

import threading

import pytest

from core import queueing


class SlowTask:
    name = "tests.slow"

    def __init__(self):
        self.ran = threading.Event()

    def delay(self, *args):
        self.args = args
        self.ran.set()


@pytest.mark.django_db
def test_with_no_worker_a_slow_task_runs_in_a_thread_the_process_waits_for(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    started = []
    real_thread = threading.Thread

    def recording_thread(*args, **kwargs):
        thread = real_thread(*args, **kwargs)
        started.append(thread)
        return thread

    monkeypatch.setattr(queueing.threading, "Thread", recording_thread)
    task = SlowTask()
    with django_capture_on_commit_callbacks(execute=True):
        queueing.queue_beside_request(task, "evaluations", 7)
        assert started == []  # nothing runs before the commit
    [thread] = started
    thread.join(timeout=10)
    assert task.ran.is_set() and task.args == ("evaluations", 7)
    # seed_demo, or the development server stopped, waits for it: a daemon thread would
    # die with the process and leave its PDF pending with no worker to take it up.
    assert thread.daemon is False


@pytest.mark.django_db
def test_with_a_worker_the_task_is_queued_after_commit(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(
        queueing.threading, "Thread", lambda *a, **k: pytest.fail("no thread with a worker")
    )
    task = SlowTask()
    with django_capture_on_commit_callbacks(execute=True):
        queueing.queue_beside_request(task, "evaluations", 7)
    assert task.ran.is_set() and task.args == ("evaluations", 7)
