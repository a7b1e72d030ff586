from django.http import Http404
from django.views import View
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin
from core.spreadsheets import csv_response
from people.selectors import people_visible_to

from ..selectors import peer_history, team_summary


class TeamSummaryView(AccessRequiredMixin, TemplateView):
    """Categories × staff for the supervisor's team; Developing stands out."""

    permission_required = "evaluations.add_evaluation"
    template_name = "evaluations/team_summary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=team_summary(supervisor=self.request.user), **kwargs
        )


class TeamSummaryCsvView(AccessRequiredMixin, View):
    permission_required = "evaluations.add_evaluation"

    def get(self, request):
        summary = team_summary(supervisor=request.user)
        response, writer = csv_response(filename="team-summary.csv")
        writer.writerow(
            ["Person"]
            + [
                f"{code}. {title} — {part}"
                for code, title in summary["headings"]
                for part in ("Advanced", "Proficient", "Developing", "Average")
            ]
        )
        for row in summary["rows"]:
            cells = []
            for cell in row["cells"]:
                cells += (
                    [
                        cell["advanced"],
                        cell["proficient"],
                        cell["developing"],
                        "" if cell["average"] is None else f"{cell['average']:.2f}",
                    ]
                    if cell
                    else ["", "", "", ""]
                )
            writer.writerow([row["person"].get_full_name() or row["person"].username] + cells)
        return response


class PeerHistoryView(AccessRequiredMixin, TemplateView):
    """One person's evaluations over time, category by category."""

    template_name = "evaluations/peer_history.html"

    def get_context_data(self, **kwargs):
        profile = (
            people_visible_to(user=self.request.user).filter(user_id=self.kwargs["user_pk"]).first()
        )
        if profile is None:
            raise Http404
        history = peer_history(user=self.request.user, peer_id=profile.user_id)
        return super().get_context_data(person=profile.user, history=history, **kwargs)
