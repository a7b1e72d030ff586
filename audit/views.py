from django.core.paginator import Paginator
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.integrity import chain_head

from .filters import LogEntryFilter
from .selectors import change_rows, log_entries

PAGE_SIZE = 50


class LogEntryListView(AccessRequiredMixin, TemplateView):
    """The audit trail, filtered by person, record, action, dates and address. Read only."""

    permission_required = "auditlog.view_logentry"
    template_name = "audit/logentry_list.html"

    def get_context_data(self, **kwargs):
        filters = LogEntryFilter(
            self.request.GET,
            queryset=log_entries(organisation=self.request.user.organisation),
        )
        page = Paginator(filters.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for entry in page:
            entry.change_rows = change_rows(entry)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=filters,
            entries=page,
            page=page,
            querystring=query.urlencode(),
            chain_head=chain_head(),
            **kwargs,
        )
