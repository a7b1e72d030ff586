"""The browser import: upload, preview, confirm."""

from django.db import transaction
from django.utils import timezone

from core.errors import full_clean

from ..models import CatalogueImport
from .catalogue_data import CatalogueData, CatalogueFileError
from .catalogue_files import decode, parse_csv, parse_fixture
from .catalogue_import import CataloguePlan, catalogue_apply, catalogue_plan


def _parse(*, content: bytes, file_format: str) -> CatalogueData:
    if file_format == CatalogueImport.Format.CSV:
        return parse_csv(content)
    return parse_fixture(content)


def guess_format(filename: str) -> str:
    return (
        CatalogueImport.Format.CSV
        if filename.lower().endswith(".csv")
        else CatalogueImport.Format.JSON
    )


def catalogue_import_create(
    *, user, filename: str, content: bytes, as_new_version: bool = False
) -> tuple[CatalogueImport, CataloguePlan]:
    """Check an uploaded file and keep it for confirmation; nothing in the catalogue changes yet.

    Raises CatalogueFileError, listing every problem, if the file cannot be imported.
    """
    file_format = guess_format(filename)
    data = _parse(content=content, file_format=file_format)
    # An agency's admin adds to the agency's own catalogue; an operator without one
    # (a superuser) to the shared one.
    plan = catalogue_plan(data=data, as_new_version=as_new_version, organisation=user.organisation)
    if plan.text_changes:
        raise CatalogueFileError(
            [
                "This file changes the official text of a published version. Tick “Import as a new "
                "version” to publish it as one. Changed: " + ", ".join(plan.text_changes)
            ]
        )
    record = CatalogueImport(
        created_by=user,
        filename=filename[:255],
        file_format=file_format,
        content=decode(content),
        as_new_version=as_new_version,
        summary="\n".join(plan.summary_lines()),
    )
    full_clean(record)
    record.save()
    return record, plan


def catalogue_import_preview(*, record: CatalogueImport) -> CataloguePlan:
    data = _parse(content=record.content.encode(), file_format=record.file_format)
    return catalogue_plan(
        data=data, as_new_version=record.as_new_version, organisation=record.created_by.organisation
    )


@transaction.atomic
def catalogue_import_apply(*, record: CatalogueImport) -> CataloguePlan:
    """Apply a previewed import, all or nothing. The file is checked again against today's catalogue."""
    record = CatalogueImport.objects.select_for_update().get(pk=record.pk)
    if record.status != CatalogueImport.Status.PREVIEWED:
        raise CatalogueFileError([f"This import is already {record.get_status_display().lower()}."])
    data = _parse(content=record.content.encode(), file_format=record.file_format)
    plan = catalogue_apply(
        data=data,
        as_new_version=record.as_new_version,
        organisation=record.created_by.organisation,
    )
    record.status = CatalogueImport.Status.APPLIED
    record.applied_at = timezone.now()
    record.summary = "\n".join(plan.summary_lines())
    record.save(update_fields=["status", "applied_at", "summary"])
    return plan


def catalogue_import_discard(*, record: CatalogueImport) -> None:
    if record.status == CatalogueImport.Status.PREVIEWED:
        record.status = CatalogueImport.Status.DISCARDED
        record.save(update_fields=["status"])
