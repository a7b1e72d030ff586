"""The sign-in lockout: django-axes, plus a limit per address across usernames.

django-axes counts failures per username and address, so someone trying a few
passwords on each of many accounts (password spraying) never reaches the limit of
any one pair. This handler also pauses an address once the failures from it, over
every username, reach ``SIGN_IN_ADDRESS_FAILURE_LIMIT``. Both kinds of lockout end on
their own after ``AXES_COOLOFF_TIME`` (when set), or when a program admin releases them.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_response
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet, Sum
from django.utils import timezone


def recent_attempts() -> QuerySet[AccessAttempt]:
    """Failed attempts that still count: those inside the cool-off, or all without one."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def address_failures(ip_address: str | None) -> int:
    """Failures from this address over every username."""
    if not ip_address:
        return 0
    total = recent_attempts().filter(ip_address=ip_address).aggregate(n=Sum("failures_since_start"))
    return total["n"] or 0


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the per-address limit on top."""

    def address_locked(self, request) -> bool:
        address = getattr(request, "axes_ip_address", None)
        return address_failures(address) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request):
            request.axes_address_locked = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if settings.AXES_LOCK_OUT_AT_FAILURE and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_address_locked = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=(credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD),
                ip_address=request.axes_ip_address,
            )


def _credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def sign_in_locked(request, user) -> bool:
    """This account may not sign in from this request's address now."""
    return AxesProxyHandler.is_locked(request, _credentials(user))


def sign_in_step_failed(request, user) -> bool:
    """Count a failed sign-in step after the password (a wrong two-factor code) as django-axes
    counts a wrong password; True if that locks the account out from this address."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def sign_in_succeeded(request, user) -> None:
    """Forget this account's failures from this address once sign-in is complete: after the
    password alone, or after the two-factor code (django-axes' own reset on success would
    run after the password, and forget wrong codes typed before)."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_attempts(
        ip_address=request.axes_ip_address, username=user.get_username()
    )


def sign_in_lockout_response(request, user):
    """End the half-signed-in session and show the locked-out page."""
    credentials = _credentials(user)
    request.axes_locked_out = True
    request.axes_credentials = credentials
    logout(request)
    return get_lockout_response(request, None, credentials)
