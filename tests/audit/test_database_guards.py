"""The database itself refuses to rewrite history: audit rows, the chain of sealed records,
finalized evaluations with their history and amendments, and signed work plans.

On PostgreSQL the attacks run as a role like the one SECURITY.md recommends for the
application (no ownership, no superuser: SELECT, INSERT, UPDATE, DELETE on the tables);
on SQLite the same statements meet the SQLite triggers."""

import os
from contextlib import contextmanager

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.models import RecordLink
from evaluations.models import (
    Amendment,
    AmendmentChange,
    Evaluation,
    EvaluationItem,
    EvaluationSection,
    EvaluationTransition,
    Rating,
)
from people.roles import Role
from tests.clock import frozen
from tests.evaluations.conftest import amend_rating, load
from tests.revisions import current_revision, evaluation_revision
from tests.workplans.conftest import load_guide, new_plan, sign_both
from workplans.models import ChecklistAnswer, ImmediateStep, WorkPlan
from workplans.services.plans import workplan_step_add, workplan_step_mark

pytestmark = [frozen, pytest.mark.django_db]

ON_POSTGRESQL = connection.vendor == "postgresql"
APP_ROLE = f"pwchain_app_{os.getpid()}"


def refused(action):
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


@pytest.fixture
def app_role(db):
    """On PostgreSQL, a role with only the grants the application's role is given."""
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOINHERIT")
            cursor.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}"
            )
            cursor.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    # The role is created in the test's transaction, and goes with it.
    return APP_ROLE


@contextmanager
def as_app():
    """The statements inside run as the application's role (PostgreSQL), in a savepoint."""
    with transaction.atomic():
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        yield
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")


def refused_to_app(action):
    with pytest.raises(DatabaseError), as_app():
        action()


def sql(statement, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement, params)

    return run


def test_audit_rows_cannot_be_updated_or_deleted_even_with_raw_sql(make_person):
    make_person(Role.PEER)
    entry = LogEntry.objects.first()
    refused(lambda: LogEntry.objects.filter(pk=entry.pk).update(changes_text="rewritten"))
    refused(lambda: LogEntry.objects.filter(pk=entry.pk).delete())

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM auditlog_logentry")

    refused(raw)
    assert LogEntry.objects.filter(pk=entry.pk, changes_text="").exists()


@pytest.fixture
def finalized(catalogues, peer, supervisor):
    from evaluations.services.workflow import evaluation_acknowledge, evaluation_finalize
    from tests.evaluations.conftest import make_submitted_evaluation

    submitted = make_submitted_evaluation(peer, supervisor)
    evaluation_acknowledge(
        evaluation=submitted,
        by=peer,
        revision=evaluation_revision(submitted),
        signature=peer.get_full_name(),
    )
    return evaluation_finalize(evaluation=submitted, by=supervisor)


def test_a_finalized_evaluation_its_ratings_and_comments_cannot_change(finalized):
    items = EvaluationItem.objects.filter(section__evaluation=finalized)
    refused(lambda: Evaluation.objects.filter(pk=finalized.pk).update(goals="Rewritten"))
    refused(lambda: items.filter(pk=items.first().pk).update(rating=Rating.DEVELOPING))
    refused(lambda: finalized.sections.update(comment="Rewritten"))
    refused(lambda: Evaluation.objects.filter(pk=finalized.pk).delete())
    assert not items.filter(rating=Rating.DEVELOPING).exists()


def test_an_amendment_is_the_one_way_a_finalized_evaluation_changes(finalized, supervisor):
    evaluation = load(finalized)
    item = evaluation.sections_list[0].items_list[0]
    amend_rating(
        evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="Rated the wrong item."
    )
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.ADVANCED
    # The door closed with the amendment's transaction.
    refused(lambda: EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.PROFICIENT))


@pytest.fixture
def signed_plan(peer, supervisor):
    load_guide()
    plan = new_plan(peer, supervisor)
    workplan_step_add(
        revision=current_revision(plan),
        plan=plan,
        by=supervisor,
        text="Shadow a WRAP group.",
        owner=peer,
        due_date=plan.end_date,
    )
    return sign_both(plan)


def test_a_signed_work_plan_cannot_change(signed_plan, peer):
    refused(lambda: WorkPlan.objects.filter(pk=signed_plan.pk).update(overview="Rewritten"))
    refused(lambda: ChecklistAnswer.objects.filter(plan=signed_plan).update(answer=False))
    refused(lambda: ImmediateStep.objects.filter(plan=signed_plan).update(text="Rewritten"))
    refused(lambda: ImmediateStep.objects.filter(plan=signed_plan).delete())
    refused(
        lambda: ImmediateStep.objects.create(
            plan=signed_plan, text="Added later", owner=peer, due_date=signed_plan.end_date
        )
    )
    refused(lambda: WorkPlan.objects.filter(pk=signed_plan.pk).delete())


def test_a_signed_plan_is_still_followed_up(signed_plan, peer):
    step = signed_plan.steps.get()
    workplan_step_mark(revision=current_revision(step), step=step, by=peer, done=True)
    assert ImmediateStep.objects.get(pk=step.pk).done_at is not None


def test_the_app_role_cannot_open_a_lock_with_a_session_setting(finalized, app_role):
    item = EvaluationItem.objects.filter(section__evaluation=finalized).first()
    if ON_POSTGRESQL:
        with as_app(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
            )
            assert cursor.fetchone() == (APP_ROLE, False)

    def unlock_and_rewrite():
        if ON_POSTGRESQL:
            sql(
                "SELECT set_config('peerworks.unlocked_evaluations_evaluation', %s, true)",
                [str(finalized.pk)],
            )()
        EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.DEVELOPING)

    refused_to_app(unlock_and_rewrite)
    refused_to_app(lambda: Evaluation.objects.filter(pk=finalized.pk).update(goals="Rewritten"))
    assert EvaluationItem.objects.get(pk=item.pk).rating == Rating.PROFICIENT


def test_the_app_role_cannot_add_categories_or_items_to_a_finalized_evaluation(finalized, app_role):
    section = finalized.sections.first()
    refused_to_app(
        lambda: EvaluationItem.objects.create(
            section=section, code="X.99", text="Added later", order=99, rating=Rating.DEVELOPING
        )
    )
    refused_to_app(
        lambda: EvaluationSection.objects.create(
            evaluation=finalized, code="Z", title="Added later", order=99
        )
    )
    # Nor move an item in from another evaluation.
    draft_item = EvaluationItem.objects.exclude(section__evaluation=finalized).first()
    if draft_item is not None:
        refused_to_app(
            lambda: EvaluationItem.objects.filter(pk=draft_item.pk).update(section=section)
        )


def test_the_app_role_cannot_rewrite_or_delete_the_workflow_history(finalized, app_role):
    history = EvaluationTransition.objects.filter(evaluation=finalized)
    first = history.first()
    refused_to_app(lambda: history.filter(pk=first.pk).update(at=timezone.now()))
    refused_to_app(lambda: history.filter(pk=first.pk).update(by=finalized.peer))
    refused_to_app(lambda: history.filter(pk=first.pk).delete())
    refused_to_app(sql("DELETE FROM evaluations_evaluationtransition"))


def test_the_app_role_cannot_take_an_evaluation_out_of_finalized(finalized, app_role):
    for state in (Evaluation.State.ACKNOWLEDGED, Evaluation.State.DRAFT):
        refused_to_app(lambda s=state: Evaluation.objects.filter(pk=finalized.pk).update(state=s))
    refused_to_app(lambda: Evaluation.objects.filter(pk=finalized.pk).update(finalized_at=None))
    assert Evaluation.objects.get(pk=finalized.pk).state == Evaluation.State.FINALIZED


def test_the_app_role_cannot_delete_or_rewrite_amendments(finalized, supervisor, app_role):
    evaluation = load(finalized)
    item = evaluation.sections_list[0].items_list[0]
    amend_rating(
        evaluation, by=supervisor, item=item, rating=Rating.ADVANCED, reason="Rated the wrong item."
    )
    refused_to_app(lambda: Amendment.objects.filter(evaluation=finalized).delete())
    refused_to_app(lambda: Amendment.objects.filter(evaluation=finalized).update(reason="x"))
    refused_to_app(lambda: AmendmentChange.objects.filter(evaluation=finalized).delete())
    refused_to_app(lambda: AmendmentChange.objects.update(after=Rating.DEVELOPING))
    # The recorded change was applied once: the row cannot go back, nor elsewhere.
    refused_to_app(
        lambda: EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.PROFICIENT)
    )
    refused_to_app(
        lambda: EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.DEVELOPING)
    )
    assert Amendment.objects.filter(evaluation=finalized).count() == 1


def test_the_app_role_cannot_rewrite_the_chain_or_the_audit_trail(finalized, app_role):
    link = RecordLink.objects.get(record_id=finalized.pk)
    refused_to_app(lambda: RecordLink.objects.filter(pk=link.pk).update(digest="0" * 64))
    refused_to_app(lambda: RecordLink.objects.filter(pk=link.pk).delete())
    refused_to_app(lambda: LogEntry.objects.update(changes_text="rewritten"))
    refused_to_app(lambda: LogEntry.objects.all().delete())


def test_an_amendment_made_in_sql_by_the_app_role_is_named_by_verify_records(
    finalized, supervisor, app_role
):
    """The one door left to SQL is the amendment's own, and it is on the record: without
    the signing key no valid link can follow it, so verify_records names the evaluation."""
    item = EvaluationItem.objects.filter(section__evaluation=finalized).first()
    with as_app():
        amendment = Amendment.objects.create(
            evaluation=finalized, by=supervisor, reason="Quiet fix", changes=[]
        )
        AmendmentChange.objects.create(
            amendment=amendment,
            evaluation=finalized,
            item=item,
            field="rating",
            before=Rating.PROFICIENT,
            after=Rating.DEVELOPING,
        )
        EvaluationItem.objects.filter(pk=item.pk).update(rating=Rating.DEVELOPING)
    with pytest.raises(CommandError, match="no longer match"):
        call_command("verify_records")


def test_a_signed_work_plan_cannot_change_as_the_app_role(signed_plan, peer, app_role):
    refused_to_app(lambda: WorkPlan.objects.filter(pk=signed_plan.pk).update(overview="x"))
    refused_to_app(
        lambda: WorkPlan.objects.filter(pk=signed_plan.pk).update(employee_signed_at=None)
    )
    refused_to_app(lambda: ChecklistAnswer.objects.filter(plan=signed_plan).delete())
    refused_to_app(
        lambda: ImmediateStep.objects.create(
            plan=signed_plan, text="Added later", owner=peer, due_date=signed_plan.end_date
        )
    )


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite rebuilds tables; PostgreSQL keeps triggers")
def test_sqlite_guards_dropped_by_a_table_rebuild_are_put_back():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER evaluations_evaluationitem_finalized_update")
    # Every migrate ends by putting them back (as after a migration rebuilt a table).
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND name = 'evaluations_evaluationitem_finalized_update'"
        )
        assert cursor.fetchone() == (1,)
