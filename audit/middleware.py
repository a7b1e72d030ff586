from auditlog.middleware import AuditlogMiddleware
from django.conf import settings


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, except that X-Forwarded-For is believed only behind our own proxy.

    Anyone can send that header; taking its first entry (as auditlog does) would let a
    person write any address into the trail. Behind a proxy the deployment declares,
    the last entry is the one the proxy itself added."""

    @staticmethod
    def _get_remote_addr(request):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if settings.TRUST_X_FORWARDED_FOR and forwarded:
            return forwarded.split(",")[-1].strip()
        return request.META.get("REMOTE_ADDR")
