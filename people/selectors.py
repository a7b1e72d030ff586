"""Reads for people, teams and sign-in."""

from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django_otp.plugins.otp_totp.models import TOTPDevice

from .lockout import recent_attempts
from .models import StaffProfile, User


def profiles_for_listing() -> QuerySet[StaffProfile]:
    return StaffProfile.objects.select_related(
        "user", "program", "supervisor", "population"
    ).prefetch_related("user__groups")


def team_for(*, supervisor: User) -> QuerySet[StaffProfile]:
    """The active people who report to this supervisor."""
    return profiles_for_listing().filter(supervisor=supervisor, is_active=True)


def people_visible_to(*, user: User) -> QuerySet[StaffProfile]:
    """Everyone for HR and admins; a supervisor's reports and themselves; otherwise oneself."""
    if user.has_perm("people.view_staffprofile"):
        return profiles_for_listing()
    if user.has_perm("people.view_team"):
        return profiles_for_listing().filter(Q(supervisor=user) | Q(user=user))
    return profiles_for_listing().filter(user=user)


def two_factor_device_for(*, user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have turned two-factor sign-in on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def sign_in_lockouts() -> QuerySet:
    """Username and address pairs locked out now (django-axes counts per pair), latest first."""
    return (
        recent_attempts()
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def sign_in_address_lockouts() -> QuerySet:
    """Addresses paused for failures over every username (people.lockout), latest first."""
    return (
        recent_attempts()
        .exclude(ip_address=None)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
