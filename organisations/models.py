"""Organisations (the agencies that employ peers) and the networks that group them."""

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
