"""Organisations (the agencies that employ peers) and the networks that group them."""

import re

from django.conf import settings
from django.db import models


class Network(models.Model):
    """A county or a peer-run network hosting PeerWorks for several agencies."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        permissions = [("view_network_figures", "Can view a network's aggregate figures")]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An agency: the employer that owns its people and their records."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Transfer(models.Model):
    """A person moving to another agency, with their consent: the record of it.

    Their account (and so their sign-in and two-factor device) and their training
    transcript go with them; their evaluations, onboardings, check-ins and work plans
    stay with the agency they leave, whose records those are."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="transfers"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_in"
    )
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.TextField(help_text="How and when the person gave their consent.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.person_id}: {self.from_organisation} → {self.to_organisation}"


class IdentityProvider(models.Model):
    """An organisation's own OpenID Connect provider, through which its people may sign in.

    The client secret is never stored here (nor in the audit trail, backups or the admin
    site): the deployment sets it in the environment variable ``client_secret_variable``
    names, and ``settings.OIDC_CLIENT_SECRETS`` reads it (README "Deploy").
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    issuer = models.URLField(
        max_length=500,
        help_text="The provider's issuer URL; its discovery document is read from "
        "<issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField(max_length=255, verbose_name="client ID")
    emails_verified = models.BooleanField(
        default=False,
        verbose_name="its emails are verified",
        help_text="Treat an email without an email_verified claim as verified: only for a "
        "provider that sends none (Microsoft Entra ID) and whose directory only the "
        "organisation manages. An email the provider says is unverified is never matched.",
    )
    enabled = models.BooleanField(
        default=True,
        help_text="Offered on the sign-in page. Switching it off ends the sessions opened "
        "through it.",
    )

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation}: {self.issuer}"

    @property
    def client_secret_variable(self) -> str:
        """The environment variable holding the client secret, named after the slug."""
        return "OIDC_CLIENT_SECRET_" + re.sub(r"[^A-Z0-9]", "_", self.organisation.slug.upper())

    @property
    def client_secret(self) -> str:
        return settings.OIDC_CLIENT_SECRETS.get(self.client_secret_variable, "")
