"""verify_records: every signed record's content still matches the hash stored at signing."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.db import sqlite_guards_lifted
from core.errors import ApplicationError
from core.models import RecordLink
from evaluations.models import Amendment, EvaluationItem, Rating
from evaluations.services.workflow import (
    evaluation_acknowledge,
    evaluation_finalize,
)
from tests.clock import frozen
from tests.evaluations.conftest import amend_rating, load, make_submitted_evaluation
from tests.revisions import evaluation_revision
from tests.workplans.conftest import load_guide, new_plan, sign_both
from workplans.models import WorkPlan

pytestmark = [frozen, pytest.mark.django_db]


@pytest.fixture
def records(catalogues, peer, supervisor):
    submitted = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    evaluation = evaluation_finalize(evaluation=submitted, by=supervisor)
    load_guide()
    plan = sign_both(
        new_plan(
            peer,
            supervisor,
        )
    )
    return evaluation, plan


def tamper(sql, params):
    """Change a row behind the application's back, as someone with database access could:
    switching the triggers off first (on PostgreSQL a superuser's power; on SQLite, anyone
    who can write the file can drop them)."""
    with sqlite_guards_lifted(connection), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def test_untouched_records_all_match(records, capsys):
    evaluation, plan = records
    assert len(evaluation.content_hash) == 64 and len(plan.content_hash) == 64
    call_command("verify_records")
    assert "All 2 signed records match their hash." in capsys.readouterr().out


def test_a_rating_changed_behind_the_app_is_reported(records, capsys):
    evaluation, _ = records
    item = EvaluationItem.objects.filter(section__evaluation=evaluation).first()
    tamper(
        "UPDATE evaluations_evaluationitem SET rating = %s WHERE id = %s",
        [Rating.DEVELOPING, item.pk],
    )
    with pytest.raises(CommandError, match="1 of 2 signed records no longer match"):
        call_command("verify_records")
    assert f"MISMATCH evaluations.Evaluation {evaluation.pk}" in capsys.readouterr().err


def test_a_signed_plan_changed_behind_the_app_is_reported(records, capsys):
    _, plan = records
    tamper("UPDATE workplans_workplan SET overview = %s WHERE id = %s", ["Rewritten", plan.pk])
    with pytest.raises(CommandError):
        call_command("verify_records")
    assert f"MISMATCH workplans.WorkPlan {plan.pk}" in capsys.readouterr().err


def test_the_plan_hash_covers_what_was_signed_and_not_ticking_steps_off(records):
    from core.integrity import content_hash
    from workplans.services.plans import workplan_content

    _, plan = records
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert content_hash(workplan_content(plan)) == plan.content_hash
    assert plan.employee_signature in str(workplan_content(plan).values())


def test_the_hash_is_keyed_with_a_secret_the_database_does_not_hold(records, settings):
    from core.integrity import content_hash

    evaluation, _ = records
    content = {"goals": evaluation.goals}
    settings.RECORD_SIGNING_KEYS = ["other:another-secret"]
    keyed_other = content_hash(content)
    settings.RECORD_SIGNING_KEYS = ["dev:local-development-only-record-signing-key"]
    assert content_hash(content) != keyed_other
    # Recomputing a plain SHA-256 of the content, as the database's own role could, is not it.
    import hashlib
    import json

    plain = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    assert content_hash(content) != plain


def test_links_verify_with_the_key_they_name_after_rotation(records, settings, capsys, peer):
    from core.integrity import record_seal

    evaluation, plan = records
    settings.RECORD_SIGNING_KEYS = [
        "2027:a-new-secret-for-new-links",
        "dev:local-development-only-record-signing-key",
    ]
    link = record_seal(record=plan, event="signed")
    assert link.key_id == "2027"
    call_command("verify_records")
    assert "All 2 signed records match their hash." in capsys.readouterr().out
    # A key dropped from the settings: the links that name it can no longer be checked.
    settings.RECORD_SIGNING_KEYS = ["2027:a-new-secret-for-new-links"]
    with pytest.raises(CommandError):
        call_command("verify_records")
    assert "not in RECORD_SIGNING_KEYS" in capsys.readouterr().err


def test_a_rewritten_link_breaks_it_and_every_later_link(records, capsys):
    evaluation, _ = records
    first = RecordLink.objects.get(position=1)
    tamper("UPDATE core_recordlink SET mac = %s WHERE id = %s", ["f" * 64, first.pk])
    with pytest.raises(CommandError, match="chain of sealed records is broken"):
        call_command("verify_records")
    err = capsys.readouterr().err
    assert "BROKEN LINK 1: its own hash does not match" in err
    assert "BROKEN LINK 2: does not follow the link before it" in err


def test_a_deleted_link_breaks_the_chain(records, capsys):
    tamper("DELETE FROM core_recordlink WHERE position = 1", [])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_records")
    assert "BROKEN LINK 2" in capsys.readouterr().err


@pytest.mark.parametrize(
    "sql",
    [
        # Who finalized it, and when: the workflow history.
        "UPDATE evaluations_evaluationtransition SET at = '2020-01-01' WHERE evaluation_id = %s",
        "DELETE FROM evaluations_evaluationtransition WHERE evaluation_id = %s",
        "UPDATE evaluations_evaluation SET acknowledged_at = '2020-01-01' WHERE id = %s",
        # Moved out of finalized: still checked, since the chain says it was sealed.
        "UPDATE evaluations_evaluation SET state = 'acknowledged' WHERE id = %s",
    ],
)
def test_the_workflow_history_is_sealed_and_checked_in_any_state(records, capsys, sql):
    evaluation, _ = records
    tamper(sql, [evaluation.pk])
    with pytest.raises(CommandError, match="1 of 2 signed records no longer match"):
        call_command("verify_records")
    assert f"MISMATCH evaluations.Evaluation {evaluation.pk}" in capsys.readouterr().err


def test_the_amendment_chain_is_sealed(records, supervisor, capsys):
    evaluation, _ = records
    evaluation = load(evaluation)
    item = evaluation.sections_list[0].items_list[0]
    amend_rating(
        evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="Rated the wrong item."
    )
    call_command("verify_records")
    assert RecordLink.objects.filter(record_id=evaluation.pk, event="amended").count() == 1
    tamper(
        "UPDATE evaluations_amendment SET reason = 'Quiet' WHERE evaluation_id = %s",
        [evaluation.pk],
    )
    with pytest.raises(CommandError):
        call_command("verify_records")
    assert f"MISMATCH evaluations.Evaluation {evaluation.pk}" in capsys.readouterr().err


def test_a_plan_locked_behind_the_app_was_never_sealed(catalogues, peer, supervisor, capsys):
    load_guide()
    plan = new_plan(peer, supervisor)
    tamper(
        "UPDATE workplans_workplan SET manager_signed_at = %s, employee_signed_at = %s "
        "WHERE id = %s",
        ["2026-12-01 10:00:00+00:00", "2026-12-01 10:00:00+00:00", plan.pk],
    )
    with pytest.raises(CommandError):
        call_command("verify_records")
    assert f"MISMATCH workplans.WorkPlan {plan.pk}" in capsys.readouterr().err


def test_an_amendment_never_reseals_a_record_that_no_longer_matches(records, supervisor):
    evaluation, _ = records
    item = EvaluationItem.objects.filter(section__evaluation=evaluation).first()
    tamper(
        "UPDATE evaluations_evaluationitem SET rating = %s WHERE id = %s",
        [Rating.DEVELOPING, item.pk],
    )
    links = RecordLink.objects.count()
    evaluation = load(evaluation)
    with pytest.raises(ApplicationError, match="no longer matches what was sealed"):
        amend_rating(
            evaluation, by=supervisor, item=item, rating=Rating.PROFICIENT, reason="Cover it up"
        )
    assert RecordLink.objects.count() == links
    assert not Amendment.objects.exists()
