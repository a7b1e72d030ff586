import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("competencies:framework-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_and_out(client, peer):
    response = client.post(reverse("login"), {"username": peer.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_keeps_the_username_and_says_so(client, peer):
    response = client.post(reverse("login"), {"username": peer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_reset_by_email(client, peer):
    client.post(reverse("password_reset"), {"email": peer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.check_password("a-brand-new-passphrase")


def test_password_change_applies_the_validators(client, peer):
    client.force_login(peer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "This password is too common" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "recovery-is-possible-7",
            "new_password2": "recovery-is-possible-7",
        },
    )
    assert response.status_code == 302


@override_settings(SITE_URL="https://peerworks.example.org")
def test_password_reset_link_is_built_from_site_url_not_the_requests_host(client, peer):
    client.post(reverse("password_reset"), {"email": peer.email}, HTTP_HOST="attacker.example")
    body = mail.outbox[0].body
    assert "https://peerworks.example.org/accounts/reset/" in body
    assert "attacker.example" not in body
    assert "attacker.example" not in mail.outbox[0].subject
