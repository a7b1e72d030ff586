"""verify_records: every signed record's content still matches the hash stored at signing."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.db import sqlite_guards_lifted
from evaluations.models import EvaluationItem, Rating
from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize
from tests.evaluations.conftest import make_submitted_evaluation
from tests.workplans.conftest import load_guide, new_plan, sign_both
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(catalogues, peer, supervisor):
    submitted = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(evaluation=submitted, by=peer, signature=peer.get_full_name())
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
