"""Reads for the competency catalogues."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Alignment, Domain, Framework, Item


def framework_summaries() -> QuerySet[Framework]:
    return Framework.objects.annotate(
        domain_count=Count("domains", distinct=True), item_count=Count("items", distinct=True)
    ).order_by("name", "-version")


def framework_with_contents(*, pk: int) -> Framework:
    """A framework with its domains and their items, in two further queries."""
    return Framework.objects.prefetch_related(
        Prefetch(
            "domains",
            queryset=Domain.objects.order_by("order", "code").prefetch_related(
                Prefetch("items", queryset=Item.objects.order_by("order", "code"))
            ),
        )
    ).get(pk=pk)


def item_detail(*, pk: int) -> Item:
    return Item.objects.select_related("framework", "domain").get(pk=pk)


def _alignment_queryset() -> QuerySet[Alignment]:
    return Alignment.objects.select_related(
        "source_item__framework",
        "source_domain__framework",
        "target_item__framework",
        "target_domain__framework",
    )


def alignments_for_item(*, item: Item) -> list[dict]:
    """Everything aligned with this item or with its domain, seen from the item's side."""
    alignments = _alignment_queryset().filter(
        Q(source_item=item)
        | Q(target_item=item)
        | Q(source_domain_id=item.domain_id)
        | Q(target_domain_id=item.domain_id)
    )
    result = []
    for a in alignments:
        mine_is_source = a.source_item_id == item.pk or a.source_domain_id == item.domain_id
        other = a.target if mine_is_source else a.source
        result.append(
            {
                "alignment": a,
                "other": other,
                "other_is_item": isinstance(other, Item),
                "via_domain": (a.source_domain_id or a.target_domain_id) == item.domain_id
                and item.pk not in (a.source_item_id, a.target_item_id),
            }
        )
    return result


def alignments_for_framework(*, framework: Framework) -> QuerySet[Alignment]:
    return _alignment_queryset().filter(
        Q(source_item__framework=framework)
        | Q(source_domain__framework=framework)
        | Q(target_item__framework=framework)
        | Q(target_domain__framework=framework)
    )


def item_search(*, query: str, framework_id: int | None = None) -> QuerySet[Item]:
    """Items whose text, description, examples or code contain every word of the query."""
    items = Item.objects.select_related("framework", "domain")
    words = query.split()
    if not words:
        return items.none()
    for word in words:
        items = items.filter(
            Q(text__icontains=word)
            | Q(description__icontains=word)
            | Q(examples__icontains=word)
            | Q(code__iexact=word)
        )
    if framework_id:
        items = items.filter(framework_id=framework_id)
    return items.order_by("framework__name", "framework__version", "domain__order", "order", "code")


def framework_items(*, slug: str, version: int = 1) -> QuerySet[Item]:
    """One catalogue's items in the source's order, with their group."""
    return Item.objects.filter(framework__slug=slug, framework__version=version).select_related(
        "domain"
    )
