"""What core runs of the apps, each app registers from its AppConfig.ready()."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

import audit.guards
import audit.services
import core.guards
import evaluations.guards
import evaluations.reminders
import onboarding.reminders
import readiness.reminders
import trainings.reminders
import workplans.guards
import workplans.reminders
from core import access, db, integrity, notices, pdfs, queueing, reminders
from core.models import Notice
from core.tasks import send_notice
from evaluations.models import EvaluationNotice
from evaluations.tasks import send_evaluation_notice
from people.models import Invitation
from people.tasks import send_invitation
from trainings.models import TrainingNotice
from trainings.tasks import send_training_notice


def test_every_app_registers_what_core_runs_of_it():
    assert set(reminders.REMINDER_SOURCES) == {
        evaluations.reminders.pending,
        onboarding.reminders.pending,
        trainings.reminders.pending,
        workplans.reminders.pending,
        readiness.reminders.pending,
    }
    # A record type missing here would be sealed by nobody and checked by nobody.
    assert set(integrity.SEALED_RECORDS) == {"evaluations.evaluation", "workplans.workplan"}
    assert set(queueing.NOTICE_OUTBOXES) == {
        (Notice, send_notice),
        (EvaluationNotice, send_evaluation_notice),
        (TrainingNotice, send_training_notice),
        (Invitation, send_invitation),
    }
    assert set(db.SQLITE_GUARDS) == {
        audit.guards.sqlite_triggers,
        core.guards.sqlite_triggers,
        evaluations.guards.sqlite_triggers,
        workplans.guards.sqlite_triggers,
    }
    assert {export.name for export in pdfs.pdf_exports()} >= {
        "evaluations",
        "workplans",
        "trainings",
    }
    # Each app's hand-offs and reminders are kinds a person chooses how to get; a reminder
    # kind missing here would stop the daily job (it asks each reminder's kind its default).
    assert {kind.key for kind in notices.notice_kinds()} == {
        f"{app}.{what}"
        for app in ("evaluations", "onboarding", "trainings", "workplans", "readiness")
        for what in ("handoffs", "reminders")
    }
    # Core's own views (PDF downloads) record reads in the audit app's trail.
    assert access._access_recorder is audit.services.audit_access


def test_registering_again_adds_nothing():
    before = (
        list(reminders.REMINDER_SOURCES),
        dict(integrity.SEALED_RECORDS),
        list(queueing.NOTICE_OUTBOXES),
        list(db.SQLITE_GUARDS),
        notices.notice_kinds(),
    )
    exports = pdfs.pdf_exports()
    labels = (
        "core",
        "audit",
        "people",
        "evaluations",
        "onboarding",
        "trainings",
        "workplans",
        "readiness",
    )
    for label in labels:
        apps.get_app_config(label).ready()
    assert (
        reminders.REMINDER_SOURCES,
        integrity.SEALED_RECORDS,
        queueing.NOTICE_OUTBOXES,
        db.SQLITE_GUARDS,
        notices.notice_kinds(),
    ) == before
    assert pdfs.pdf_exports() == exports


@pytest.mark.django_db
def test_without_who_works_here_core_refuses_rather_than_guess(monkeypatch, peer):
    monkeypatch.setattr(access, "_employment_check", None)
    with pytest.raises(ImproperlyConfigured, match="register_employment_check"):
        access.AccessRequiredMixin.user_can_access(peer)
    monkeypatch.setattr(reminders, "_at_work", None)
    with pytest.raises(ImproperlyConfigured, match="register_recipients_at_work"):
        reminders.pending_reminders(today=timezone.localdate())


@pytest.mark.django_db
def test_without_an_audit_trail_core_serves_no_record(monkeypatch, peer):
    monkeypatch.setattr(access, "_access_recorder", None)
    with pytest.raises(ImproperlyConfigured, match="register_access_recorder"):
        access.access_record(instance=peer, kind="downloaded")
