"""Reads of the organisations' identity providers (below the apps that sign people in)."""

from django.db.models import QuerySet

from .models import IdentityProvider


def identity_providers_offered() -> QuerySet[IdentityProvider]:
    """The identity providers the sign-in page offers, one button per organisation."""
    return IdentityProvider.objects.filter(enabled=True).select_related("organisation")


def identity_provider_for(*, slug: str) -> IdentityProvider | None:
    """The enabled identity provider of the organisation with this slug, if it has one."""
    return identity_providers_offered().filter(organisation__slug=slug).first()
