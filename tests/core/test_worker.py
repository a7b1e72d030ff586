"""A Celery worker process around its tasks (core.worker, connected in peerworks.celery)."""

import gc
from types import SimpleNamespace

import pytest
from celery.signals import task_postrun, worker_process_init

import core.pdfs.renderer
import core.worker

# What the other receivers of the signal read of a finished task.
A_TASK = SimpleNamespace(request=SimpleNamespace())


@pytest.fixture
def fresh_process(monkeypatch):
    """This test process as a worker process not yet prepared; unfrozen afterwards."""
    monkeypatch.setattr(core.worker, "_prepared", False)
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.fixture
def collections(monkeypatch):
    made = []
    real = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *args: made.append(args) or real(*args))
    return made


def test_a_new_worker_process_renders_a_first_page_and_freezes_the_heap(fresh_process, monkeypatch):
    rendered = []
    real_pdf_bytes = core.pdfs.renderer.pdf_bytes
    monkeypatch.setattr(
        core.pdfs.renderer, "pdf_bytes", lambda html: rendered.append(real_pdf_bytes(html))
    )
    worker_process_init.send(sender=None)
    assert len(rendered) == 1 and rendered[0].startswith(b"%PDF")
    # Everything alive then is left out of later full collections.
    assert gc.get_freeze_count() > 0


def test_a_prepared_worker_collects_after_each_task(fresh_process, collections):
    worker_process_init.send(sender=None)
    collections.clear()
    task_postrun.send(sender=None, task_id="t", task=A_TASK)
    assert collections == [()]


def test_a_task_run_inside_a_web_process_leaves_the_collector_alone(fresh_process, collections):
    task_postrun.send(sender=None, task_id="t", task=A_TASK)
    assert collections == []
