"""``/healthz`` for load balancers: is this process able to serve?

Answered before any other middleware, so a load balancer can ask a web process directly,
over plain HTTP on the internal network, by its address: no redirect to HTTPS, no host
check against ALLOWED_HOSTS, no session, no sign-in. It tells only whether the database
and the broker (when one is configured) answer: no data, no error text, no addresses.
"""

import json
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

PATH = "/healthz"
# A load balancer gives up after a few seconds: answer before it does.
BROKER_TIMEOUT_SECONDS = 2


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", type(error).__name__)
        return "unavailable"
    return "ok"


def _broker() -> str:
    from peerworks.celery import app

    try:
        with app.connection_for_write(
            settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except (BrokerError, OSError) as error:
        logger.warning("Health check: broker unreachable: %s", type(error).__name__)
        return "unavailable"
    return "ok"


def health_report() -> tuple[bool, dict]:
    """Whether every service this process needs answers, and each one's state."""
    checks = {"database": _database()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker()
    healthy = all(state == "ok" for state in checks.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **checks}


class HealthCheckMiddleware:
    """Answers ``GET /healthz`` (200 or 503, a small JSON body); passes everything else on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        healthy, report = health_report()
        return HttpResponse(
            json.dumps(report),
            status=200 if healthy else 503,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )
