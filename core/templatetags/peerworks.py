from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

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


class PageHeaderNode(template.Node):
    def __init__(self, title, actions):
        self.title, self.actions = title, actions

    def render(self, context):
        with context.push(page_header_crumbs=[]):
            title = self.title.render(context).strip()
            actions = self.actions.render(context).strip() if self.actions else ""
            crumbs = context["page_header_crumbs"]
        # Both were rendered by the template engine, escaping what they show.
        return template.loader.render_to_string(
            "includes/page_header.html",
            {"title": mark_safe(title), "crumbs": crumbs, "actions": mark_safe(actions)},
        )


@register.tag
def pageheader(parser, token):
    """Every page's header, one way (templates/includes/page_header.html)::

        {% pageheader %}{% breadcrumb "Onboarding" "onboarding:onboarding-board" %}
          Onboarding of {{ onboarding.person }}
        {% actions %}
          <a class="btn btn-primary" href="...">Start an onboarding</a>
        {% endpageheader %}

    The title is the page's one h1; the breadcrumbs lead to the page, which ends them;
    the actions stand beside the title on a wide screen and under it on a phone."""
    title = parser.parse(("actions", "endpageheader"))
    actions = None
    if parser.next_token().contents == "actions":
        actions = parser.parse(("endpageheader",))
        parser.delete_first_token()
    return PageHeaderNode(title, actions)


@register.simple_tag(takes_context=True)
def breadcrumb(context, label, url_name, *args, anchor=""):
    """One step of the page's breadcrumbs, inside {% pageheader %}: a label and a URL name
    with its arguments (and a place in that page, ``anchor``)."""
    url = reverse(url_name, args=args) + (f"#{anchor}" if anchor else "")
    context["page_header_crumbs"].append((label, url))
    return ""
