"""Sign-in middleware: idle sessions end, and the two-factor step comes first."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .sessions import (
    TWO_FACTOR_PENDING,
    session_refresh_if_due,
    signed_in_through_identity_provider,
    two_factor_required_of,
)


class IdleSessionMiddleware:
    """Keeps a session alive while its person works; one left alone ends.

    The session's expiry (``SESSION_COOKIE_AGE``) is pushed back by saving it.
    Saving on every request would cost a database write per page, so it is
    refreshed at most once a minute: an idle session ends 29 to 30 minutes after
    the last request. htmx requests to a view marked ``polled_by_htmx`` do not count.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A page polling in the background (a PDF being prepared) is not someone
        # working: those requests leave the idle clock alone.
        view = getattr(view_func, "view_class", view_func)
        if not (getattr(view, "polled_by_htmx", False) and "HX-Request" in request.headers):
            session_refresh_if_due(request.session)
        return None


class TwoFactorMiddleware:
    """Sends a signed-in person to the two-factor step before any other page.

    Someone with an authenticator app types its code after the password. When the
    agency requires two-factor sign-in of program admins, a program admin (anyone
    who may use the admin site) without one sets it up first. Someone signed in through
    their organisation's identity provider has passed its own two-factor rules instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = self._step_for(request)
        if step is None or request.path in self._open_paths(step):
            return self.get_response(request)
        url = reverse(step)
        # HtmxMiddleware runs later, so the header is read directly.
        if request.method == "GET" and "HX-Request" not in request.headers:
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)

    @staticmethod
    def _step_for(request):
        if signed_in_through_identity_provider(request.session):
            return None
        if request.session.get(TWO_FACTOR_PENDING):
            return "people:two-factor-verify"
        user = request.user
        if user.is_authenticated and two_factor_required_of(user) and not user.is_verified():
            return "people:two-factor-setup"
        return None

    @staticmethod
    def _open_paths(step):
        # Only the step itself: someone between password and code must not reach
        # the set-up page, where a new app would replace the one they have.
        return {reverse(name) for name in (step, "people:session-keep-alive", "login", "logout")}
