"""Catalogues stay shared and versioned; an organisation may add its own, seen by it alone."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from competencies.models import Alignment, Domain, Framework, Item
from competencies.services.catalogue_data import CatalogueFileError
from competencies.services.catalogue_export import framework_export_csv, framework_export_json
from competencies.services.catalogue_files import parse_csv
from competencies.services.catalogue_import import catalogue_apply
from competencies.services.imports import catalogue_import_apply, catalogue_import_create
from core.errors import ApplicationError
from evaluations.services.templates import evaluation_template_create
from organisations.scoping import organisation_scope
from people.roles import Role
from tests.factories import OrganisationFactory

# Aliased: pytest would collect a name starting with "test" as a test.
from tests.factories import test_organisation as default_agency
from tests.organisations.conftest import no_scope, person_in

pytestmark = pytest.mark.usefixtures("catalogues")

OWN_CSV = (
    "framework,domain_code,domain_title,item_code,item_text,order\n"
    "riverside-values,1,Our values,1.1,Welcomes each person as they are,1\n"
    "riverside-values,1,Our values,1.2,Follows the person's lead,2\n"
)


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def org_a(db):
    return default_agency()


@pytest.fixture
def org_b(db):
    return OrganisationFactory()


@pytest.fixture
def admins(org_a, org_b):
    return person_in(org_a, Role.PROGRAM_ADMIN), person_in(org_b, Role.PROGRAM_ADMIN)


def _import(admin, content=OWN_CSV, **options):
    record, _ = catalogue_import_create(
        user=admin, filename="own.csv", content=content.encode(), **options
    )
    catalogue_import_apply(record=record)
    return Framework.objects.filter(slug="riverside-values").order_by("-version").first()


def test_load_catalogues_loads_shared_ones():
    call_command("load_catalogues", verbosity=0)
    assert Framework.objects.exists()
    assert not Framework.objects.filter(organisation__isnull=False).exists()


def test_an_agencys_import_is_its_own_and_invisible_to_another(admins, org_a, org_b):
    admin_a, admin_b = admins
    own = _import(admin_a)
    assert own.organisation == org_a
    shared = Framework.objects.get(slug="samhsa")
    with no_scope(), organisation_scope(org_a):
        assert {own, shared} <= set(Framework.objects.all())
        assert Item.objects.filter(framework=own).count() == 2
    with no_scope(), organisation_scope(org_b):
        assert own not in set(Framework.objects.all()) and shared in set(Framework.objects.all())
        assert not Item.objects.filter(framework=own).exists()
        assert not Domain.objects.filter(framework=own).exists()

    client_a, client_b = _signed_in(admin_a), _signed_in(admin_b)
    assert (
        "riverside-values"
        not in client_b.get(reverse("competencies:framework-list")).content.decode()
    )
    assert (
        "Welcomes each person"
        in client_a.get(reverse("competencies:framework-detail", args=[own.pk])).content.decode()
    )
    item = own.items.get(code="1.1")
    for name, pk in (
        ("competencies:framework-detail", own.pk),
        ("competencies:framework-export", own.pk),
        ("competencies:item-detail", item.pk),
    ):
        assert client_b.get(reverse(name, args=[pk])).status_code == 404, name
    search = client_b.get(reverse("competencies:item-search"), {"q": "Welcomes"})
    assert "Welcomes each person" not in search.content.decode()
    assert (
        client_b.get(reverse("competencies:framework-detail", args=[shared.pk])).status_code == 200
    )


def test_an_alignment_to_an_agencys_own_item_is_hidden_from_another(admins, org_a, org_b):
    own = _import(admins[0])
    shared_item = Item.objects.get(framework__slug="samhsa", code="I.1")
    alignment = Alignment.objects.create(
        source_item=own.items.get(code="1.1"), target_item=shared_item
    )
    with no_scope(), organisation_scope(org_a):
        assert alignment in set(Alignment.objects.all())
    with no_scope(), organisation_scope(org_b):
        assert alignment not in set(Alignment.objects.all())
    page = _signed_in(admins[1]).get(reverse("competencies:item-detail", args=[shared_item.pk]))
    assert page.status_code == 200 and "Welcomes each person" not in page.content.decode()


def test_an_agency_never_changes_a_shared_catalogue(admins):
    samhsa = Framework.objects.get(slug="samhsa")
    changed = framework_export_csv(framework=samhsa).replace(
        "Uses active listening skills", "Listens actively"
    )
    for options in ({}, {"as_new_version": True}):
        with pytest.raises(CatalogueFileError, match="shared catalogue"):
            catalogue_import_create(
                user=admins[0], filename="samhsa.csv", content=changed.encode(), **options
            )
    assert list(Framework.objects.filter(slug="samhsa").values_list("version", flat=True)) == [1]


def test_an_agency_versions_its_own_framework(admins, org_a):
    own = _import(admins[0])
    _import(admins[0], OWN_CSV.replace("as they are", "just as they are"), as_new_version=True)
    versions = Framework.objects.filter(slug="riverside-values").order_by("version")
    assert [(f.version, f.organisation) for f in versions] == [(1, org_a), (2, org_a)]
    assert own.items.get(code="1.1").text == "Welcomes each person as they are"


def test_two_agencies_each_have_their_own_framework_under_one_slug(admins, org_a, org_b):
    # Issue 16: B is never told that A uses a slug.
    for admin in admins:
        _import(admin)
    own_a, own_b = (
        Framework.objects.get(slug="riverside-values", organisation=org) for org in (org_a, org_b)
    )
    for organisation, own, other in ((org_a, own_a, own_b), (org_b, own_b, own_a)):
        with no_scope(), organisation_scope(organisation):
            seen = set(Framework.objects.filter(slug="riverside-values"))
            assert seen == {own} and other not in seen
            assert Framework.objects.get_by_natural_key("riverside-values", 1) == own
            item = Item.objects.get_by_natural_key("riverside-values", 1, "1.1")
            assert item.framework == own
            assert Domain.objects.get_by_natural_key("riverside-values", 1, "1").framework == own
    # Re-importing changes the agency's own only.
    _import(admins[1], OWN_CSV + "riverside-values,1,Our values,1.3,Asks what matters,3\n")
    assert own_b.items.count() == 3 and own_a.items.count() == 2


def test_an_agencys_slug_equal_to_a_shared_one_is_refused(admins):
    shared_slug = OWN_CSV.replace("riverside-values", "cmpsa")
    with pytest.raises(CatalogueFileError, match="cmpsa is the slug of a shared catalogue"):
        catalogue_import_create(user=admins[0], filename="own.csv", content=shared_slug.encode())
    assert not Framework.objects.filter(slug="cmpsa", organisation__isnull=False).exists()


def test_a_shared_catalogue_under_an_agencys_slug_is_refused(admins):
    _import(admins[0])
    with pytest.raises(CatalogueFileError, match="slug of an agency's own framework"):
        catalogue_apply(data=parse_csv(OWN_CSV.encode()))
    assert not Framework.objects.filter(slug="riverside-values", organisation=None).exists()


def test_a_shared_slug_and_version_is_unique(admins):
    samhsa = Framework.objects.get(slug="samhsa", version=1)
    copy = Framework(slug="samhsa", version=1, name="Copy", short_name="Copy")
    with pytest.raises(ValidationError, match="framework_shared_slug_version_unique"):
        copy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(slug="samhsa", version=1, name="Copy", short_name="Copy")
    assert Framework.objects.get_by_natural_key("samhsa", 1) == samhsa


def test_an_agencys_own_slug_and_version_is_unique(admins, org_a):
    own = _import(admins[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(
            slug=own.slug, version=own.version, organisation=org_a, name="Copy", short_name="C"
        )


def test_an_evaluation_template_rates_a_shared_framework_or_the_agencys_own(admins, org_a, org_b):
    own = _import(admins[0])
    mine = evaluation_template_create(organisation=org_a, name="Our values", framework=own)
    assert list(mine.domains.values_list("code", flat=True)) == ["1"]
    with pytest.raises(ApplicationError, match="shared framework or one of your agency's own"):
        evaluation_template_create(organisation=org_b, name="Theirs", framework=own)


def test_an_agency_aligns_its_own_framework_never_two_shared_ones(client, admins):
    own = _import(admins[0])
    client.force_login(admins[0])
    cmpsa_item = Item.objects.get(framework__slug="cmpsa", code="1.1")
    samhsa = Framework.objects.get(slug="samhsa")
    refused = client.post(
        reverse("competencies:alignment-create", args=[cmpsa_item.pk]),
        {"target_framework": samhsa.pk, "target_code": "V.1"},
    )
    assert refused.status_code == 400 and "kept by the deployment" in refused.content.decode()
    assert not Alignment.objects.filter(source_item=cmpsa_item).exists()
    own_item = own.items.get(code="1.1")
    added = client.post(
        reverse("competencies:alignment-create", args=[own_item.pk]),
        {"target_framework": samhsa.pk, "target_code": "V.1"},
    )
    assert added.status_code == 302
    assert Alignment.objects.get(source_item=own_item).target_item.code == "V.1"
    shared = Alignment.objects.filter(
        source_item__framework__organisation__isnull=True,
        target_item__framework__organisation__isnull=True,
    ).first()
    client.post(reverse("competencies:alignment-delete", args=[shared.pk]))
    assert Alignment.objects.filter(pk=shared.pk).exists()


def test_an_agencys_export_round_trips_into_another_agency_under_its_slug(admins, org_a, org_b):
    own_a = _import(admins[0])
    exported = framework_export_json(framework=own_a)
    plans = []
    for admin in admins:
        record, plan = catalogue_import_create(
            user=admin, filename="own.json", content=exported.encode()
        )
        catalogue_import_apply(record=record)
        plans.append(plan.summary_lines())
    # A's own export is already there; B gets a framework of its own under the slug.
    assert plans == [
        ["riverside-values v1: 2 items already there"],
        ["riverside-values v1: added (1 domain, 2 items)"],
    ]
    own_b = Framework.objects.get(slug="riverside-values", organisation=org_b)
    assert set(own_b.items.values_list("code", "text")) == set(
        own_a.items.values_list("code", "text")
    )
    assert Framework.objects.filter(slug="riverside-values", organisation=org_a).count() == 1
