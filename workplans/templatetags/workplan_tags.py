from django import template

from evaluations.models import Rating

register = template.Library()


@register.filter
def has_developing(sections) -> bool:
    """Whether an evaluation's (prefetched) categories hold an item rated Developing."""
    return any(
        item.rating == Rating.DEVELOPING for section in sections for item in section.items_list
    )
