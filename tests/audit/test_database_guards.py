"""PostgreSQL itself refuses to rewrite history: audit rows, finalized evaluations and
signed work plans. (SQLite, the zero-config mode, has only the services' guards.)"""

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from evaluations.models import Evaluation, EvaluationItem, Rating
from evaluations.services.workflow import evaluation_amend
from people.roles import Role
from tests.clock import frozen
from tests.evaluations.conftest import load
from tests.workplans.conftest import current_revision, load_guide, new_plan, sign_both
from workplans.models import ChecklistAnswer, ImmediateStep, WorkPlan
from workplans.services.plans import workplan_step_add, workplan_step_mark

pytestmark = [
    frozen,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database triggers exist on PostgreSQL only"
    ),
]


def refused(action):
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


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
    evaluation_acknowledge(evaluation=submitted, by=peer, signature=peer.get_full_name())
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
    evaluation_amend(
        evaluation=evaluation,
        by=supervisor,
        revision=evaluation.revision,
        reason="Rated the wrong item.",
        ratings={item.pk: Rating.ADVANCED},
        comments={},
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
