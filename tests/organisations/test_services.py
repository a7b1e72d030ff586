"""Moving a person to another agency: with their consent, their account and transcript go."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from core.errors import ApplicationError
from evaluations.models import Evaluation
from organisations.models import Transfer
from organisations.scoping import organisation_scope
from organisations.services import person_transfer
from people.roles import Role
from tests.evaluations.conftest import new_evaluation
from tests.factories import PASSWORD
from trainings.models import Enrolment

from .conftest import no_scope, person_in


@pytest.fixture
def mover(catalogues, org_a):
    supervisor = person_in(org_a, Role.SUPERVISOR)
    peer = person_in(org_a, Role.PEER, supervisor=supervisor)
    hr = person_in(org_a, Role.HR)
    return {"peer": peer, "supervisor": supervisor, "hr": hr}


def _transfer(mover, org_b, **overrides):
    params = {
        "person": mover["peer"],
        "to_organisation": org_b,
        "consented_by": mover["peer"],
        "consent": "Signed the consent form on their last day.",
        "by": mover["hr"],
    }
    params.update(overrides)
    return person_transfer(**params)


def test_account_and_transcript_go_records_stay(mover, org_a, org_b):
    from tests.trainings.conftest import enrol, make_session

    peer = mover["peer"]
    evaluation = new_evaluation(peer, mover["supervisor"])
    enrolment = enrol(make_session(mover["hr"]), peer)

    transfer = _transfer(mover, org_b)

    peer.refresh_from_db()
    assert peer.organisation == org_b
    assert (transfer.from_organisation, transfer.to_organisation) == (org_a, org_b)
    assert peer.profile.supervisor is None and peer.profile.program is None
    assert peer.role_names == {Role.PEER.value}
    evaluation.refresh_from_db()
    assert evaluation.organisation == org_a  # the old agency's record
    with no_scope(), organisation_scope(org_b):
        assert Enrolment.objects.filter(pk=enrolment.pk).exists()  # the transcript went
        assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    with no_scope(), organisation_scope(org_a):
        assert Evaluation.objects.filter(pk=evaluation.pk).exists()
        assert not Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_they_sign_in_with_the_same_credentials_at_the_new_agency(mover, org_b):
    _transfer(mover, org_b)
    client = Client()
    client.post("/accounts/login/", {"username": mover["peer"].username, "password": PASSWORD})
    response = client.get(f"/people/{mover['peer'].pk}/")
    assert response.status_code == 200


def test_the_move_is_audited(mover, org_b):
    transfer = _transfer(mover, org_b)
    assert LogEntry.objects.get_for_object(transfer).exists()
    changed = LogEntry.objects.get_for_object(mover["peer"]).filter(action=LogEntry.Action.UPDATE)
    assert any("organisation" in (e.changes_dict or {}) for e in changed)


def test_consent_is_the_persons_own(mover, org_b):
    with pytest.raises(ApplicationError, match="person themselves"):
        _transfer(mover, org_b, consented_by=mover["hr"])
    with pytest.raises(ApplicationError, match="consented"):
        _transfer(mover, org_b, consent="  ")
    assert not Transfer.objects.exists()


def test_only_hr_or_an_admin_of_their_agency_moves_them(mover, org_b):
    with pytest.raises(PermissionDenied):
        _transfer(mover, org_b, by=mover["supervisor"])
    with pytest.raises(PermissionDenied):
        _transfer(mover, org_b, by=person_in(org_b, Role.HR))
    mover["peer"].refresh_from_db()
    assert mover["peer"].organisation_id != org_b.pk


def test_someone_who_supervises_is_refused_until_their_reports_move(mover, org_b):
    with pytest.raises(ApplicationError, match="supervises"):
        _transfer(mover, org_b, person=mover["supervisor"], consented_by=mover["supervisor"])


def test_the_new_agency_sets_up_its_own_check_ins_after_a_move(mover, org_a, org_b):
    from onboarding.models import CheckInSchedule
    from onboarding.services.checkins import checkin_schedule_create

    peer, today = mover["peer"], timezone.localdate()
    old = checkin_schedule_create(
        person=peer,
        supervisor=mover["supervisor"],
        by=mover["supervisor"],
        cadences=[("weekly", today, None)],
    )
    assert old.next_due is not None
    _transfer(mover, org_b)
    peer.refresh_from_db()

    # The old agency's schedule is its record still, but no longer falls due.
    old.refresh_from_db()
    assert old.organisation == org_a and old.next_due is None
    new_supervisor = person_in(org_b, Role.SUPERVISOR)
    peer.profile.supervisor = new_supervisor
    peer.profile.save(update_fields=["supervisor"])
    # The new agency's page offers them: the old agency's schedule is not theirs.
    client = Client()
    client.force_login(person_in(org_b, Role.HR))
    offered = client.get("/check-ins/new/").context["form"].fields["person"].queryset
    assert peer in offered
    new = checkin_schedule_create(
        person=peer,
        supervisor=new_supervisor,
        by=new_supervisor,
        cadences=[("monthly", today, None)],
    )
    assert new.organisation == org_b and new.next_due is not None
    with no_scope(), organisation_scope(org_b):
        assert list(CheckInSchedule.objects.filter(person=peer)) == [new]
    with no_scope(), organisation_scope(org_a):
        assert list(CheckInSchedule.objects.filter(person=peer)) == [old]
    # Still one per person in each agency.
    with pytest.raises(ApplicationError, match="already has a check-in schedule"):
        checkin_schedule_create(
            person=peer,
            supervisor=new_supervisor,
            by=new_supervisor,
            cadences=[("weekly", today, None)],
        )
