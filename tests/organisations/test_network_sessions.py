"""A session open to a network: shared seats and waitlist, each agency sees its own people."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from organisations.scoping import organisation_scope
from people.roles import Role
from tests.trainings.conftest import enrol, make_session, move_to_past
from trainings.models import Enrolment
from trainings.services.attendance import Mark, attendance_record
from trainings.services.enrolment import enrolment_cancel
from trainings.services.sessions import session_cancel

from .conftest import no_scope, person_in

pytestmark = pytest.mark.usefixtures("catalogues")


@pytest.fixture
def shared(org_a, org_b):
    hr_a = person_in(org_a, Role.HR)
    session = make_session(hr_a, capacity=2, open_to_network=True)
    return {"session": session, "hr_a": hr_a, "hr_b": person_in(org_b, Role.HR)}


def test_people_of_both_agencies_share_its_seats_and_waitlist(shared, org_a, org_b):
    session = shared["session"]
    ana, bo, cy = (
        person_in(org_a, Role.PEER),
        person_in(org_b, Role.PEER),
        person_in(org_b, Role.PEER),
    )
    first, second, third = enrol(session, ana), enrol(session, bo), enrol(session, cy)
    assert [e.status for e in (first, second, third)] == [
        Enrolment.Status.ENROLLED,
        Enrolment.Status.ENROLLED,
        Enrolment.Status.WAITLISTED,
    ]
    # Riverside's peer gives up the seat: Harbor's waiting peer gets it.
    enrolment_cancel(enrolment=first, by=ana)
    third.refresh_from_db()
    assert third.status == Enrolment.Status.ENROLLED


def test_each_agency_sees_the_session_and_only_its_own_people_in_it(client, shared, org_a, org_b):
    session = shared["session"]
    ana, bo = person_in(org_a, Role.PEER, job_title="x"), person_in(org_b, Role.PEER)
    enrol(session, ana), enrol(session, bo)
    client.force_login(shared["hr_b"])
    page = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert bo.get_full_name() in page and ana.get_full_name() not in page
    client.force_login(shared["hr_a"])
    page = client.get(reverse("trainings:session-detail", args=[session.pk])).content.decode()
    assert ana.get_full_name() in page and bo.get_full_name() not in page


def test_an_agency_outside_the_network_does_not_see_it(client, shared):
    from tests.factories import OrganisationFactory

    outsider = person_in(OrganisationFactory(), Role.HR)
    client.force_login(outsider)
    url = reverse("trainings:session-detail", args=[shared["session"].pk])
    assert client.get(url).status_code == 404


def test_each_agency_records_its_own_peoples_attendance(shared, org_a, org_b):
    session = shared["session"]
    ana, bo = person_in(org_a, Role.PEER), person_in(org_b, Role.PEER)
    a, b = enrol(session, ana), enrol(session, bo)
    move_to_past(session, days_ago=3)
    slots = list(session.slots.all())
    # As in Harbor HR's request: scoped to Harbor.
    with no_scope(), organisation_scope(org_b):
        attendance_record(
            session=session, marks={(b.pk, s.pk): Mark("present") for s in slots}, by=shared["hr_b"]
        )
        # Riverside's enrolment is not on Harbor's roster: not Harbor's to record.
        with pytest.raises(ApplicationError, match="not part of this session"):
            attendance_record(
                session=session,
                marks={(a.pk, s.pk): Mark("present") for s in slots},
                by=shared["hr_b"],
            )
    b.refresh_from_db()
    assert b.status == Enrolment.Status.COMPLETED


def test_only_the_host_cancels_and_every_agencys_places_are_released(shared, org_a, org_b):
    session = shared["session"]
    bo = person_in(org_b, Role.PEER)
    place = enrol(session, bo)
    with pytest.raises(ApplicationError, match="scheduled it"):
        session_cancel(session=session, by=shared["hr_b"])
    session_cancel(session=session, by=shared["hr_a"])
    place.refresh_from_db()
    assert place.status == Enrolment.Status.CANCELLED


def test_changing_a_network_session_emails_its_people_in_every_agency(
    shared, org_a, org_b, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from trainings.services.sessions import Day, session_update

    session = shared["session"]
    people = [person_in(org_a, Role.PEER), person_in(org_b, Role.PEER), person_in(org_b, Role.PEER)]
    for person in people:
        enrol(session, person)  # Harbor's second peer is waitlisted
    mail.outbox.clear()
    days = [
        Day(
            day=timezone.localtime(s.starts_at).date() + timedelta(days=7),
            starts=timezone.localtime(s.starts_at).time(),
            ends=timezone.localtime(s.ends_at).time(),
        )
        for s in session.slots.all()
    ]
    # Only the host's HR changes it; Harbor's HR runs none of it.
    with pytest.raises(ApplicationError, match="Only HR"):
        session_update(session=session, by=shared["hr_b"], location="X", days=days)
    # As in Riverside HR's request: scoped to Riverside, yet Harbor's people are told.
    with django_capture_on_commit_callbacks(execute=True), no_scope(), organisation_scope(org_a):
        session_update(session=session, by=shared["hr_a"], location=session.location, days=days)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
