"""``{% load evaluation_charts %}``: the evaluation pictures in any template, PDF ones included."""

from django import template

from .. import charts

register = template.Library()


@register.simple_tag
def team_heatmap_chart(summary, chart_id="team-heatmap"):
    return charts.team_heatmap(summary, chart_id=chart_id)


@register.simple_tag
def ratings_over_time_chart(history, chart_id="ratings-over-time"):
    return charts.ratings_over_time(history, chart_id=chart_id)
