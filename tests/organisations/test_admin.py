"""Identity providers in the admin site: superusers only, and never the client secret."""

import pytest
from django.urls import reverse

from organisations.models import IdentityProvider, Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "the-secret-the-provider-issued"


@pytest.fixture
def provider(settings):
    settings.OIDC_CLIENT_SECRETS = {"OIDC_CLIENT_SECRET_RIVERSIDE_PEER_CENTER": SECRET}
    organisation = Organisation.objects.create(name="Riverside", slug="riverside-peer-center")
    return IdentityProvider.objects.create(
        organisation=organisation, issuer="https://idp.example/riverside", client_id="pw"
    )


def test_the_page_names_the_secrets_variable_and_the_redirect_uri_never_the_secret(
    client, provider, settings
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    body = client.get(
        reverse("admin:organisations_identityprovider_change", args=[provider.pk])
    ).content.decode()
    assert "OIDC_CLIENT_SECRET_RIVERSIDE_PEER_CENTER" in body
    assert settings.SITE_URL + "/sign-in/oidc/callback/" in body
    assert SECRET not in body
    assert 'alt="True"' in body  # the secret is set
    assert client.get(reverse("admin:organisations_identityprovider_add")).status_code == 200


def test_no_role_may_change_identity_providers(client, provider, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:organisations_identityprovider_change", args=[provider.pk])
    assert client.get(url).status_code == 403
