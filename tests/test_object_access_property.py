"""Object-level access, property-based: another person's records answer 404.

One world of programs, supervisors, peers, HR and an admin, with records of several
kinds for several people (one of them moved from one supervisor to another after their
records were made). Hypothesis draws (viewer, URL, record) triples; every URL pattern
that takes the id of a person's record is found in the URLconf and must be declared in
``RECORD_URLS`` below, so a new object URL cannot ship without being checked here.

The expected outcome comes from an oracle written here from the rules each app states
(README "Who sees what", and each app's ``access.py``), computed from plain facts kept
while building the world — never by calling the code under test:

- a person's profile, transcript, history: themselves, their current supervisor, HR, admins;
- an evaluation: its author, the peer's current supervisor, HR, admins, and the peer
  once it is no longer a draft; the self-assessment form: the peer only;
- a work plan: the employee, the manager, HR, admins (not a later supervisor);
- an onboarding and a check-in schedule: the person, the record's supervisor, the
  person's current supervisor, HR, admins; recording a check-in: the schedule's
  supervisor and HR;
- cancelling an enrolment: whoever may enrol the person (themselves, their supervisor, HR).

The world holds two agencies (organisations): the second has its own admin, HR,
supervisor and peer, with records of their own. Nobody sees another agency's records,
whatever their role: the oracle refuses every viewer of another organisation.

A viewer the oracle refuses gets 404 — or 403 when the view refuses their role
outright, whatever the record (which reveals nothing about the record). Anyone the
oracle admits gets an answer that is not 404.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.roles import Role
from tests.trainings.conftest import make_session
from trainings.models import Enrolment

from .factories import NetworkFactory, OrganisationFactory, ProgramFactory
from .records import agency_records, agency_url_kwargs, person_records, record_url_kwargs

# URL name -> (kind of record, who may see it). Every URL pattern whose arguments name a
# record must appear here or in NOT_PERSONAL.
RECORD_URLS = {
    "people:person-detail": ("person", "person"),
    "people:person-edit": ("person", "person"),
    "people:person-leave": ("person", "person"),
    "people:person-invite-again": ("person", "person"),
    "evaluations:peer-history": ("person", "person"),
    "evaluations:evaluation-detail": ("evaluation", "evaluation"),
    "evaluations:evaluation-edit": ("evaluation", "evaluation"),
    "evaluations:evaluation-autosave": ("evaluation", "evaluation"),
    "evaluations:evaluation-submit": ("evaluation", "evaluation"),
    "evaluations:evaluation-take-back": ("evaluation", "evaluation"),
    "evaluations:evaluation-acknowledge": ("evaluation", "evaluation"),
    "evaluations:evaluation-finalize": ("evaluation", "evaluation"),
    "evaluations:evaluation-amend": ("evaluation", "evaluation"),
    "evaluations:evaluation-self": ("evaluation", "self_assessment"),
    "evaluations:evaluation-self-autosave": ("evaluation", "self_assessment"),
    "evaluations:evaluation-pdf": ("evaluation", "evaluation"),
    "evaluations:evaluation-pdf-status": ("evaluation", "evaluation"),
    "evaluations:evaluation-pdf-download": ("evaluation", "evaluation"),
    "workplans:workplan-from-evaluation": ("evaluation", "evaluation"),
    "workplans:workplan-detail": ("workplan", "workplan"),
    "workplans:workplan-edit": ("workplan", "workplan"),
    "workplans:workplan-sign": ("workplan", "workplan"),
    "workplans:workplan-step-create": ("workplan", "workplan"),
    "workplans:workplan-step-done": ("workplan", "workplan"),
    "workplans:workplan-step-delete": ("workplan", "workplan"),
    "workplans:workplan-meeting-create": ("workplan", "workplan"),
    "workplans:workplan-meeting-edit": ("workplan", "workplan"),
    "workplans:workplan-pdf": ("workplan", "workplan"),
    "workplans:workplan-pdf-status": ("workplan", "workplan"),
    "workplans:workplan-pdf-download": ("workplan", "workplan"),
    "onboarding:onboarding-detail": ("onboarding", "onboarding"),
    "onboarding:onboarding-cancel": ("onboarding", "onboarding"),
    "onboarding:item-complete": ("onboarding", "onboarding"),
    "onboarding:item-not-applicable": ("onboarding", "onboarding"),
    "onboarding:item-reassign": ("onboarding", "onboarding"),
    "onboarding:item-reopen": ("onboarding", "onboarding"),
    "onboarding:checkin-schedule-detail": ("schedule", "schedule"),
    "onboarding:checkin-schedule-cadence": ("schedule", "schedule"),
    "onboarding:checkin-record": ("schedule", "record_check_in"),
    "onboarding:checkin-detail": ("schedule", "schedule"),
    "trainings:transcript": ("person", "person"),
    "trainings:transcript-csv": ("person", "person"),
    "trainings:transcript-pdf": ("person", "person"),
    "trainings:suggestions": ("person", "suggestions"),
    "trainings:pdf-status": ("person", "person"),
    "trainings:pdf-download": ("person", "person"),
    "trainings:enrolment-certificate": ("person", "person"),
    "trainings:enrolment-cancel": ("person", "enrol"),
}

# URLs with the id of an agency's own record that is not one person's: its holidays, its
# own checklists and frameworks (with their items and alignments). Checked below by
# ``test_another_agencys_own_records_answer_404``: anyone of the agency whose role the
# view admits reaches them; nobody of another agency does.
AGENCY_URLS = {
    "competencies:framework-detail",
    "competencies:framework-export",
    "competencies:item-detail",
    "competencies:alignment-create",
    "competencies:alignment-delete",
    "onboarding:template-edit",
    "onboarding:template-clone",
    "onboarding:holiday-delete",
}

# URLs with an id that is not a person's record nor an agency's: imports (their
# creator's), sessions open to everyone, the password-reset and invitation tokens.
NOT_PERSONAL = AGENCY_URLS | {
    "competencies:import-detail",
    "competencies:import-apply",
    "competencies:import-discard",
    "trainings:session-detail",
    "trainings:session-enrol",
    "trainings:session-ics",
    "trainings:session-cancel",
    "trainings:session-capacity",
    "trainings:session-edit",
    "trainings:session-attendance",
    "password_reset_confirm",
    # An organisation's self-assessment cycle is the agency's record, not a person's: its
    # rules (admins and the cycle's team) are tested in tests/readiness/test_views.py, and
    # other agencies' people get nothing in tests/test_access_matrix.py.
    "readiness:cycle-detail",
    "readiness:cycle-team",
    "readiness:cycle-member-remove",
    "readiness:cycle-move",
    "readiness:cycle-share",
    "readiness:cycle-answer",
    "readiness:cycle-agree",
    "readiness:cycle-actions",
    "readiness:cycle-challenge",
    "readiness:action-move",
    "readiness:cycle-pdf",
    "readiness:cycle-pdf-status",
    "readiness:cycle-pdf-download",
    # The anonymous survey's rounds: agency records, program admins only.
    "readiness:survey-detail",
    "readiness:survey-close",
    "readiness:survey-send",
    # Sign-in through an organisation's identity provider: the slug names an organisation.
    "oidc-sign-in",
    "people:invitation-accept",
    # An email's settings link: a signed token, tested in tests/core/test_notices.py.
    "notice-preference-link",
}


def _patterns(resolver=None, prefix=""):
    """(name, argument names) of every named URL pattern, the admin site aside."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, tuple(entry.pattern.converters)


OBJECT_PATTERNS = {name: args for name, args in _patterns() if args}


def test_every_object_url_is_classified():
    names = set(OBJECT_PATTERNS)
    unclassified = names - set(RECORD_URLS) - NOT_PERSONAL
    assert unclassified == set(), "classify these URLs in RECORD_URLS or NOT_PERSONAL"
    assert set(RECORD_URLS) - names == set(), "RECORD_URLS names URLs that no longer exist"
    assert NOT_PERSONAL - names == set(), "NOT_PERSONAL names URLs that no longer exist"


# ---------------------------------------------------------------------------------------
# The world, and the facts the oracle uses.


@dataclass
class Facts:
    """Plain facts about one person's records, kept while the world is built."""

    person: object
    organisation: object  # whose records these are
    supervisor: object  # the person's current supervisor
    evaluation_author: object
    evaluation_is_draft: bool
    plan_manager: object
    onboarding_supervisor: object
    schedule_supervisor: object
    kwargs: dict = field(default_factory=dict)  # URL name -> kwargs for this person's record


def _person(role, *, program, supervisor=None, roles=None):
    from .factories import StaffProfileFactory, UserFactory

    user = UserFactory(roles=roles or [role], organisation=program.organisation)
    StaffProfileFactory(user=user, program=program, supervisor=supervisor)
    return user


def _records(peer, supervisor, hr, *, draft=False) -> dict:
    """One of each record for ``peer``, made by ``supervisor``; URL kwargs for each URL."""
    kwargs = record_url_kwargs(peer, person_records(peer, supervisor, hr, draft=draft), RECORD_URLS)
    assert set(kwargs) == set(RECORD_URLS)
    return kwargs


@pytest.fixture
def world(catalogues):
    north, south = ProgramFactory(), ProgramFactory()
    admin = _person(Role.PROGRAM_ADMIN, program=north)
    hr = _person(Role.HR, program=south)
    lead = _person(Role.SUPERVISOR, program=north)
    # A supervisor who reports to another supervisor, and one with nobody to supervise.
    coach = _person(Role.SUPERVISOR, program=south, supervisor=lead)
    idle = _person(Role.SUPERVISOR, program=south)
    ana = _person(Role.PEER, program=north, supervisor=lead)
    ben = _person(Role.PEER, program=north, supervisor=lead)
    cai = _person(Role.PEER, program=south, supervisor=coach)
    dee = _person(Role.PEER, program=north, supervisor=lead)
    # Someone who is both a peer and a supervisor, reporting to coach.
    eli = _person(Role.PEER, program=south, supervisor=coach, roles=[Role.PEER, Role.SUPERVISOR])

    # The other agency, in one network with the first: its own people, one of each role,
    # and their records.
    network = NetworkFactory()
    north.organisation.network = network
    north.organisation.save()
    elsewhere = ProgramFactory(organisation=OrganisationFactory(network=network))
    admin_b = _person(Role.PROGRAM_ADMIN, program=elsewhere)
    hr_b = _person(Role.HR, program=elsewhere)
    lead_b = _person(Role.SUPERVISOR, program=elsewhere)
    fay = _person(Role.PEER, program=elsewhere, supervisor=lead_b)

    facts = []

    def add(peer, author, *, draft=False, moved_to=None, by_hr=hr):
        kwargs = _records(peer, author, by_hr, draft=draft)
        if moved_to is not None:
            peer.profile.supervisor = moved_to
            peer.profile.save(update_fields=["supervisor"])
        facts.append(
            Facts(
                person=peer,
                organisation=peer.organisation_id,
                supervisor=moved_to or author,
                evaluation_author=author,
                evaluation_is_draft=draft,
                plan_manager=author,
                onboarding_supervisor=author,
                schedule_supervisor=author,
                kwargs=kwargs,
            )
        )

    add(ana, lead)
    add(ben, lead, draft=True)
    add(cai, coach)
    add(dee, lead, moved_to=coach)  # records made by lead; dee now reports to coach
    add(coach, lead)
    add(eli, coach)
    add(fay, lead_b, by_hr=hr_b)
    viewers = [admin, hr, lead, coach, idle, ana, ben, cai, dee, eli, admin_b, hr_b, lead_b, fay]
    on_day = timezone.localdate() + timedelta(days=40)
    owned = [
        (organisation.pk, agency_url_kwargs(agency_records(organisation, on_day=on_day)))
        for organisation in (north.organisation, elsewhere.organisation)
    ]
    return {
        "viewers": viewers,
        "owned": owned,
        "facts": facts,
        "hr": {hr.pk, hr_b.pk},
        "admin": {admin.pk, admin_b.pk},
        "hr_user": hr,
    }


# ---------------------------------------------------------------------------------------
# The oracle.


def may_see(viewer, rule: str, facts: Facts, *, hr: set, admin: set) -> bool:
    if viewer.organisation_id != facts.organisation:
        return False  # another agency's records, whatever the viewer's role
    v = viewer.pk
    person = facts.person.pk
    current_supervisor = facts.supervisor.pk
    is_hr, is_admin = v in hr, v in admin
    sees_all = is_hr or is_admin
    if rule == "person":
        return v in (person, current_supervisor) or sees_all
    if rule == "suggestions":
        return v != person and (v == current_supervisor or sees_all)
    if rule == "enrol":
        return v in (person, current_supervisor) or is_hr
    if rule == "evaluation":
        if sees_all or v in (facts.evaluation_author.pk, current_supervisor):
            return True
        return v == person and not facts.evaluation_is_draft
    if rule == "self_assessment":
        return v == person
    if rule == "workplan":
        return sees_all or v in (person, facts.plan_manager.pk)
    if rule == "onboarding":
        return sees_all or v in (person, facts.onboarding_supervisor.pk, current_supervisor)
    if rule == "schedule":
        return sees_all or v in (person, facts.schedule_supervisor.pk, current_supervisor)
    if rule == "record_check_in":
        return is_hr or v == facts.schedule_supervisor.pk
    raise AssertionError(f"no oracle for {rule}")


def _method(url) -> str:
    view_class = resolve(url).func.view_class
    return "get" if "get" in view_class.http_method_names and hasattr(view_class, "get") else "post"


def _role_refused(url, viewer) -> bool:
    """True when the view refuses the viewer's role whatever the record (403, no lookup)."""
    view_class = resolve(url).func.view_class
    return not view_class.user_can_access(viewer)


def _signed_in(viewer) -> Client:
    client = Client()
    client.force_login(viewer)
    return client


def _outcome(client, url):
    method = _method(url)
    response = getattr(client, method)(url)
    return method, response.status_code


@pytest.mark.django_db(transaction=False)
def test_another_persons_records_answer_404(world):
    viewers, facts = world["viewers"], world["facts"]
    names = sorted(RECORD_URLS)
    # Signed in before any example: an example's rollback must not take the session away.
    clients = {viewer.pk: _signed_in(viewer) for viewer in viewers}

    @settings(
        max_examples=600,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(
        viewer=st.sampled_from(viewers),
        name=st.sampled_from(names),
        record=st.sampled_from(facts),
    )
    def check(viewer, name, record):
        _, rule = RECORD_URLS[name]
        url = reverse(name, kwargs=record.kwargs[name])
        allowed = may_see(viewer, rule, record, hr=world["hr"], admin=world["admin"])
        # Each example's writes (POSTs, sessions) are undone so the world stays as built.
        with transaction.atomic():
            method, status = _outcome(clients[viewer.pk], url)
            transaction.set_rollback(True)
        where = f"{method.upper()} {url} ({name}) as {viewer.username} for {record.person}"
        assert status < 500, f"{where}: {status}"
        if allowed:
            assert status != 404, f"{where}: 404, but the rules let them see it"
        elif _role_refused(url, viewer):
            assert status == 403, f"{where}: {status}, expected 403 for their role"
        else:
            assert status == 404, f"{where}: {status}, expected 404"

    check()


@pytest.mark.django_db(transaction=False)
def test_another_agencys_own_records_answer_404(world):
    """An agency's holidays, own checklists and own frameworks: its people reach them as
    their role allows; another agency's, whatever their role, get 404 (or 403 when the
    view refuses their role whatever the record)."""
    viewers, owned = world["viewers"], world["owned"]
    clients = {viewer.pk: _signed_in(viewer) for viewer in viewers}

    @settings(max_examples=200, deadline=None, database=None)
    @given(
        viewer=st.sampled_from(viewers),
        name=st.sampled_from(sorted(AGENCY_URLS)),
        owner=st.sampled_from(owned),
    )
    def check(viewer, name, owner):
        organisation, kwargs = owner
        url = reverse(name, kwargs=kwargs[name])
        with transaction.atomic():
            method, status = _outcome(clients[viewer.pk], url)
            transaction.set_rollback(True)
        where = f"{method.upper()} {url} ({name}) as {viewer.username}"
        assert status < 500, f"{where}: {status}"
        if _role_refused(url, viewer):
            assert status == 403, f"{where}: {status}, expected 403 for their role"
        elif viewer.organisation_id == organisation:
            assert status != 404, f"{where}: 404 for their own agency's record"
        else:
            assert status == 404, f"{where}: {status}, expected 404"

    check()


@pytest.mark.django_db(transaction=False)
def test_enrolling_someone_else_needs_the_right(world):
    """The enrol URL takes a person's id in the form: only those who may enrol them do,
    in a session open to both agencies' people (HR enrols only their own agency's)."""
    viewers, facts = world["viewers"], world["facts"]
    world["hr_user"].refresh_from_db()  # its organisation has joined the network since
    session = make_session(world["hr_user"], open_to_network=True)
    clients = {viewer.pk: _signed_in(viewer) for viewer in viewers}

    @settings(max_examples=100, deadline=None, database=None)
    @given(viewer=st.sampled_from(viewers), record=st.sampled_from(facts))
    def check(viewer, record):
        allowed = may_see(viewer, "enrol", record, hr=world["hr"], admin=world["admin"])
        with transaction.atomic():
            client = clients[viewer.pk]
            url = reverse("trainings:session-enrol", kwargs={"pk": session.pk})
            status = client.post(url, {"person": record.person.pk}).status_code
            enrolled = Enrolment.objects.filter(session=session, person=record.person).exists()
            transaction.set_rollback(True)
        assert status < 500
        assert enrolled == allowed, (
            f"{viewer.username} enrolling {record.person.username}: enrolled={enrolled}"
        )

    check()
