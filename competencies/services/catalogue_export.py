"""Writing a catalogue out as CSV or fixture JSON that the readers take back unchanged."""

import io

from django.core import serializers

from core.spreadsheets import csv_writer

from ..models import Framework, Item
from .catalogue_files import CSV_COLUMNS


def framework_export_csv(*, framework: Framework) -> str:
    """Every item of a framework as CSV rows that ``parse_csv`` reads back unchanged."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    items = (
        Item.objects.filter(framework=framework)
        .select_related("domain")
        .order_by("domain__order", "domain__code", "order", "code")
    )
    for item in items:
        d = item.domain
        writer.writerow(
            [
                framework.slug,
                d.code,
                d.title,
                item.code,
                item.text,
                item.order,
                framework.version,
                framework.name,
                framework.short_name,
                framework.source_title,
                framework.publisher,
                framework.published,
                framework.description,
                d.kind,
                d.description,
                d.order,
                "" if d.stated_item_count is None else d.stated_item_count,
                "" if d.ojt_hours is None else d.ojt_hours,
                item.description,
                item.examples,
            ]
        )
    return out.getvalue()


def framework_export_json(*, framework: Framework) -> str:
    """The framework as a fixture with natural keys, loadable by ``loaddata``."""
    domains = list(framework.domains.select_related("framework").order_by("order", "code"))
    items = list(
        framework.items.select_related("framework", "domain__framework").order_by(
            "domain__order", "domain__code", "order", "code"
        )
    )
    return serializers.serialize(
        "json",
        [framework, *domains, *items],
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        indent=2,
    )
