"""Signing in through an organisation's own identity provider (people/oidc.py), against a
real OpenID Connect provider on loopback (tests/oidc: the npm package oidc-provider)."""

import socket
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib import auth
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.models import IdentityProvider, Organisation
from people.models import IdentityLink, User
from people.oidc import NOT_INVITED, NOT_STARTED_HERE, UNREACHABLE, OrganisationOIDCBackend
from people.roles import Role
from people.services import person_leave
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory
from tests.oidc.server import identity_provider, sign_in_at_provider

pytestmark = pytest.mark.django_db

PEERWORKS = "http://testserver"
CLIENT_ID = "peerworks-riverside"
SECRET = "riverside-client-secret-for-tests-only"
HOME = reverse("home")
LOGIN = reverse("login")
VERIFY = reverse("people:two-factor-verify")
SETUP = reverse("people:two-factor-setup")

# Accounts at Riverside's provider: the subject, then the claims it gives.
ACCOUNTS = {
    "ana": {"email": "ana@riverside.example", "email_verified": True},
    "ana-unverified": {"email": "ana@riverside.example", "email_verified": False},
    "ana-second-account": {"email": "ana@riverside.example", "email_verified": True},
    "stranger": {"email": "stranger@riverside.example", "email_verified": True},
    "bo": {"email": "bo@hillside.example", "email_verified": True},
    # As Microsoft Entra ID: an email, and no word on whether it is verified.
    "cy": {"email": "cy@riverside.example"},
}


@pytest.fixture(scope="module")
def issuer():
    client = {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "redirect_uris": [PEERWORKS + reverse("oidc-callback")],
    }
    with identity_provider(clients=[client], accounts=ACCOUNTS) as url:
        yield url


@pytest.fixture
def riverside(issuer, settings):
    organisation = Organisation.objects.create(name="Riverside Peer Center", slug="riverside")
    settings.OIDC_CLIENT_SECRETS = {"OIDC_CLIENT_SECRET_RIVERSIDE": SECRET}
    IdentityProvider.objects.create(organisation=organisation, issuer=issuer, client_id=CLIENT_ID)
    return organisation


@pytest.fixture
def hillside(db):
    return Organisation.objects.create(name="Hillside Recovery", slug="hillside")


def person(organisation, email, roles=()):
    user = UserFactory(email=email, organisation=organisation, roles=list(roles))
    StaffProfileFactory(user=user)
    return user


@pytest.fixture
def ana(riverside):
    return person(riverside, "ana@riverside.example")


def to_provider(client, slug="riverside"):
    """Press "Sign in with <organisation>": the URL of the provider's authorization endpoint."""
    response = client.get(reverse("oidc-sign-in", args=[slug]))
    assert response.status_code == 302
    return response.url


def back_from_provider(client, account, slug="riverside"):
    """Sign in at the provider as ``account``: the URL it sends the browser back to."""
    return sign_in_at_provider(to_provider(client, slug), account=account, back_to=PEERWORKS)


def sign_in_through_provider(client, account):
    return client.get(back_from_provider(client, account).removeprefix(PEERWORKS), follow=True)


def signed_in_as(client):
    return auth.get_user(client)


def test_the_sign_in_page_offers_each_organisations_provider(client, riverside, hillside):
    body = client.get(LOGIN).content.decode()
    assert "Sign in with Riverside Peer Center" in body
    assert reverse("oidc-sign-in", args=["riverside"]) in body
    assert "Sign in with Hillside Recovery" not in body
    assert client.get(reverse("oidc-sign-in", args=["hillside"])).status_code == 404


def test_the_request_carries_state_nonce_and_pkce(client, riverside, issuer):
    url = urlsplit(to_provider(client))
    params = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}".startswith(issuer)
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == PEERWORKS + "/sign-in/oidc/callback/"
    assert params["code_challenge_method"] == "S256"
    started = client.session["oidc_states"][params["state"]]
    assert started["nonce"] == params["nonce"] and started["organisation"] == "riverside"


def test_an_invited_person_signs_in_and_lands_on_home(client, ana):
    response = sign_in_through_provider(client, "ana")
    assert response.redirect_chain[-1] == (HOME, 302)
    assert response.status_code == 200
    assert signed_in_as(client) == ana
    link = IdentityLink.objects.get(user=ana)
    assert link.subject == "ana" and link.provider.organisation.slug == "riverside"
    # The provider's own two-factor rules stand: PeerWorks asks no code after it.
    assert client.get(HOME).status_code == 200


def test_where_they_were_going_is_kept(client, ana):
    target = reverse("people:person-detail", args=[ana.pk])
    response = client.get(reverse("oidc-sign-in", args=["riverside"]) + "?next=" + target)
    back = sign_in_at_provider(response.url, account="ana", back_to=PEERWORKS)
    assert client.get(back.removeprefix(PEERWORKS)).url == target


def test_someone_not_invited_is_refused_with_a_clear_message(client, ana):
    people_before = User.objects.count()
    response = sign_in_through_provider(client, "stranger")
    assert response.redirect_chain[-1] == (LOGIN, 302)
    assert NOT_INVITED.format(organisation="Riverside Peer Center") in response.content.decode(
        "utf-8"
    ).replace("&#x27;", "'")
    assert not signed_in_as(client).is_authenticated
    assert User.objects.count() == people_before  # nobody joins by signing in
    # Not a wrong password: nothing counts towards a lockout of this address.
    assert not AccessAttempt.objects.exists()


def test_the_same_email_in_another_organisation_is_not_matched(client, riverside, hillside):
    person(hillside, "stranger@riverside.example")
    sign_in_through_provider(client, "stranger")
    assert not signed_in_as(client).is_authenticated
    assert not IdentityLink.objects.exists()


def test_a_person_of_another_organisation_cannot_sign_in_through_this_one(client, hillside, ana):
    bo = person(hillside, "bo@hillside.example")
    sign_in_through_provider(client, "bo")
    assert signed_in_as(client) != bo and not signed_in_as(client).is_authenticated


def test_an_email_the_provider_has_not_verified_is_not_matched(client, ana):
    sign_in_through_provider(client, "ana-unverified")
    assert not signed_in_as(client).is_authenticated


def test_an_email_without_a_verified_claim_counts_only_if_the_organisation_says_so(
    client, riverside
):
    cy = person(riverside, "cy@riverside.example")
    person(riverside, "ana@riverside.example")
    sign_in_through_provider(client, "cy")
    assert not signed_in_as(client).is_authenticated

    IdentityProvider.objects.filter(organisation=riverside).update(emails_verified=True)
    sign_in_through_provider(client, "ana-unverified")  # the provider says it is not
    assert not signed_in_as(client).is_authenticated
    sign_in_through_provider(client, "cy")
    assert signed_in_as(client) == cy


def test_once_linked_the_subject_signs_in_whatever_the_email(client, ana):
    sign_in_through_provider(client, "ana")
    client.logout()
    ana.email = "ana.new@riverside.example"
    ana.save()
    sign_in_through_provider(client, "ana")
    assert signed_in_as(client) == ana
    client.logout()
    # Another account at the provider with her email cannot take her place.
    ana.email = "ana@riverside.example"
    ana.save()
    sign_in_through_provider(client, "ana-second-account")
    assert not signed_in_as(client).is_authenticated
    assert list(IdentityLink.objects.values_list("subject", flat=True)) == ["ana"]


def test_a_leaver_is_refused_and_their_session_ends(client, ana):
    sign_in_through_provider(client, "ana")
    assert client.get(HOME).status_code == 200
    person_leave(person=ana, end_date=timezone.localdate(), by=None)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    sign_in_through_provider(client, "ana")
    assert not signed_in_as(client).is_authenticated


def test_switching_the_provider_off_ends_its_sessions(client, ana, riverside):
    sign_in_through_provider(client, "ana")
    IdentityProvider.objects.filter(organisation=riverside).update(enabled=False)
    assert client.get(HOME).status_code == 302
    assert client.get(reverse("oidc-sign-in", args=["riverside"])).status_code == 404


def test_a_tampered_state_is_refused(client, ana):
    back = urlsplit(back_from_provider(client, "ana"))
    params = {name: values[0] for name, values in parse_qs(back.query).items()}
    tampered = {
        **params,
        "state": params["state"][:-1] + ("x" if params["state"][-1] != "x" else "y"),
    }
    response = client.get(f"{back.path}?{urlencode(tampered)}", follow=True)
    assert response.redirect_chain[-1] == (LOGIN, 302)
    assert NOT_STARTED_HERE in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_sign_in_cancelled_at_the_provider_says_so(client, ana):
    url = urlsplit(to_provider(client))
    state = parse_qs(url.query)["state"][0]
    callback = reverse("oidc-callback")
    query = urlencode({"error": "access_denied", "state": state})
    response = client.get(f"{callback}?{query}", follow=True)
    assert response.redirect_chain[-1] == (LOGIN, 302)
    assert "Signing in with Riverside Peer Center did not finish" in response.content.decode()
    assert state not in client.session["oidc_states"]
    assert not signed_in_as(client).is_authenticated


def test_a_callback_is_used_once(client, ana):
    back = back_from_provider(client, "ana").removeprefix(PEERWORKS)
    assert client.get(back).url == HOME
    client.logout()
    response = client.get(back, follow=True)
    assert NOT_STARTED_HERE in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_state_started_in_another_browser_is_refused(client, ana, django_user_model):
    from django.test import Client

    back = back_from_provider(Client(), "ana").removeprefix(PEERWORKS)
    client.get(reverse("oidc-sign-in", args=["riverside"]))  # this browser's own, other state
    client.get(back)
    assert not signed_in_as(client).is_authenticated


def test_a_nonce_other_than_the_one_sent_is_refused(client, ana):
    back = back_from_provider(client, "ana")
    session = client.session
    state = parse_qs(urlsplit(back).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "not-the-nonce-sent"
    session.save()
    response = client.get(back.removeprefix(PEERWORKS), follow=True)
    assert response.redirect_chain[-1] == (LOGIN, 302)
    assert "did not finish" in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_wrong_client_secret_signs_nobody_in(client, ana, settings):
    settings.OIDC_CLIENT_SECRETS = {"OIDC_CLIENT_SECRET_RIVERSIDE": "not-the-secret"}
    response = sign_in_through_provider(client, "ana")
    assert "did not finish" in response.content.decode()
    assert not signed_in_as(client).is_authenticated


def test_a_provider_that_cannot_be_reached_is_said_so(client, hillside):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    IdentityProvider.objects.create(
        organisation=hillside, issuer=f"http://127.0.0.1:{port}", client_id="peerworks"
    )
    response = client.get(reverse("oidc-sign-in", args=["hillside"]), follow=True)
    assert response.redirect_chain[-1] == (LOGIN, 302)
    message = UNREACHABLE.format(organisation="Hillside Recovery")
    assert message in response.content.decode().replace("&#x27;", "'")


# Two-factor rules stay with local accounts


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_local_password_sign_in_still_asks_for_the_code(client, ana):
    device = TOTPDevice.objects.create(user=ana, name="Authenticator app", confirmed=True)
    sign_in_through_provider(client, "ana")
    assert client.get(HOME).status_code == 200  # the provider's sign-in asks none
    client.logout()

    response = client.post(LOGIN, {"username": ana.username, "password": PASSWORD})
    assert response.url == HOME
    assert client.get(HOME).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device)}).url == HOME
    assert client.get(HOME).status_code == 200


@override_settings(REQUIRE_TWO_FACTOR_FOR_PROGRAM_ADMINS=True)
def test_a_program_admin_signed_in_by_the_provider_is_not_sent_to_set_up_an_app(client, riverside):
    admin = person(riverside, "ana@riverside.example", roles=[Role.PROGRAM_ADMIN])
    sign_in_through_provider(client, "ana")
    assert client.get(HOME).status_code == 200
    client.logout()
    client.post(LOGIN, {"username": admin.username, "password": PASSWORD})
    assert client.get(HOME).url.startswith(SETUP)


def test_the_provider_backend_grants_no_permission_of_its_own(ana):
    ana.user_permissions.add(Permission.objects.get(codename="view_staffprofile"))
    ana = User.objects.get(pk=ana.pk)
    backend = OrganisationOIDCBackend()
    assert not backend.has_perm(ana, "people.view_staffprofile")
    assert backend.get_all_permissions(ana) == set()
    assert not backend.has_module_perms(ana, "people")
    assert not ana.has_perm("people.view_staffprofile")
