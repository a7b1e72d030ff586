"""Two-factor sign-in with an authenticator app (TOTP, django-otp)."""

from base64 import b32encode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.roles import Role
from tests.clock import frozen
from tests.factories import PASSWORD

pytestmark = [frozen, pytest.mark.django_db]

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SETUP = reverse("people:two-factor-setup")
VERIFY = reverse("people:two-factor-verify")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


# Setting it up


def test_set_up_shows_a_qr_code_and_the_secret(client, peer):
    client.force_login(peer)
    response = client.get(SETUP)
    body = response.content.decode()
    device = TOTPDevice.objects.get(user=peer)
    assert not device.confirmed
    assert '<svg width="' in body and "<title>QR code for your authenticator app</title>" in body
    secret = b32encode(device.bin_key).decode()
    assert response.context["secret"].replace(" ", "") == secret
    # Reloading the page keeps the secret, so a code already scanned still works.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=peer).key == device.key


def test_it_is_on_only_once_a_code_is_confirmed(client, peer, clock):
    client.force_login(peer)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=peer)
    response = client.post(SETUP, {"code": wrong_code(device)})
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.get(user=peer).confirmed

    clock.shift(timedelta(seconds=30))  # the wrong code made the next try wait a second
    response = client.post(SETUP, {"code": code_for(device)}, follow=True)
    assert "Two-factor sign-in is on" in response.content.decode()
    assert TOTPDevice.objects.get(user=peer).confirmed
    # This session counts as verified: no second prompt until the next sign-in.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("home")).status_code == 200


# Signing in


def test_sign_in_asks_for_the_code_after_the_password(client, peer, clock):
    with_app(peer)
    sign_in(client, peer)
    for url in (reverse("home"), reverse("people:person-detail", args=[peer.pk]), SETUP):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY)
    assert client.get(reverse("home")).url == f"{VERIFY}?next=%2F"
    assert "One more step" in client.get(VERIFY).content.decode()


def test_the_right_code_signs_in_and_rotates_the_session(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    before = client.session.session_key
    target = reverse("people:person-detail", args=[peer.pk])
    response = client.post(VERIFY, {"code": code_for(device), "next": target})
    assert response.status_code == 302 and response.url == target
    assert client.session.session_key != before
    assert client.get(target).status_code == 200


def test_a_wrong_code_is_refused(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_guessing_is_slowed_down(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device)})
    # Three wrong codes: the next try waits 4 seconds, even with the right code.
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 200
    clock.shift(timedelta(seconds=30))
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_a_code_works_once(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    code = code_for(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, peer)
    assert client.post(VERIFY, {"code": code}).status_code == 200


def test_htmx_requests_are_sent_to_the_step_without_a_next(client, peer):
    with_app(peer)
    sign_in(client, peer)
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 302 and response.url == VERIFY


def test_people_without_an_app_sign_in_with_the_password(client, peer):
    sign_in(client, peer)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to verify: on to the home page


# Turning it off


def test_turning_it_off_needs_a_current_code(client, peer, clock):
    device = with_app(peer)
    client.force_login(peer)
    clock.shift(timedelta(seconds=30))
    client.post(VERIFY, {"code": code_for(device)})
    clock.shift(timedelta(seconds=30))
    response = client.post(reverse("people:two-factor-off"), {"code": "123"}, follow=True)
    assert "still on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=peer).exists()
    clock.shift(timedelta(seconds=30))
    response = client.post(
        reverse("people:two-factor-off"), {"code": code_for(device)}, follow=True
    )
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=peer, confirmed=True).exists()


# Required for program admins


@override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True)
def test_required_program_admins_set_it_up_before_anything_else(client, admin_user, clock):
    sign_in(client, admin_user)
    for url in (reverse("home"), reverse("people:person-list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    page = client.get(SETUP)
    assert "Your agency asks program admins to use two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin_user)
    response = client.post(SETUP, {"code": code_for(device), "next": "/people/"})
    assert response.status_code == 302 and response.url == "/people/"
    assert client.get(reverse("people:person-list")).status_code == 200


@override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True)
def test_required_program_admins_with_an_app_type_its_code(client, admin_user, clock):
    device = with_app(admin_user)
    sign_in(client, admin_user)
    assert client.get(reverse("home")).url.startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200


@override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True)
def test_required_program_admins_cannot_turn_it_off(client, admin_user, clock):
    device = with_app(admin_user)
    sign_in(client, admin_user)
    client.post(VERIFY, {"code": code_for(device)})
    clock.shift(timedelta(seconds=30))
    response = client.post(reverse("people:two-factor-off"), {"code": code_for(device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=admin_user).exists()


@override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True)
@pytest.mark.parametrize("role", [Role.PEER, Role.SUPERVISOR, Role.HR])
def test_the_requirement_leaves_other_roles_alone(client, make_person, role):
    sign_in(client, make_person(role))
    assert client.get(reverse("home")).status_code == 200


def test_by_default_program_admins_choose(client, admin_user):
    sign_in(client, admin_user)
    assert client.get(reverse("home")).status_code == 200


def test_program_admins_remove_a_lost_app_without_seeing_its_secret(client, admin_user, peer):
    device = with_app(peer)
    client.force_login(admin_user)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.content.decode()
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        assert client.get(reverse(name, kwargs={"pk": device.pk})).status_code == 403
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=peer).exists()


def test_turning_off_is_refused_by_the_service_itself(admin_user, peer, clock):
    from core.errors import ApplicationError
    from people.services import two_factor_turn_off

    device = with_app(peer)
    with pytest.raises(ApplicationError, match="did not match"):
        two_factor_turn_off(user=peer, token=wrong_code(device))
    admin_device = with_app(admin_user)
    admin_user.is_staff = True
    with override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True):
        with pytest.raises(ApplicationError, match="requires two-factor"):
            two_factor_turn_off(user=admin_user, token=code_for(admin_device))
    assert TOTPDevice.objects.count() == 2
    clock.shift(timedelta(seconds=2))  # the wrong code above is throttled, as at sign-in
    two_factor_turn_off(user=peer, token=code_for(device))
    assert not TOTPDevice.objects.filter(user=peer).exists()


# Wrong codes leave a trace


def test_a_wrong_code_is_in_the_audit_trail_for_program_admins(client, peer, admin_user, clock):
    device = with_app(peer)
    sign_in(client, peer)
    client.post(VERIFY, {"code": wrong_code(device)}, REMOTE_ADDR="203.0.113.9")
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(peer.pk))
    assert entry.actor == peer and entry.remote_addr == "203.0.113.9"
    assert entry.additional_data == {
        "access": "sign-in refused",
        "detail": "Wrong two-factor code (1 in a row)",
        "organisation": peer.organisation_id,  # in their organisation's trail
    }
    client.force_login(admin_user)
    page = client.get(reverse("audit:logentry-list")).content.decode()
    assert "Sign-in refused" in page and "Wrong two-factor code (1 in a row)" in page


def test_wrong_codes_count_towards_the_lockout(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    for _ in range(4):
        clock.shift(timedelta(seconds=10))  # past each throttle wait
        assert client.post(VERIFY, {"code": wrong_code(device)}).status_code == 200
    # Signing in with the password again does not forget the wrong codes.
    client.post(reverse("logout"))
    sign_in(client, peer)
    clock.shift(timedelta(seconds=10))
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 429 and "Signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=peer.username).failures_since_start == 5
    # The password no longer opens the first step from this address.
    response = client.post(reverse("login"), {"username": peer.username, "password": PASSWORD})
    assert response.status_code == 429


def test_the_right_code_forgets_earlier_failures(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    for _ in range(3):
        clock.shift(timedelta(seconds=10))
        client.post(VERIFY, {"code": wrong_code(device)})
    clock.shift(timedelta(seconds=10))
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username=peer.username).exists()


def test_a_throttled_code_says_how_long_to_wait_not_to_check_the_clock(client, peer, clock):
    device = with_app(peer)
    sign_in(client, peer)
    for wait in (1, 2, 0):
        client.post(VERIFY, {"code": wrong_code(device)})
        clock.shift(timedelta(seconds=wait))
    # Three wrong codes in a row: the next is not checked for 4 seconds, even the right one.
    body = client.post(VERIFY, {"code": code_for(device)}).content.decode()
    assert "Too many wrong codes: no code is checked for 4 seconds." in body
    assert "check that your phone" not in body
