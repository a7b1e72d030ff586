from django import template

from core.text import duration_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.simple_tag
def comment_guidance():
    """The note on what free text must leave out (core.forms.COMMENT_GUIDANCE)."""
    from core.forms import COMMENT_GUIDANCE

    return COMMENT_GUIDANCE


@register.filter
def timedelta_words(delta):
    """A wait as people say it: "30 minutes", "1 hour", "45 seconds"."""
    return duration_words(delta.total_seconds())


@register.simple_tag
def site_url():
    """Where people reach PeerWorks (``SITE_URL``): links in emails start with it, never
    with the host a request happened to name."""
    from django.conf import settings

    return settings.SITE_URL


@register.filter
def average(value) -> str:
    """A rating average as every page, export and PDF shows it: two decimals, or a dash."""
    return "—" if value is None or value == "" else f"{value:.2f}"
