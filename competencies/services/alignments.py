"""Linking items and domains of two frameworks."""

from django.db import transaction

from core.errors import ApplicationError, full_clean

from ..models import Alignment, Domain, Item


def _check_owner(ends, organisation) -> None:
    """An organisation aligns its own frameworks (with each other or a shared one); the
    alignments between shared catalogues are every organisation's, and the operator's
    (no organisation) to change."""
    if organisation is None:
        return
    if not any(end.framework.organisation_id == organisation.pk for end in ends):
        raise ApplicationError(
            "Alignments between shared catalogues are kept by the deployment's operator: "
            "align one of your agency's own frameworks."
        )


@transaction.atomic
def alignment_create(
    *,
    source: Item | Domain,
    target: Item | Domain,
    note: str = "",
    organisation=None,
) -> Alignment:
    """Record that ``source`` corresponds to ``target`` in another framework; for
    ``organisation``, one end must be in a framework of its own."""
    alignment = Alignment(note=note)
    for side, end in (("source", source), ("target", target)):
        level = "item" if isinstance(end, Item) else "domain"
        setattr(alignment, f"{side}_{level}", end)
    full_clean(alignment)
    _check_owner((source, target), organisation)
    alignment.save()
    return alignment


@transaction.atomic
def alignment_delete(*, alignment: Alignment, organisation=None) -> None:
    """Remove an alignment; for ``organisation``, only one touching a framework of its own."""
    ends = [
        alignment.source_item or alignment.source_domain,
        alignment.target_item or alignment.target_domain,
    ]
    _check_owner(ends, organisation)
    alignment.delete()
