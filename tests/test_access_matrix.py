"""Role × view: every URL pattern answers each role as declared in tests/access.py."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from competencies.models import Alignment, CatalogueImport, Framework, Item
from onboarding.models import ChecklistTemplate, Holiday
from people.roles import Role
from tests.records import person_records, record_url_kwargs

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
            "trainings:session-attendance",
        )
    }


@pytest.fixture
def world(catalogues, make_person, admin_user):
    own_supervisor = make_person(Role.SUPERVISOR)
    peer = make_person(Role.PEER, supervisor=own_supervisor)
    item = Item.objects.get(framework__slug="samhsa", code="I.1")
    hr = make_person(Role.HR)
    records = person_records(peer, own_supervisor, hr)
    template = ChecklistTemplate.objects.get(is_default=True)
    holiday = Holiday.objects.create(
        date=timezone.localdate() + timedelta(days=30), name="Agency retreat"
    )
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
            "competencies:framework-detail": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:framework-export": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:item-detail": {"pk": item.pk},
            "competencies:import-detail": {"pk": record.pk},
            "competencies:import-apply": {"pk": record.pk},
            "competencies:import-discard": {"pk": record.pk},
            "competencies:alignment-create": {"pk": item.pk},
            "competencies:alignment-delete": {"pk": Alignment.objects.first().pk},
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
            "onboarding:template-edit": {"pk": template.pk},
            "onboarding:template-clone": {"pk": template.pk},
            "onboarding:holiday-delete": {"pk": holiday.pk},
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
