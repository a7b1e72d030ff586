from django import template

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
