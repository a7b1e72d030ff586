"""Sign-in lockout (django-axes): 5 failures per username and address, 20 per address over
every username, ended by the cool-off or released by an admin."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from people.roles import Role
from tests.clock import frozen
from tests.factories import PASSWORD

pytestmark = [frozen, pytest.mark.django_db]

ELSEWHERE = "10.9.8.7"


def _sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail_five_times(client, username):
    responses = [_sign_in(client, username, "not-the-password") for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    return responses[-1]


def test_the_fifth_failure_locks_and_says_so_plainly(client, peer):
    response = _fail_five_times(client, peer.username)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Signing in is paused" in body
    assert "ask a program admin" in body
    assert peer.username in body


def test_the_right_password_is_refused_while_locked(client, peer):
    _fail_five_times(client, peer.username)
    response = _sign_in(client, peer.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_another_address_is_not_locked(client, peer):
    _fail_five_times(client, peer.username)
    response = _sign_in(client, peer.username, PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302 and response.url == reverse("home")


def test_another_username_from_the_same_address_is_not_locked(client, peer, supervisor):
    _fail_five_times(client, peer.username)
    assert _sign_in(client, supervisor.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, peer):
    for _ in range(4):
        _sign_in(client, peer.username, "not-the-password")
    assert _sign_in(client, peer.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert _sign_in(client, peer.username, "not-the-password").status_code == 200


def test_program_admin_sees_and_releases_a_lockout(client, peer, admin_user):
    _fail_five_times(client, peer.username)
    _fail_five_times(client, "nobody-by-that-name")
    client.force_login(admin_user)
    page = client.get(reverse("people:lockout-list"))
    assert page.status_code == 200
    listed = {(row["username"], row["ip_address"]) for row in page.context["page"]}
    assert listed == {(peer.username, "127.0.0.1"), ("nobody-by-that-name", "127.0.0.1")}
    assert "Unlock" in page.content.decode()

    response = client.post(
        reverse("people:lockout-unlock"),
        {"username": peer.username, "ip_address": "127.0.0.1"},
        follow=True,
    )
    assert f"{peer.username} can sign in again from 127.0.0.1" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=peer.username).exists()
    assert AccessAttempt.objects.filter(username="nobody-by-that-name").exists()
    client.post(reverse("logout"))
    assert _sign_in(client, peer.username, PASSWORD).status_code == 302


def test_lockout_list_is_empty_when_no_one_is_locked_out(client, peer, admin_user):
    for _ in range(4):
        _sign_in(client, peer.username, "not-the-password")
    client.force_login(admin_user)
    response = client.get(reverse("people:lockout-list"))
    assert list(response.context["page"]) == []
    assert "No one is locked out." in response.content.decode()


@pytest.mark.parametrize("role", [Role.PEER, Role.SUPERVISOR, Role.HR])
def test_only_program_admins_may_unlock(client, make_person, peer, role):
    _fail_five_times(client, peer.username)
    client.force_login(make_person(role))
    assert client.get(reverse("people:lockout-list")).status_code == 403
    response = client.post(
        reverse("people:lockout-unlock"), {"username": peer.username, "ip_address": "127.0.0.1"}
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username=peer.username).exists()


def test_lockouts_are_also_in_the_admin_site(client, peer, admin_user):
    _fail_five_times(client, peer.username)
    client.force_login(admin_user)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert peer.username in response.content.decode()


def test_a_made_up_forwarded_address_does_not_dodge_the_lockout(client, peer):
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": peer.username, "password": "not-the-password"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
    response = client.post(
        reverse("login"),
        {"username": peer.username, "password": PASSWORD},
        headers={"X-Forwarded-For": "10.0.0.99"},
    )
    assert response.status_code == 429


@override_settings(TRUST_X_FORWARDED_FOR=True)
def test_behind_the_agencys_proxy_the_forwarded_address_counts(client, peer):
    # The proxy appends the address it saw; anything before it came from the browser.
    def sign_in(password, address):
        return client.post(
            reverse("login"),
            {"username": peer.username, "password": password},
            headers={"X-Forwarded-For": f"6.6.6.6, {address}"},
        )

    for _ in range(5):
        sign_in("not-the-password", "203.0.113.5")
    assert sign_in(PASSWORD, "203.0.113.5").status_code == 429
    assert sign_in(PASSWORD, "198.51.100.7").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_password_spraying_from_one_address_is_paused(client, make_person, peer):
    # 28 attempts over 7 accounts, 4 each: no username and address pair reaches 5.
    accounts = [make_person(Role.PEER) for _ in range(7)]
    responses = [
        _sign_in(client, person.username, "not-the-password")
        for person in accounts
        for _ in range(4)
    ]
    statuses = [r.status_code for r in responses]
    assert statuses[:19] == [200] * 19
    assert set(statuses[19:]) == {429}
    assert "over several usernames" in responses[19].content.decode()
    # The right password of an account no one tried is refused from there too ...
    assert _sign_in(client, peer.username, PASSWORD).status_code == 429
    # ... while the same person signs in from elsewhere.
    assert _sign_in(client, peer.username, PASSWORD, address=ELSEWHERE).status_code == 302


@override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=3)
def test_the_address_limit_is_a_setting_and_an_admin_releases_the_address(
    client, peer, supervisor, admin_user
):
    for name in ("someone", "someone-else", "a-third"):
        _sign_in(client, name, "not-the-password")
    assert _sign_in(client, supervisor.username, PASSWORD).status_code == 429
    client.force_login(admin_user)
    page = client.get(reverse("people:lockout-list"))
    assert [row["ip_address"] for row in page.context["addresses"]] == ["127.0.0.1"]
    response = client.post(
        reverse("people:lockout-unlock"), {"ip_address": "127.0.0.1"}, follow=True
    )
    assert "Signing in from 127.0.0.1 is open again." in response.content.decode()
    client.post(reverse("logout"))
    assert _sign_in(client, supervisor.username, PASSWORD).status_code == 302


def test_a_lockout_ends_on_its_own_after_the_cool_off(client, peer):
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        response = _fail_five_times(client, peer.username)
        assert "try again in 30 minutes" in response.content.decode()
        clock.shift(timedelta(minutes=29))
        assert _sign_in(client, peer.username, PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=1, seconds=1))
        assert _sign_in(client, peer.username, PASSWORD).status_code == 302


@override_settings(AXES_COOLOFF_TIME=None)
def test_without_a_cool_off_only_an_admin_ends_a_lockout(client, peer):
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        _fail_five_times(client, peer.username)
        clock.shift(timedelta(days=30))
        assert _sign_in(client, peer.username, PASSWORD).status_code == 429
