"""The signed-in person's email settings, and the link in every email that changes one."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView
from django_scopes import scopes_disabled

from ..access import AccessRequiredMixin
from ..errors import ApplicationError
from .forms import NoticePreferencesForm
from .kinds import notice_kind
from .preferences import notice_preferences, notice_preferences_save, preference_token_read


class NoticeSettingsView(AccessRequiredMixin, FormView):
    """Everyone chooses, per kind of email, at once or in the daily digest."""

    template_name = "core/notices/settings.html"
    form_class = NoticePreferencesForm

    def get_initial(self):
        return notice_preferences(person=self.request.user)

    def form_valid(self, form):
        try:
            changed = notice_preferences_save(
                person=self.request.user, deliveries=form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your email settings are saved." if changed else "Nothing changed in your settings.",
        )
        return redirect("notice-settings")


# The link works without signing in (the token names the person and the kind), and mail
# programs POST to it without a CSRF token (RFC 8058's one-click): the token is the proof.
@method_decorator([login_not_required, csrf_exempt], name="dispatch")
class NoticePreferenceLinkView(View):
    """One kind of email for one person: GET shows the choice, POST makes it.

    A POST with ``List-Unsubscribe=One-Click`` (a mail program's button) or without a
    choice makes the kind quieter: a hand-off goes to the daily digest, a reminder stops."""

    template_name = "core/notices/link.html"

    def _read(self, token):
        try:
            person_id, key = preference_token_read(token)
        except signing.BadSignature:
            raise Http404 from None
        # The person is found by the token, in whichever organisation they work.
        with scopes_disabled():
            person = get_user_model().objects.filter(pk=person_id, is_active=True).first()
        if person is None:
            raise Http404
        return person, notice_kind(key)

    def _page(self, request, person, kind, form, status=200) -> HttpResponse:
        context = {"person": person, "kind": kind, "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request, token):
        person, kind = self._read(token)
        initial = {kind.key: notice_preferences(person=person)[kind.key]}
        form = NoticePreferencesForm(initial=initial, kinds=[kind])
        return self._page(request, person, kind, form)

    def post(self, request, token):
        person, kind = self._read(token)
        data = {kind.key: request.POST.get(kind.key) or kind.quieter}
        form = NoticePreferencesForm(data, kinds=[kind])
        if not form.is_valid():
            return self._page(request, person, kind, form, status=400)
        notice_preferences_save(person=person, deliveries=form.cleaned_data)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Saved.", content_type="text/plain")
        messages.success(request, "Saved. You can change it again here at any time.")
        return redirect(request.path)
