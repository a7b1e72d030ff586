"""What a Celery worker process does around its tasks: get ready once, tidy up after each.

``peerworks.celery`` connects both to Celery's signals.
"""

import gc

from .pdfs.renderer import renderer_warm_up

_prepared = False


def worker_process_prepare() -> None:
    """Ready a new worker process: WeasyPrint imported and one page rendered (seconds,
    paid before the first task, not during it), then everything alive frozen
    (``gc.freeze``): full collections never examine it again.

    Measured on the evaluation PDF (bench/README.md): a render makes tens of thousands of
    objects in reference cycles (WeasyPrint's boxes point at their parents), so every few
    renders the collector ran a full collection in the middle of one, over the whole heap
    and the live document, and that render took 20 to 100 ms more. Freezing does not keep
    anything alive: reference counting still frees each object when its last user goes."""
    global _prepared
    renderer_warm_up()
    gc.collect()
    gc.freeze()
    _prepared = True


def worker_task_finished() -> None:
    """Collect what the task left behind, between tasks, where nobody waits for it: with the
    heap frozen and the task's objects dead this takes a few milliseconds, where the same
    collection during the next render would walk that render's live document too.

    Only in a prepared worker process: a task run eagerly inside a web request leaves the
    collector to its own schedule (a full collection there walks the whole heap)."""
    if _prepared:
        gc.collect()
