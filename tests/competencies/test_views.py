import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from competencies.models import Alignment, CatalogueImport, Framework, Item

pytestmark = pytest.mark.django_db

CSV = (
    "framework,domain_code,domain_title,item_code,item_text,order\n"
    "local-skills,1,Listening,1.1,Listens with careful attention,1\n"
)


def test_framework_list_shows_every_catalogue(
    client, peer, catalogues, django_assert_max_num_queries
):
    client.force_login(peer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("competencies:framework-list"))
    assert response.status_code == 200
    for framework in Framework.objects.all():
        assert framework.name in response.content.decode()


def test_framework_detail_queries_do_not_grow_with_items(
    client, peer, catalogues, django_assert_max_num_queries
):
    client.force_login(peer)
    small = Framework.objects.get(slug="wise-risk-factors")  # 13 items
    large = Framework.objects.get(slug="dacum-pss")  # 219 items
    with django_assert_max_num_queries(8) as small_ctx:
        client.get(reverse("competencies:framework-detail", args=[small.pk]))
    with django_assert_max_num_queries(8) as large_ctx:
        response = client.get(reverse("competencies:framework-detail", args=[large.pk]))
    assert len(small_ctx.captured_queries) == len(large_ctx.captured_queries)
    body = response.content.decode()
    assert "B.17" in body and "Participate in event planning" in body
    assert "Create Safe Recovery-Centered Environment" in body


def test_item_page_shows_alignments_both_ways(
    client, peer, catalogues, django_assert_max_num_queries
):
    client.force_login(peer)
    samhsa_item = Item.objects.get(framework__slug="samhsa", code="III.2")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("competencies:item-detail", args=[samhsa_item.pk]))
    body = response.content.decode()
    wise = Item.objects.get(framework__slug="wise-evaluation", code="III.2")
    assert reverse("competencies:item-detail", args=[wise.pk]) in body
    # SAMHSA category III is aligned, as a group, with work-process group 4.
    assert "Work process 4" in body
    assert "Add an alignment" not in body  # peers browse, admins curate


def test_search_finds_text_across_catalogues(
    client, peer, catalogues, django_assert_max_num_queries
):
    client.force_login(peer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("competencies:item-search"), {"q": "active listening"})
    body = response.content.decode()
    assert "Uses active listening skills" in body
    assert response.context["page"].paginator.count >= 2


def test_search_query_count_does_not_grow_with_results(
    client, peer, catalogues, django_assert_max_num_queries
):
    client.force_login(peer)
    counts = []
    for q in ("CRISCO", "peers"):
        with django_assert_max_num_queries(8) as ctx:
            client.get(reverse("competencies:item-search"), {"q": q})
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_search_can_be_limited_to_one_catalogue(client, peer, catalogues):
    client.force_login(peer)
    samhsa = Framework.objects.get(slug="samhsa")
    response = client.get(
        reverse("competencies:item-search"), {"q": "listening", "framework": samhsa.pk}
    )
    assert {item.framework_id for item in response.context["page"]} == {samhsa.pk}


def test_export_csv_and_json(client, peer, catalogues):
    client.force_login(peer)
    cmpsa = Framework.objects.get(slug="cmpsa")
    url = reverse("competencies:framework-export", args=[cmpsa.pk])
    csv_response = client.get(url, {"format": "csv"})
    assert csv_response["Content-Disposition"] == 'attachment; filename="cmpsa-v1.csv"'
    assert "Promote the development of recovery plans" in csv_response.content.decode()
    json_response = client.get(url, {"format": "json"})
    assert json_response["Content-Type"] == "application/json"
    assert client.get(url, {"format": "xml"}).status_code == 404


def test_admin_imports_csv_through_preview_and_confirm(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("competencies:import-create"),
        {"file": SimpleUploadedFile("local.csv", CSV.encode(), content_type="text/csv")},
    )
    record = CatalogueImport.objects.get()
    assert response.url == reverse("competencies:import-detail", args=[record.pk])
    preview = client.get(response.url)
    assert "1 item to add: 1.1" in " ".join(preview.content.decode().split())
    assert not Framework.objects.filter(slug="local-skills").exists()
    client.post(reverse("competencies:import-apply", args=[record.pk]))
    assert (
        Item.objects.get(framework__slug="local-skills", code="1.1").text
        == "Listens with careful attention"
    )


def test_bad_upload_shows_every_error_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    bad = "framework,domain_code,domain_title,item_code,item_text,order\nx,1,T,1.1,,1\nx,1,T,1.1,Text,z\n"
    response = client.post(
        reverse("competencies:import-create"),
        {"file": SimpleUploadedFile("bad.csv", bad.encode(), content_type="text/csv")},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Row 2: field &#x27;item_text&#x27; is empty." in body
    assert "Row 3: field &#x27;order&#x27; must be a whole number" in body
    assert CatalogueImport.objects.count() == 0 and Framework.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", b"[" * 5000 + b"]" * 5000, "more than 16 levels deep"),
        ("nul.csv", CSV.encode().replace(b"Listens", b"List\x00ens", 1), "NUL character"),
    ],
)
def test_hostile_upload_gets_a_clear_refusal_not_a_server_error(
    client, admin_user, name, content, message
):
    client.force_login(admin_user)
    response = client.post(
        reverse("competencies:import-create"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CatalogueImport.objects.count() == 0 and Framework.objects.count() == 0


@override_settings(CATALOGUE_UPLOAD_MAX_BYTES=100)
def test_oversize_upload_is_refused_before_reading(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("competencies:import-create"),
        {"file": SimpleUploadedFile("big.csv", CSV.encode() * 5, content_type="text/csv")},
    )
    assert "the limit is 100" in response.content.decode()
    assert CatalogueImport.objects.count() == 0


def test_wrong_extension_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("competencies:import-create"),
        {
            "file": SimpleUploadedFile(
                "catalogue.xlsx", b"PK\x03\x04", content_type="application/octet-stream"
            )
        },
    )
    assert "Upload a .json or .csv file." in response.content.decode()


def test_discard_changes_nothing(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("competencies:import-create"),
        {"file": SimpleUploadedFile("local.csv", CSV.encode(), content_type="text/csv")},
    )
    record = CatalogueImport.objects.get()
    client.post(reverse("competencies:import-discard", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == CatalogueImport.Status.DISCARDED
    response = client.post(reverse("competencies:import-apply", args=[record.pk]), follow=True)
    assert "already discarded" in response.content.decode()
    assert not Framework.objects.filter(slug="local-skills").exists()


def test_the_operator_adds_and_removes_an_alignment_between_shared_catalogues(client, catalogues):
    from tests.factories import UserFactory

    # The shared catalogues are every agency's: the operator (of no agency) keeps them.
    client.force_login(UserFactory(organisation=None, is_superuser=True))
    cmpsa_item = Item.objects.get(framework__slug="cmpsa", code="1.1")
    samhsa = Framework.objects.get(slug="samhsa")
    response = client.post(
        reverse("competencies:alignment-create", args=[cmpsa_item.pk]),
        {"target_framework": samhsa.pk, "target_code": "V.1", "note": "recovery planning"},
    )
    assert response.status_code == 302
    alignment = Alignment.objects.get(source_item=cmpsa_item)
    assert alignment.target_item.code == "V.1"
    duplicate = client.post(
        reverse("competencies:alignment-create", args=[cmpsa_item.pk]),
        {"target_framework": samhsa.pk, "target_code": "V.1"},
    )
    assert duplicate.status_code == 400
    assert Alignment.objects.filter(source_item=cmpsa_item).count() == 1
    missing = client.post(
        reverse("competencies:alignment-create", args=[cmpsa_item.pk]),
        {"target_framework": samhsa.pk, "target_code": "XX.9"},
    )
    assert "has no item or domain with the code XX.9" in missing.content.decode()
    client.post(
        reverse("competencies:alignment-delete", args=[alignment.pk]), {"item": cmpsa_item.pk}
    )
    assert not Alignment.objects.filter(pk=alignment.pk).exists()


def test_alignment_within_one_framework_is_refused(client, admin_user, catalogues):
    client.force_login(admin_user)
    item = Item.objects.get(framework__slug="cmpsa", code="1.1")
    response = client.post(
        reverse("competencies:alignment-create", args=[item.pk]),
        {"target_framework": item.framework_id, "target_code": "1.2"},
    )
    assert response.status_code == 400
    assert "two different frameworks" in response.content.decode()
