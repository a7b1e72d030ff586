"""/healthz: what a load balancer needs, and nothing else."""

import json

import pytest
from django.db import OperationalError


def _health(client, **extra):
    response = client.get("/healthz", **extra)
    return response.status_code, json.loads(response.content), response


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_configured_broker_without_sign_in(client, settings):
    status, body, response = _health(client)
    assert status == 200
    expected = {"status": "ok", "database": "ok"}
    if settings.CELERY_BROKER_URL:
        expected["broker"] = "ok"
    assert body == expected
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    status, body, _ = _health(client)
    assert status == 503
    assert body == {"status": "unavailable", "database": "ok", "broker": "unavailable"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("core.health.connection.cursor", refuse)
    status, body, _ = _health(client)
    assert status == 503 and body == {"status": "unavailable", "database": "unavailable"}
    assert "refused" not in json.dumps(body)


@pytest.mark.django_db
def test_load_balancer_reaches_healthz_over_plain_http_by_address(client, settings):
    """With production's HTTPS redirect and host list, a probe to the process's own
    address over HTTP still gets its answer; every other path is still protected."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["peerworks.example"]
    settings.CELERY_BROKER_URL = ""
    status, body, _ = _health(client, HTTP_HOST="10.0.0.5:8000")
    assert status == 200 and body["database"] == "ok"
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    redirect = client.get("/accounts/login/", HTTP_HOST="peerworks.example")
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")


def test_healthz_takes_only_get_and_head(client):
    response = client.post("/healthz")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_healthz_shows_no_data_to_a_signed_in_person_either(client, supervisor):
    client.force_login(supervisor)
    status, body, _ = _health(client)
    assert set(body) <= {"status", "database", "broker"}
    assert supervisor.username not in json.dumps(body)
