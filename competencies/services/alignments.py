"""Linking items and domains of two frameworks."""

from django.db import transaction

from ..models import Alignment, Domain, Item


@transaction.atomic
def alignment_create(
    *,
    source: Item | Domain,
    target: Item | Domain,
    note: str = "",
) -> Alignment:
    """Record that ``source`` corresponds to ``target`` in another framework."""
    alignment = Alignment(note=note)
    for side, end in (("source", source), ("target", target)):
        level = "item" if isinstance(end, Item) else "domain"
        setattr(alignment, f"{side}_{level}", end)
    alignment.full_clean()
    alignment.save()
    return alignment


@transaction.atomic
def alignment_delete(*, alignment: Alignment) -> None:
    alignment.delete()
