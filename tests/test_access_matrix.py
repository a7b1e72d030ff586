"""Role × view: every URL pattern answers each role as declared in tests/access.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from competencies.models import Alignment, CatalogueImport, Framework, Item
from evaluations.models import EvaluationPdf
from evaluations.services.pdf import pdf_path
from people.roles import Role
from tests.evaluations.conftest import make_submitted_evaluation

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


@pytest.fixture
def world(catalogues, make_person, admin_user):
    own_supervisor = make_person(Role.SUPERVISOR)
    peer = make_person(Role.PEER, supervisor=own_supervisor)
    item = Item.objects.get(framework__slug="samhsa", code="I.1")
    evaluation = make_submitted_evaluation(peer, own_supervisor)
    pdf = EvaluationPdf.objects.create(
        evaluation=evaluation,
        requested_by=own_supervisor,
        evaluation_revision=evaluation.revision,
        status=EvaluationPdf.Status.READY,
        file_name=f"matrix-{evaluation.pk}.pdf",
    )
    pdf_path(pdf).parent.mkdir(parents=True, exist_ok=True)
    pdf_path(pdf).write_bytes(b"%PDF-1.4 matrix test")
    on_evaluation = {"pk": evaluation.pk}
    record = CatalogueImport.objects.create(
        created_by=admin_user, filename="x.csv", file_format="csv", content=""
    )
    return {
        "users": {
            "anonymous": None,
            "peer": peer,
            "other_supervisor": make_person(Role.SUPERVISOR),
            "own_supervisor": own_supervisor,
            "hr": make_person(Role.HR),
            "admin": admin_user,
        },
        "kwargs": {
            "people:person-detail": {"pk": peer.pk},
            "competencies:framework-detail": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:framework-export": {"pk": Framework.objects.get(slug="samhsa").pk},
            "competencies:item-detail": {"pk": item.pk},
            "competencies:import-detail": {"pk": record.pk},
            "competencies:import-apply": {"pk": record.pk},
            "competencies:import-discard": {"pk": record.pk},
            "competencies:alignment-create": {"pk": item.pk},
            "competencies:alignment-delete": {"pk": Alignment.objects.first().pk},
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
            "evaluations:peer-history": {"user_pk": peer.pk},
            "evaluations:evaluation-pdf-status": {"pk": evaluation.pk, "pdf_pk": pdf.pk},
            "evaluations:evaluation-pdf-download": {"pk": evaluation.pk, "pdf_pk": pdf.pk},
            **{
                name: on_evaluation
                for name in EXPECTED
                if name.startswith("evaluations:evaluation-")
                and name != "evaluations:evaluation-list"
                and name != "evaluations:evaluation-create"
                and "pdf-" not in name
            },
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
