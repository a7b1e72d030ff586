"""Facts about a request that more than one app relies on."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


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


def next_url(request, default: str) -> str:
    """Where to go back to after a form (``next`` in the post or the query), if it is a
    path on this site; otherwise ``default``. A bare word or a NUL is not a page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
