"""PostgreSQL restarted under load: web and worker recover, no reminder lost or doubled.

Two gunicorn servers run as in production (persistent connections, CONN_MAX_AGE=60): one
under steady requests, one idle across the restart, whose first request afterwards
finds its connection dead and must replace it (CONN_HEALTH_CHECKS). A real worker runs
the daily reminder job, held mid-task on the reminder lock when PostgreSQL goes down.
"""

import threading
import time

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.models import ReminderLock, SentReminder
from core.reminders import send_daily_reminders
from core.tasks import send_reminders
from people.roles import Role
from tests.evaluations.conftest import new_evaluation

from .conftest import wait_until

# They commit for real: the worker and the web server they start must see the data.
pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]

REMINDERS = 12


class Load(threading.Thread):
    """Requests a page over and over, noting when each started and how it ended."""

    def __init__(self, server, cookie):
        super().__init__(daemon=True)
        self.server, self.cookie = server, cookie
        self.results, self.done = [], threading.Event()

    def run(self):
        while not self.done.is_set():
            started = time.monotonic()
            try:
                outcome = self.server.get("/", self.cookie)
            except OSError as error:
                outcome = repr(error)
            self.results.append((started, outcome))
            time.sleep(0.02)


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [connection.settings_dict["NAME"]],
        )
        return cursor.fetchone()[0]


def test_postgres_restarted_under_load(chaos, catalogues, make_person, supervisor):
    today = timezone.localdate()
    for _ in range(REMINDERS):
        # A supervisor each: a person's reminders of a day go out as one email
        # (core.reminders), so with one reminder per person every email is one record and
        # the two can be matched one to one.
        their = make_person(Role.SUPERVISOR)
        new_evaluation(make_person(Role.PEER, supervisor=their), their, due_date=today)
    assert len(send_daily_reminders(today=today, dry_run=True)) == REMINDERS
    client = Client()
    client.force_login(supervisor)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    busy, idle = chaos.start_web(), chaos.start_web()
    busy.wait_ready(), idle.wait_ready()
    assert idle.get("/", cookie) == 200, idle.last  # opens the connection it keeps
    load = Load(busy, cookie)
    load.start()
    worker = chaos.start_worker()
    # Hold the reminder lock so the job, once started, waits on it: mid-task, in a
    # transaction, when PostgreSQL goes down.
    ReminderLock.objects.get_or_create(name="daily")
    db = connection.settings_dict
    holder = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"],
        password=db["PASSWORD"],
    )
    try:
        holder.cursor().execute(
            f"SELECT 1 FROM {ReminderLock._meta.db_table} WHERE name = 'daily' FOR UPDATE"
        )
        job = send_reminders.delay()
        wait_until(lambda: _lock_waiters() >= 1, what="the job to wait on the lock")
        connection.close()
        restart_started = time.monotonic()
        chaos.services.pg_restart()
        back = time.monotonic()
    finally:
        holder.close()
        connection.close()
    # The idle server's kept connection died with the restart: the health check replaces it
    # before the first query, so its first request after the restart succeeds.
    assert idle.get("/", cookie) == 200, idle.last
    wait_until(
        lambda: SentReminder.objects.count() == REMINDERS and len(chaos.mails()) == REMINDERS,
        timeout=180,
        what="every reminder",
    )
    output = worker.output()
    assert f"{job.id}] retry" in output and "OperationalError" in output  # interrupted, retried
    # Run it again: everything is recorded, nothing more goes out.
    again = send_reminders.delay()
    wait_until(lambda: f"{again.id}] succeeded" in worker.output(), what="the second run")
    wait_until(
        lambda: sum(1 for started, _ in load.results if started > back) >= 10,
        what="ten requests after the restart",
    )
    load.done.set()
    load.join(timeout=60)
    sent = sorted((m["To"], m["Subject"]) for m in chaos.mails())
    recorded = sorted(
        (r.recipient.email, r.subject) for r in SentReminder.objects.select_related("recipient")
    )
    assert len(sent) == REMINDERS and sent == recorded  # none lost, none doubled
    before = [outcome for started, outcome in load.results if started < restart_started]
    after = [outcome for started, outcome in load.results if started > back]
    during = [outcome for started, outcome in load.results if restart_started < started < back]
    assert before and set(before) == {200}
    assert any(outcome != 200 for outcome in during)  # the load really met the outage
    assert len(after) >= 10 and set(after) == {200}, after
