"""Role × view: every URL pattern answers each role as declared in tests/access.py."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from competencies.models import CatalogueImport
from people.roles import Role

# Aliased: pytest would collect a name starting with "test" as a test.
from readiness.models import CyclePdf, SurveyRound
from readiness.services import action_add
from tests.documents import store_file
from tests.factories import test_organisation as default_agency
from tests.records import agency_records, agency_url_kwargs, person_records, record_url_kwargs

from .access import EXPECTED, ROLES


def _named_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin site checks is_staff and its own permissions.
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_declared():
    names = set(_named_patterns())
    assert names - set(EXPECTED) == set(), "declare these URLs in tests/access.py"
    assert set(EXPECTED) - names == set(), "tests/access.py names URLs that no longer exist"
    for name, outcomes in EXPECTED.items():
        assert set(outcomes) == set(ROLES), name


def _session_kwargs(session) -> dict:
    on_session = {"pk": session.pk}
    return {
        name: on_session
        for name in (
            "trainings:session-detail",
            "trainings:session-enrol",
            "trainings:session-ics",
            "trainings:session-cancel",
            "trainings:session-capacity",
            "trainings:session-edit",
            "trainings:session-attendance",
        )
    }


READINESS_CYCLE_URLS = (
    "readiness:cycle-actions",
    "readiness:cycle-challenge",
    "readiness:cycle-detail",
    "readiness:cycle-team",
    "readiness:cycle-move",
    "readiness:cycle-share",
    "readiness:cycle-answer",
    "readiness:cycle-agree",
)


def _answering_cycle(admin, *, peer, supervisor):
    from readiness.models import TeamMember
    from readiness.services import cycle_member_add, cycle_move, cycle_open

    today = timezone.localdate()
    cycle = cycle_open(organisation=admin.organisation, name="Matrix", by=admin, today=today)
    cycle_member_add(cycle=cycle, person=peer, seat=TeamMember.Seat.PEER, by=admin)
    cycle_member_add(cycle=cycle, person=supervisor, seat=TeamMember.Seat.SUPERVISOR, by=admin)
    cycle_move(cycle=cycle, action="start_answering", by=admin, today=today)
    return cycle


@pytest.fixture
def world(catalogues, make_person, admin_user):
    own_supervisor = make_person(Role.SUPERVISOR)
    peer = make_person(Role.PEER, supervisor=own_supervisor)
    hr = make_person(Role.HR)
    records = person_records(peer, own_supervisor, hr)
    own = agency_records(default_agency(), on_day=timezone.localdate() + timedelta(days=30))
    cycle = _answering_cycle(admin_user, peer=peer, supervisor=own_supervisor)
    member = cycle.team.get(person=peer)
    action = action_add(
        cycle=cycle,
        competency_code="A.9",
        text="Hire a second peer",
        owner=admin_user,
        due_date=timezone.localdate() + timedelta(days=30),
        by=admin_user,
    )
    survey = SurveyRound.objects.create(
        organisation=admin_user.organisation,
        name="Matrix survey",
        opened_by=admin_user,
        opened_on=timezone.localdate(),
    )
    cycle_pdf = CyclePdf.objects.create(
        cycle=cycle,
        requested_by=admin_user,
        status=CyclePdf.Status.READY,
        file_name=f"access-cycle-{cycle.pk}.pdf",
    )
    store_file(cycle_pdf)
    record = CatalogueImport.objects.create(
        created_by=admin_user, filename="x.csv", file_format="csv", content=""
    )
    return {
        "users": {
            "anonymous": None,
            "peer": peer,
            "other_supervisor": make_person(Role.SUPERVISOR),
            "own_supervisor": own_supervisor,
            "hr": hr,
            "admin": admin_user,
        },
        "kwargs": {
            "people:person-detail": {"pk": peer.pk},
            "people:person-edit": {"pk": peer.pk},
            "people:person-leave": {"pk": peer.pk},
            "people:person-invite-again": {"pk": peer.pk},
            "people:invitation-accept": {"uidb64": "MQ", "token": "set-password"},
            "competencies:import-detail": {"pk": record.pk},
            "competencies:import-apply": {"pk": record.pk},
            "competencies:import-discard": {"pk": record.pk},
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
            "notice-preference-link": {"token": "not-a-signed-token"},
            "oidc-sign-in": {"slug": "no-identity-provider"},
            # The agency's own holiday, checklist, framework, item and alignment.
            **agency_url_kwargs(own),
            **{name: {"pk": cycle.pk} for name in READINESS_CYCLE_URLS},
            "readiness:cycle-member-remove": {"pk": cycle.pk, "member_pk": member.pk},
            "readiness:action-move": {"pk": cycle.pk, "action_pk": action.pk},
            "readiness:survey-detail": {"pk": survey.pk},
            "readiness:survey-close": {"pk": survey.pk},
            "readiness:survey-send": {"pk": survey.pk},
            "readiness:cycle-pdf": {"pk": cycle.pk},
            "readiness:cycle-pdf-status": {"pk": cycle.pk, "pdf_pk": cycle_pdf.pk},
            "readiness:cycle-pdf-download": {"pk": cycle.pk, "pdf_pk": cycle_pdf.pk},
            **_session_kwargs(records.session),
            **record_url_kwargs(peer, records, EXPECTED),
        },
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_is_declared(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    mismatches = []
    for name, outcomes in EXPECTED.items():
        if role != "anonymous" and name == "login":
            continue  # LoginView shows the form to a signed-in person too.
        url = reverse(name, kwargs=world["kwargs"].get(name))
        status = client.get(url).status_code
        if status != outcomes[role]:
            mismatches.append(f"{name} ({url}): expected {outcomes[role]}, got {status}")
    assert mismatches == []


# ---------------------------------------------------------------------------------------
# Across organisations: the same URLs, called by each role of another agency with the
# first agency's records, answer as for a record that is not there and show none of it.

# Answers that reveal nothing about a record: refused for the role, not found, or the
# method refused before any lookup.
NOTHING_SHOWN = {403, 404, 405}
# URLs that name no record of anyone's. (The agency's own checklist, holiday, framework,
# item and alignment are its records: another agency gets nothing for them.)
SHARED = {
    "password_reset_confirm",
    # The invitation link: without a valid token it says the link is invalid, to anyone.
    "people:invitation-accept",
    # An email's settings link names a person only through its signed token.
    "notice-preference-link",
}


@pytest.fixture
def other_agency(world):
    from tests.factories import (
        OrganisationFactory,
        ProgramFactory,
        StaffProfileFactory,
        UserFactory,
    )

    agency = OrganisationFactory()
    program = ProgramFactory(organisation=agency)

    def person(role, **profile):
        # Names that cannot be mistaken for the first agency's people on a page.
        user = UserFactory(roles=[role], organisation=agency, last_name=f"Elsewhere{role.name}")
        StaffProfileFactory(user=user, program=program, **profile)
        return user

    supervisor = person(Role.SUPERVISOR)
    return {
        "peer": person(Role.PEER, supervisor=supervisor),
        "other_supervisor": person(Role.SUPERVISOR),
        "own_supervisor": supervisor,
        "hr": person(Role.HR),
        "admin": person(Role.PROGRAM_ADMIN),
    }


def _traces(world) -> list[str]:
    """Text that would show one of the first agency's people on a page."""
    return [u.get_full_name() for u in world["users"].values() if u is not None]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_another_agency_sees_none_of_our_people_or_records(client, world, other_agency, role):
    client.force_login(other_agency[role])
    traces = _traces(world)
    leaks = []
    for name in EXPECTED:
        if name == "login":
            continue
        kwargs = world["kwargs"].get(name)
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if kwargs and name not in SHARED and response.status_code not in NOTHING_SHOWN:
            leaks.append(f"{name} ({url}): {response.status_code} for another agency's record")
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        leaks += [f"{name} ({url}) shows {trace!r}" for trace in traces if trace in body]
    assert leaks == []
