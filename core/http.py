"""Facts about a request that more than one app relies on."""

from django.conf import settings


def client_address(request) -> str | None:
    """The address a request came from: for the sign-in lockout and the audit trail.

    Anyone can send X-Forwarded-For, so it is believed only when the deployment says a
    proxy of its own adds it (TRUST_X_FORWARDED_FOR), and then only its last entry, the
    one that proxy wrote. Otherwise varying the header would dodge the lockout and write
    any address into the audit trail; and behind a proxy every request would share one.
    """
    forwarded = request.headers.get("X-Forwarded-For", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
