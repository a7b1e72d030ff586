"""Logs as production writes them: one JSON line per event, a request id, no personal data."""

import io
import json
import logging
import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string


def _from_config(section, name):
    options = dict(settings.LOGGING[section][name])
    return import_string(options.pop("()"))(**options)


@pytest.fixture
def json_log():
    """The production handler (JSON formatter and filters from settings.LOGGING) on the
    root logger, writing to a buffer; returns a function giving the parsed lines."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(_from_config("formatters", "json"))
    for name in settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(_from_config("filters", name))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines():
        text = buffer.getvalue()
        return text, [json.loads(line) for line in text.splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def _requests(lines):
    return [line for line in lines if line["logger"] == "peerworks.request"]


def _personal(user):
    return [user.username, user.email, user.first_name, user.last_name]


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_its_id_and_the_person_by_id_only(
    client, supervisor, json_log
):
    client.force_login(supervisor)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text, lines = json_log()
    [line] = _requests(lines)
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["user_id"] == supervisor.pk and line["level"] == "INFO" and "time" in line
    assert [value for value in _personal(supervisor) if value and value in text] == []


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_when_it_is_a_uuid_and_replaced_otherwise(client):
    given = uuid.uuid4().hex
    assert client.get("/accounts/login/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    made = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\r\nInjected: 1")["X-Request-ID"]
    assert made != "x\r\nInjected: 1" and uuid.UUID(made)


@pytest.mark.django_db
def test_a_refusal_is_one_line_without_a_traceback(client, peer, json_log):
    client.force_login(peer)
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 403
    text, lines = json_log()
    of_request = [line for line in lines if line["request_id"] == response["X-Request-ID"]]
    assert [(line["logger"], line["status"]) for line in of_request] == [("peerworks.request", 403)]
    assert "Traceback" not in text and "exc_info" not in text


@pytest.mark.django_db
def test_a_refused_host_is_logged_without_a_traceback(client, settings, json_log):
    settings.ALLOWED_HOSTS = ["peerworks.example"]
    assert client.get("/accounts/login/", HTTP_HOST="evil.example").status_code == 400
    text, lines = json_log()
    assert "Traceback" not in text and all("exc_info" not in line for line in lines)
    assert _requests(lines)[0]["status"] == 400


@pytest.mark.django_db
def test_the_query_string_is_not_logged(client, supervisor, json_log):
    client.force_login(supervisor)
    client.get(reverse("people:person-list"), {"q": "Marguerite Okonkwo"})
    text, lines = json_log()
    assert _requests(lines)[0]["path"] == reverse("people:person-list")
    assert "Marguerite" not in text and "Okonkwo" not in text


@pytest.mark.django_db
def test_a_failed_sign_in_logs_neither_the_username_nor_the_address(client, peer, json_log):
    client.post(
        reverse("login"),
        {"username": peer.username, "password": "not-the-password"},
        REMOTE_ADDR="203.0.113.77",
    )
    text, lines = json_log()
    assert any(line["logger"].startswith("axes") for line in lines)  # the lockout counted it
    assert peer.username not in text and "203.0.113.77" not in text


def test_the_development_server_does_not_repeat_each_request_line():
    # runserver logs each request to django.server (its own handler, by Django's default
    # logging); core.logs has already logged it once.
    server = logging.getLogger("django.server")
    # Disabled up to ERROR (runserver's highest): no handler, pytest's own included, sees it.
    assert not server.isEnabledFor(logging.ERROR)
