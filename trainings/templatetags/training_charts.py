"""``{% load training_charts %}``: training pictures in any template, PDF ones included."""

from django import template

from .. import charts

register = template.Library()


@register.simple_tag
def training_hours_chart(transcript, chart_id="training-hours"):
    return charts.hours_by_group_and_year(transcript, chart_id=chart_id)
