from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from core.access import AccessRequiredMixin

from .selectors import people_visible_to

PAGE_SIZE = 50


class PersonListView(AccessRequiredMixin, TemplateView):
    permission_required = ("people.view_staffprofile", "people.view_team")
    permission_any = True
    template_name = "people/person_list.html"

    def get_context_data(self, **kwargs):
        people = people_visible_to(user=self.request.user)
        page = Paginator(people, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, querystring="", **kwargs)


class PersonDetailView(AccessRequiredMixin, TemplateView):
    """Anyone may open a profile they can see (their own at least); any other answers 404."""

    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        profile = (
            people_visible_to(user=self.request.user).filter(user_id=self.kwargs["pk"]).first()
        )
        if profile is None:
            raise Http404
        return super().get_context_data(profile=profile, **kwargs)
