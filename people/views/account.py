"""Views of one's own account: signing in (with two factors), staying signed in,
resetting a password, accepting an invitation; and releasing sign-in lockouts."""

from base64 import b32encode

import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from core.access import AccessRequiredMixin
from core.errors import ApplicationError
from core.http import next_url
from organisations.identity import identity_providers_offered
from organisations.scoping import scopes_disabled

from ..forms import (
    LockoutUnlockForm,
    TwoFactorCodeForm,
)
from ..lockout import (
    sign_in_locked,
    sign_in_lockout_response,
    sign_in_step_failed,
    sign_in_succeeded,
)
from ..selectors import (
    sign_in_address_lockouts,
    sign_in_lockouts,
    two_factor_device_for,
)
from ..services import (
    CODE_DID_NOT_MATCH,
    TwoFactorThrottled,
    sign_in_lockout_release,
    two_factor_setup_confirm,
    two_factor_setup_start,
    two_factor_turn_off,
    two_factor_verify,
)
from ..sessions import (
    TWO_FACTOR_PENDING,
    session_refresh,
    session_seconds_left,
    two_factor_required_of,
)
from ..tokens import invitation_tokens

# Lockouts per page.
PAGE_SIZE = 50


class SignInView(LoginView):
    """Django's sign-in page, with a button for each organisation's own identity provider."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(identity_providers=identity_providers_offered(), **kwargs)


class SessionKeepAliveView(View):
    """'Stay signed in' in the idle warning: pushes the session's expiry back."""

    http_method_names = ["post"]

    def post(self, request):
        session_refresh(request.session)
        return JsonResponse({"seconds_left": session_seconds_left(request.session)})


# The page shows the secret: no copy of it should stay in a browser's or proxy's cache.
@method_decorator(never_cache, name="dispatch")
class TwoFactorSetupView(AccessRequiredMixin, FormView):
    """Turn two-factor sign-in on: scan the QR code (or type the secret), then confirm a code."""

    template_name = "people/two_factor_setup.html"
    form_class = TwoFactorCodeForm

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = {
            "device": two_factor_device_for(user=user),
            "required": two_factor_required_of(user),
            "next": next_url(self.request, ""),
        }
        if context["device"] is None:
            pending = two_factor_setup_start(user=user)
            # segno's own markup; the only text in it is the title below.
            context["qr_svg"] = mark_safe(
                segno.make(pending.config_url, error="m").svg_inline(
                    scale=5, title="QR code for your authenticator app", light="#fff"
                )
            )
            secret = b32encode(pending.bin_key).decode()
            context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        else:
            context["turn_off_form"] = TwoFactorCodeForm(auto_id="off_%s")
        return super().get_context_data(**context, **kwargs)

    def form_valid(self, form):
        device = two_factor_setup_confirm(user=self.request.user, token=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", CODE_DID_NOT_MATCH)
            return self.form_invalid(form)
        otp_login(self.request, device)
        messages.success(
            self.request,
            "Two-factor sign-in is on: from now on PeerWorks asks for a code from your app "
            "after your password.",
        )
        return redirect(next_url(self.request, reverse("people:two-factor-setup")))


class TwoFactorTurnOffView(AccessRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        if two_factor_required_of(request.user):
            raise PermissionDenied("Your agency requires two-factor sign-in for program admins.")
        form = TwoFactorCodeForm(request.POST)
        try:
            if not form.is_valid():
                raise ApplicationError(CODE_DID_NOT_MATCH)
            two_factor_turn_off(user=request.user, token=form.cleaned_data["code"])
        except ApplicationError as exc:
            messages.error(request, f"Two-factor sign-in is still on. {exc}")
        else:
            messages.success(request, "Two-factor sign-in is off: your password alone signs in.")
        return redirect("people:two-factor-setup")


class TwoFactorVerifyView(AccessRequiredMixin, FormView):
    """The second sign-in step, after the password, for people with an authenticator app."""

    template_name = "people/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request, ""), **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.session.get(TWO_FACTOR_PENDING):
            return redirect(next_url(request, reverse("home")))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        if sign_in_locked(request, user):
            return sign_in_lockout_response(request, user)
        try:
            device = two_factor_verify(user=user, token=form.cleaned_data["code"])
        except TwoFactorThrottled as exc:
            form.add_error("code", str(exc))
            return self.form_invalid(form)
        if device is None:
            # Wrong codes count towards the lockout as wrong passwords do.
            if sign_in_step_failed(request, user):
                return sign_in_lockout_response(request, user)
            form.add_error("code", CODE_DID_NOT_MATCH)
            return self.form_invalid(form)
        otp_login(request, device)
        sign_in_succeeded(request, user)
        del request.session[TWO_FACTOR_PENDING]
        # A new session key for the fully signed-in session, as login() gave the first step.
        request.session.cycle_key()
        return redirect(next_url(request, reverse("home")))


class LockoutListView(AccessRequiredMixin, TemplateView):
    """Usernames locked out of signing in from an address, for a program admin to release."""

    permission_required = "axes.view_accessattempt"
    template_name = "people/lockout_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(sign_in_lockouts(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page=page,
            querystring="",
            failure_limit=settings.AXES_FAILURE_LIMIT,
            addresses=sign_in_address_lockouts(),
            address_failure_limit=settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
            cool_off=get_cool_off(),
            can_unlock=self.request.user.has_perm("axes.delete_accessattempt"),
            **kwargs,
        )


class LockoutUnlockView(AccessRequiredMixin, View):
    permission_required = "axes.delete_accessattempt"
    http_method_names = ["post"]

    def post(self, request):
        form = LockoutUnlockForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Choose a lockout from the list.")
        username = form.cleaned_data["username"] or None
        ip_address = form.cleaned_data["ip_address"] or None
        sign_in_lockout_release(username=username, ip_address=ip_address)
        if username:
            messages.success(
                request, f"{username} can sign in again from {ip_address or 'any address'}."
            )
        else:
            messages.success(request, f"Signing in from {ip_address} is open again.")
        return redirect("people:lockout-list")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        # Before signing in nobody's organisation is known: the email is looked up in
        # every organisation, and the link goes only to that address.
        with scopes_disabled():
            return list(super().get_users(email))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, finding the person in whichever organisation they are."""

    form_class = PasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset link, finding its person in whichever organisation they are."""

    def get_user(self, uidb64):
        with scopes_disabled():
            return super().get_user(uidb64)


class InvitationAcceptView(PasswordResetConfirmView):
    """The link in an invitation: the person chooses their password, once, before it expires."""

    token_generator = invitation_tokens
    template_name = "people/invitation_accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Your password is set. Sign in with your username, {form.user.username}.",
        )
        return response
