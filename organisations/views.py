from django.http import Http404
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin

from .selectors import network_figures


class NetworkFiguresView(AccessRequiredMixin, TemplateView):
    """A network's aggregate figures, for its viewers: numbers, never a person's records."""

    permission_required = "organisations.view_network_figures"
    template_name = "organisations/network_figures.html"

    def get_context_data(self, **kwargs):
        network = self.request.user.network
        if network is None:
            raise Http404
        return super().get_context_data(figures=network_figures(network=network), **kwargs)
