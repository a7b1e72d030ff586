"""``{% load onboarding_charts %}``: onboarding pictures in any template."""

from django import template

from .. import charts

register = template.Library()


@register.simple_tag
def phase_progress_chart(phases, chart_id="onboarding-progress"):
    return charts.phase_progress(phases, chart_id=chart_id)
