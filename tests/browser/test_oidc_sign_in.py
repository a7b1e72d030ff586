"""Signing in through an organisation's identity provider in chromium: the provider's
return reaches PeerWorks with the session cookie (SameSite=Lax) and lands on home."""

import pytest

from organisations.models import IdentityProvider, Organisation
from people.roles import Role
from tests.factories import StaffProfileFactory, UserFactory
from tests.oidc.server import identity_provider

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "peerworks-riverside"
SECRET = "riverside-client-secret-for-browser-tests"
ACCOUNTS = {
    "ana": {"email": "ana@riverside.example", "email_verified": True},
    "stranger": {"email": "stranger@riverside.example", "email_verified": True},
}


@pytest.fixture(scope="module")
def issuer(live_server):
    client = {
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "redirect_uris": [f"{live_server.url}/sign-in/oidc/callback/"],
    }
    with identity_provider(clients=[client], accounts=ACCOUNTS) as url:
        yield url


@pytest.fixture
def riverside(issuer, settings):
    settings.OIDC_CLIENT_SECRETS = {"OIDC_CLIENT_SECRET_RIVERSIDE": SECRET}
    organisation = Organisation.objects.create(name="Riverside Peer Center", slug="riverside")
    IdentityProvider.objects.create(organisation=organisation, issuer=issuer, client_id=CLIENT_ID)
    ana = UserFactory(email="ana@riverside.example", organisation=organisation, roles=[Role.PEER])
    StaffProfileFactory(user=ana)
    return organisation


def sign_in_at_provider(page, live_server, account):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with Riverside Peer Center").click()
    page.get_by_label("Account").fill(account)
    page.get_by_role("button", name="Sign in").click()


def test_an_invited_peer_signs_in_through_the_provider(
    page, live_server, riverside, assert_accessible
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    sign_in_at_provider(page, live_server, "ana")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="My evaluations and trainings").is_visible()


def test_someone_not_invited_reads_why_on_the_sign_in_page(
    page, live_server, riverside, assert_accessible
):
    sign_in_at_provider(page, live_server, "stranger")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.get_by_text("nobody Riverside Peer Center has invited").is_visible()
    assert_accessible(page)
