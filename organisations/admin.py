from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse

from .models import IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """No role grants these permissions: the deployment's superusers configure providers.

    The client secret is not a field: the page names the environment variable it is read
    from, and says whether that is set, never what it holds."""

    list_display = ("organisation", "issuer", "client_id", "enabled", "secret_is_set")
    list_select_related = ("organisation",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("redirect_uri", "secret_variable", "secret_is_set")
    fields = ("organisation", "issuer", "client_id", "emails_verified", "enabled", *readonly_fields)

    @admin.display(description="Redirect URI to register at the provider")
    def redirect_uri(self, provider):
        return settings.SITE_URL + reverse("oidc-callback")

    @admin.display(description="Client secret is read from the environment variable")
    def secret_variable(self, provider):
        if not provider.organisation_id:
            return "OIDC_CLIENT_SECRET_<the organisation's slug in capitals, - as _>"
        return provider.client_secret_variable

    @admin.display(description="Client secret is set", boolean=True)
    def secret_is_set(self, provider):
        return bool(provider.organisation_id and provider.client_secret)
