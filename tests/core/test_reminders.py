"""The daily reminder job: dry run, the command, once-only under concurrency, failed sends retried."""

import threading
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from core.models import SentReminder
from core.reminders import send_daily_reminders
from people.roles import Role
from tests.clock import at_agency, frozen
from tests.evaluations.conftest import new_evaluation

pytestmark = frozen

DUE = date(2026, 12, 10)


@pytest.mark.django_db
def test_dry_run_lists_and_sends_nothing(catalogues, peer, supervisor):
    new_evaluation(peer, supervisor, due_date=DUE)
    listed = send_daily_reminders(today=DUE, dry_run=True)
    assert [r.subject for r in listed] == [f"Evaluation of {peer.get_full_name()} is due today"]
    assert mail.outbox == [] and SentReminder.objects.count() == 0


@pytest.mark.django_db
def test_send_reminders_command(catalogues, peer, supervisor, time_machine):
    new_evaluation(peer, supervisor, due_date=DUE)
    time_machine.move_to(at_agency(DUE))
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--show-recipients", stdout=out)
    assert (
        f"Would send: {supervisor.email}: Evaluation of {peer.get_full_name()} is due today"
        in out.getvalue()
    )
    assert "Would send 1 reminder for 2026-12-10." in out.getvalue()
    assert mail.outbox == []
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 1 reminder" in out.getvalue() and len(mail.outbox) == 1
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Sent 0 reminders" in out.getvalue() and len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_reminders_prints_no_personal_data_unless_asked(catalogues, peer, supervisor):
    evaluation = new_evaluation(peer, supervisor, due_date=DUE)
    personal = [supervisor.email, supervisor.username, peer.first_name, peer.last_name]
    for args in (["--dry-run"], []):
        out = StringIO()
        with time_machine.travel(at_agency(DUE), tick=False):
            call_command("send_reminders", *args, stdout=out)
        text = out.getvalue()
        assert f"evaluation:{evaluation.pk}:due_today:{DUE}:{supervisor.pk}" in text
        assert f"to person #{supervisor.pk}" in text and "1 reminder for 2026-12-10" in text
        assert not [value for value in personal if value in text], text


@pytest.mark.django_db
def test_an_undelivered_reminder_is_logged_without_the_address(
    catalogues, peer, supervisor, monkeypatch, caplog
):
    import smtplib

    new_evaluation(peer, supervisor, due_date=DUE)

    def refuse(self, messages, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({supervisor.email: (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level("WARNING", logger="core.reminders"):
        assert send_daily_reminders(today=DUE) == []
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "not delivered (SMTPRecipientsRefused)" in logged
    assert f"person #{supervisor.pk}" in logged
    assert supervisor.email not in caplog.text and supervisor.email not in logged


@pytest.mark.django_db
def test_undelivered_reminder_is_sent_on_the_next_run(catalogues, peer, supervisor, monkeypatch):
    new_evaluation(peer, supervisor, due_date=DUE)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert send_daily_reminders(today=DUE) == []
    assert SentReminder.objects.count() == 0
    monkeypatch.undo()
    assert len(send_daily_reminders(today=DUE)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(catalogues, make_person, supervisor):
    for _ in range(5):
        new_evaluation(make_person(Role.PEER, supervisor=supervisor), supervisor, due_date=DUE)
    results, errors = [], []

    def run():
        try:
            results.append(len(send_daily_reminders(today=DUE)))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [0, 5]
    # Five reminders, all the supervisor's: one email.
    assert SentReminder.objects.count() == 5 and len(mail.outbox) == 1
