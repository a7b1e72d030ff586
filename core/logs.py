"""Logs a collector can read: one JSON object a line, each with the request id, no personal data.

The request id comes from django-guid: a proxy's ``X-Request-ID`` is kept when it is a
UUID (nginx's ``$request_id`` is one), otherwise one is made; it is sent back in the
response's ``X-Request-ID`` and carried into the Celery tasks the request queues.

Personal data stays out: each request is one line naming its method, path (never the
query string, which can hold a search for someone's name), status, duration and the
signed-in person's id; the sign-in lockout logs the path only (``axes_client_str``).
"""

import logging
import time

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_logger = logging.getLogger("peerworks.request")


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter, leaving out the request Django attaches to some
    records: its text includes the query string."""

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        log_data.pop("request", None)


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx is the client's mistake, not ours: one line, without the traceback Django
    attaches to a refused host or a suspicious request."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = record.exc_text = None
        return True


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: by path, never by username or
    address (the lockout list and the audit trail keep those, behind sign-in)."""
    return f"{{path_info: {path_info!r}}}"


class RequestLogMiddleware:
    """One line per request. Outermost (after django-guid), so it also sees the answers
    other middleware give: redirects to HTTPS, CSRF refusals, lockouts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        status = response.status_code
        request_logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
