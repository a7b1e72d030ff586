import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.forms import filter_helper

from .selectors import record_type_choices

ACTIONS = [
    (LogEntry.Action.CREATE, "Created"),
    (LogEntry.Action.UPDATE, "Changed"),
    (LogEntry.Action.DELETE, "Deleted"),
    (LogEntry.Action.ACCESS, "Viewed or downloaded"),
]


class LogEntryFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            *self.fields, label="Filter the audit trail", clear_url=reverse("audit:logentry-list")
        )


class LogEntryFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label="Person",
        # A callable: people are scoped to the request's organisation, known per request.
        queryset=lambda request: get_user_model().objects.order_by("last_name", "first_name"),
        empty_label="Anyone",
    )
    content_type = django_filters.ChoiceFilter(
        label="Record", choices=record_type_choices, empty_label="Any record"
    )
    object_id = django_filters.NumberFilter(label="Record number")
    action = django_filters.ChoiceFilter(label="What", choices=ACTIONS, empty_label="Anything")
    since = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="timestamp",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    remote_addr = django_filters.CharFilter(label="Address", lookup_expr="startswith")

    class Meta:
        model = LogEntry
        form = LogEntryFilterForm
        fields = ["actor", "content_type", "object_id", "action", "since", "until", "remote_addr"]
