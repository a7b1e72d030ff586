from auditlog.middleware import AuditlogMiddleware

from core.http import client_address


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, recording the address the sign-in lockout counts.

    auditlog itself takes the first X-Forwarded-For entry, which anyone can make up;
    ``client_address`` believes the header only behind the deployment's own proxy."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)
