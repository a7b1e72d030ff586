"""Views of the people who work here: the list, one person's page, inviting, changing
and leaving."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from core.access import AccessRequiredMixin
from core.errors import ApplicationError, form_add_errors, messages_add_errors
from core.text import duration_words

from ..forms import (
    PersonForm,
    PersonInviteForm,
    PersonLeaveForm,
)
from ..models import User
from ..person_page import sections_for
from ..selectors import (
    last_invitation,
    people_visible_to,
    person_for_page,
)
from ..services import (
    person_invite,
    person_invite_again,
    person_leave,
    person_reinstate,
    person_update,
)

PAGE_SIZE = 50


class PersonListView(AccessRequiredMixin, TemplateView):
    permission_required = ("people.view_staffprofile", "people.view_team")
    permission_any = True
    template_name = "people/person_list.html"

    def get_context_data(self, **kwargs):
        people = people_visible_to(user=self.request.user)
        page = Paginator(people, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            querystring="",
            can_invite=PersonInviteView.user_can_access(self.request.user),
            **kwargs,
        )


class PersonDetailView(AccessRequiredMixin, TemplateView):
    """One page per person: their profile and, section by section, everything the viewer
    may see about them (``people.person_page``). Anyone may open a person they can see
    (themselves at least); any other answers 404."""

    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        profile = person_for_page(viewer=viewer, pk=self.kwargs["pk"])
        if profile is None:
            raise Http404
        person = profile.user
        sections, overdue = sections_for(viewer=viewer, person=person, today=timezone.localdate())
        can_manage = PersonUpdateView.user_can_access(viewer)
        return super().get_context_data(
            profile=profile,
            person=person,
            sections=sections,
            everything_overdue=overdue,
            can_manage=can_manage,
            can_record_leaving=PersonLeaveView.user_can_access(viewer),
            invitation=last_invitation(person=person) if can_manage else None,
            **kwargs,
        )


class PersonInviteView(AccessRequiredMixin, FormView):
    """A program admin invites a person: their account, and an email to set a password."""

    permission_required = "people.manage_people"
    template_name = "people/person_invite.html"
    form_class = PersonInviteForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            valid_for=duration_words(settings.PASSWORD_RESET_TIMEOUT), **kwargs
        )

    def form_valid(self, form):
        try:
            person = person_invite(by=self.request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form_add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{person} is invited: an email with a link to set their password is on its way "
            f"to {person.email}.",
        )
        return redirect("people:person-detail", pk=person.pk)


class _PersonMixin(AccessRequiredMixin):
    """The person named in the URL, among those the signed-in user may see; else 404."""

    @cached_property
    def person(self) -> User:
        profile = person_for_page(viewer=self.request.user, pk=self.kwargs["pk"])
        if profile is None:
            raise Http404
        return profile.user


class PersonUpdateView(_PersonMixin, FormView):
    """A program admin changes a person's roles, supervisor, program and profile."""

    permission_required = "people.manage_people"
    template_name = "people/person_edit.html"
    form_class = PersonForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.person}

    def get_initial(self):
        person = self.person
        profile = person.profile
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "roles": sorted(person.role_names),
            "job_title": profile.job_title,
            "program": profile.program_id,
            "population": profile.population_id,
            "employment_type": profile.employment_type,
            "lived_experience": profile.lived_experience,
            "start_date": profile.start_date,
            "supervisor": profile.supervisor_id,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        try:
            person_update(by=self.request.user, person=self.person, **form.cleaned_data)
        except ApplicationError as exc:
            form_add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.person}'s details are saved.")
        return redirect("people:person-detail", pk=self.person.pk)


class PersonInviteAgainView(_PersonMixin, View):
    permission_required = "people.manage_people"
    http_method_names = ["post"]

    def post(self, request, pk):
        person = self.person
        try:
            person_invite_again(by=request.user, person=person)
        except ApplicationError as exc:
            messages_add_errors(request, exc)
        else:
            messages.success(request, f"A new invitation is on its way to {person.email}.")
        return redirect("people:person-detail", pk=person.pk)


class PersonLeaveView(_PersonMixin, FormView):
    """HR or a program admin records the day a person leaves the agency, or undoes it."""

    permission_required = "people.change_staffprofile"
    template_name = "people/person_leave.html"
    form_class = PersonLeaveForm

    def get_initial(self):
        return {"end_date": self.person.profile.end_date}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, profile=self.person.profile, **kwargs)

    def post(self, request, *args, **kwargs):
        if "reinstate" in request.POST:
            person = self.person
            person_reinstate(person=person, by=request.user)
            messages.success(request, f"{person} works here again and may sign in.")
            return redirect("people:person-detail", pk=person.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        person = self.person
        end_date = form.cleaned_data["end_date"]
        person_leave(person=person, end_date=end_date, by=self.request.user)
        messages.success(
            self.request,
            f"{person} leaves the agency on {end_date:%b %-d, %Y}: from that day "
            "they cannot sign in.",
        )
        return redirect("people:person-detail", pk=person.pk)
