"""What a sign-in session remembers: when it was last refreshed, and the pending second step."""

import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

# Seconds since the epoch when the session's expiry was last pushed back.
REFRESHED_AT = "peerworks_refreshed_at"
# Set at sign-in for a person with an authenticator app until they type its code.
TWO_FACTOR_PENDING = "peerworks_two_factor_pending"
REFRESH_EVERY = 60
IDENTITY_PROVIDER_BACKEND = "people.oidc.OrganisationOIDCBackend"


def two_factor_required_of(user) -> bool:
    """The agency requires two-factor sign-in of program admins (anyone who may use the
    admin site: person_set_roles lets program admins in)."""
    return settings.REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS and user.is_staff


def signed_in_through_identity_provider(session) -> bool:
    """The session was opened by an organisation's own identity provider (people.oidc).

    Two-factor sign-in is then the provider's to require: PeerWorks asks for no code after
    it, and does not make program admins set up an app (README "Deploy")."""
    return session.get(BACKEND_SESSION_KEY) == IDENTITY_PROVIDER_BACKEND


def session_seconds_left(session) -> int:
    """How long the session lasts without another request, as far as the server knows."""
    refreshed_at = session.get(REFRESHED_AT)
    if refreshed_at is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, refreshed_at + settings.SESSION_COOKIE_AGE - int(time.time()))


def session_refresh(session) -> None:
    """Push the session's expiry back: changing it makes SessionMiddleware save it."""
    session[REFRESHED_AT] = int(time.time())


def session_refresh_if_due(session) -> None:
    refreshed_at = session.get(REFRESHED_AT)
    if refreshed_at is not None and time.time() - refreshed_at >= REFRESH_EVERY:
        session_refresh(session)


def on_sign_in(sender, request, user, **kwargs):
    """Receiver for ``user_logged_in``: start the idle clock and ask for the second step."""
    from .lockout import sign_in_succeeded

    session_refresh(request.session)
    if signed_in_through_identity_provider(request.session):
        return
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[TWO_FACTOR_PENDING] = True
    else:
        sign_in_succeeded(request, user)
