"""Scoping fails closed: no scope raises; an organisation's scope sees its rows only."""

import pytest
from django.test import Client

from competencies.models import Domain, Framework, Item
from evaluations.models import Evaluation, EvaluationTemplate
from onboarding.models import CheckInSchedule, ChecklistTemplate, Holiday, Onboarding, QuestionSet
from organisations.scoping import (
    ScopeError,
    current_organisation_id,
    organisation_scope,
)
from people.models import Program, StaffProfile, User
from people.roles import Role
from tests.evaluations.conftest import new_evaluation
from trainings.models import Enrolment, Session, TrainingPdf
from workplans.models import WorkPlan

from .conftest import no_scope, person_in

SCOPED = [User, StaffProfile, Program, Evaluation, Onboarding, CheckInSchedule, WorkPlan]
SCOPED += [Session, Enrolment, TrainingPdf]
SCOPED += [Holiday, ChecklistTemplate, QuestionSet, EvaluationTemplate, Framework, Domain, Item]


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m.__name__)
def test_a_query_outside_any_scope_raises(db, model):
    with no_scope():
        with pytest.raises(ScopeError):
            list(model.objects.all())
        with pytest.raises(ScopeError):
            model.objects.filter(pk=1).exists()
        with pytest.raises(ScopeError):
            model.objects.count()


def test_an_organisations_scope_sees_its_people_only(org_a, org_b):
    ana = person_in(org_a, Role.PEER)
    bo = person_in(org_b, Role.PEER)
    with no_scope(), organisation_scope(org_b):
        assert current_organisation_id() == org_b.pk
        assert list(User.objects.all()) == [bo]
        assert not User.objects.filter(pk=ana.pk).exists()
        assert list(StaffProfile.objects.values_list("user", flat=True)) == [bo.pk]
        assert list(Program.objects.all()) == [bo.profile.program]


def test_no_organisation_sees_nothing_rather_than_everything(org_a):
    person_in(org_a, Role.PEER)
    with no_scope(), organisation_scope(None):
        assert current_organisation_id() is None
        assert User.objects.count() == 0


def test_records_follow_their_organisation_not_the_viewer(catalogues, org_a, org_b):
    supervisor = person_in(org_a, Role.SUPERVISOR)
    peer = person_in(org_a, Role.PEER, supervisor=supervisor)
    evaluation = new_evaluation(peer, supervisor)
    assert evaluation.organisation == org_a
    with no_scope(), organisation_scope(org_b):
        assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    with no_scope(), organisation_scope(org_a):
        assert Evaluation.objects.get(pk=evaluation.pk) == evaluation


def test_a_request_is_scoped_by_the_signed_in_persons_organisation(org_a, org_b):
    hr_b = person_in(org_b, Role.HR)
    ana = person_in(org_a, Role.PEER)
    client = Client()
    client.force_login(hr_b)
    assert client.get(f"/people/{ana.pk}/").status_code == 404
    assert client.get(f"/people/{hr_b.pk}/").status_code == 200


def test_sign_in_finds_people_of_every_organisation(org_b):
    from tests.factories import PASSWORD

    bo = person_in(org_b, Role.PEER)
    client = Client()
    response = client.post("/accounts/login/", {"username": bo.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_task_runs_in_the_scope_it_was_queued_in(
    org_a, org_b, django_capture_on_commit_callbacks
):
    """queue_after_commit publishes in the scope it was queued in, whenever the commit
    comes; the message carries it in a header (the worker restores it: task_prerun)."""
    from core.queueing import SCOPE_HEADER, _scope_header, queue_after_commit

    seen = []

    class Task:
        name = "a task"

        def delay(self, *args):
            seen.append((args, current_organisation_id()))
            headers = {}
            _scope_header(headers=headers)
            seen.append(headers[SCOPE_HEADER]["organisation"])

    with django_capture_on_commit_callbacks() as callbacks:
        with no_scope(), organisation_scope(org_b):
            queue_after_commit(Task(), 42)
    for callback in callbacks:  # the commit comes after the request's scope has ended
        callback()
    assert seen == [((42,), org_b.pk), org_b.pk]


def test_a_worker_task_without_a_carried_scope_runs_in_none():
    from types import SimpleNamespace

    from django_scopes.state import get_scope

    from core.tasks import _enter_queued_scope, _leave_queued_scope

    request = SimpleNamespace(is_eager=False, get=lambda key: None)
    task = SimpleNamespace(request=request)
    _enter_queued_scope(task_id="t", task=task)
    try:
        assert get_scope() == {"_enabled": True}
        with pytest.raises(ScopeError):
            User.objects.count()
    finally:
        _leave_queued_scope(task_id="t", task=task)
    assert get_scope().get("_enabled") is False  # the test's own unscoped state is back
