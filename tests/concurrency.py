"""Run callables at the same moment in separate threads (each with its own connection)."""

import contextvars
import threading

from django.db import connection


def race(*actions) -> list:
    """Start every action together; return each one's result, or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as exc:  # noqa: BLE001 - handed back for the test to assert on
            outcomes[index] = exc
        finally:
            connection.close()

    # Each thread runs in a copy of the test's context: its scope (organisations.scoping)
    # is the test's, as a request's would be the request's.
    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(run, *pair))
        for pair in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
