"""Signing in through an organisation's own OpenID Connect provider (mozilla-django-oidc).

mozilla-django-oidc reads one provider from settings. Here the provider is the
organisation's (``organisations.IdentityProvider``): the sign-in link
``/sign-in/<slug>/oidc/`` chooses it, and the request's state remembers it, so one
callback URL serves every organisation.

- Only people the organisation has already invited are matched
  (``people.selectors.person_for_identity``); signing in never creates anyone.
- Leavers are refused, and sessions they have open end, as ``StaffBackend`` does.
- The provider's own two-factor rules stand in for PeerWorks': no code is asked after it
  (``people.sessions.signed_in_through_identity_provider``).
"""

import logging
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from organisations.identity import identity_provider_for
from organisations.scoping import scopes_disabled

from .models import User
from .selectors import is_employed, person_for_identity, session_users
from .services import person_identity_link

logger = logging.getLogger(__name__)

DISCOVERY_SECONDS = 60 * 60
# mozilla-django-oidc's session key: state -> nonce and PKCE verifier (and, here, the
# organisation's slug).
STATES = "oidc_states"

NOT_INVITED = (
    "{organisation} signed you in, but nobody {organisation} has invited to PeerWorks uses "
    "that account. Ask your program admin to invite you with the email address of your "
    "{organisation} account."
)
DID_NOT_FINISH = "Signing in with {organisation} did not finish. Please try again."
NOT_STARTED_HERE = (
    "That sign-in did not start in this browser, or took too long. Please sign in again."
)
UNREACHABLE = "{organisation}'s sign-in service cannot be reached now. Please try again later."

# Anything a provider (or someone posing as one) can get wrong in a sign-in.
SIGN_IN_ERRORS = (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, KeyError)


def provider_configuration(provider) -> dict:
    """The provider's discovery document (its endpoints), read once an hour."""
    key = f"oidc-discovery:{provider.issuer}"
    configuration = cache.get(key)
    if configuration is None:
        response = requests.get(
            provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        configuration = response.json()
        # OpenID Connect Discovery 4.3: a document naming another issuer is not this one's.
        if configuration["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
            raise SuspiciousOperation("The discovery document names another issuer.")
        cache.set(key, configuration, DISCOVERY_SECONDS)
    return configuration


def email_verified(claims: dict, *, provider) -> bool:
    """The provider vouches for the email: its email_verified claim (some send the string
    "true"), or, for a provider that sends none, the organisation's word that its
    directory's emails are its own (``IdentityProvider.emails_verified``)."""
    if "email_verified" not in claims:
        return provider.emails_verified
    return claims["email_verified"] in (True, "true")


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the organisation's provider, matching only people
    it has invited, refusing leavers, and granting no permissions of its own."""

    def __init__(self, *args, **kwargs):
        # The endpoints, client ID and secret are the organisation's, set in authenticate.
        self.UserModel = User
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, nonce=None, code_verifier=None):
        provider = getattr(request, "identity_provider", None)
        if provider is None:
            return None
        self.provider = provider
        try:
            configuration = provider_configuration(provider)
            self.issuer = configuration["issuer"]
            self.OIDC_OP_TOKEN_ENDPOINT = configuration["token_endpoint"]
            self.OIDC_OP_USER_ENDPOINT = configuration["userinfo_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = configuration["jwks_uri"]
            self.OIDC_RP_CLIENT_ID = provider.client_id
            self.OIDC_RP_CLIENT_SECRET = provider.client_secret
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SIGN_IN_ERRORS as exc:
            # The kind of failure only: messages can quote the provider's replies.
            logger.warning(
                "Sign-in through %s's identity provider failed: %s",
                provider.organisation.slug,
                type(exc).__name__,
            )
            return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # mozilla-django-oidc checks the signature, expiry and nonce; the token must also
        # come from this organisation's provider and be meant for this client.
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience or []
        if payload.get("iss") != self.issuer or self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is from another issuer or for another client.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = payload["sub"]
        if claims.get("sub") != subject:
            raise SuspiciousOperation("The userinfo names another subject than the ID token.")
        # Nobody is signed in yet, so no request scope: the lookup names its organisation.
        with scopes_disabled():
            person = person_for_identity(
                provider=self.provider,
                subject=subject,
                email=claims.get("email") or "",
                email_verified=email_verified(claims, provider=self.provider),
            )
        if person is None:
            self.request.oidc_refusal = NOT_INVITED
            logger.info(
                "%s's identity provider named nobody invited", self.provider.organisation.slug
            )
            return None
        person_identity_link(person=person, provider=self.provider, subject=subject)
        return person

    def get_user(self, user_id):
        # Every request of a session signed in here: a leaver's ends, and so does everyone's
        # once their organisation's provider is switched off.
        # Loading the session's user comes before the request's scope (as in StaffBackend).
        with scopes_disabled():
            user = (
                session_users()
                .select_related("organisation__identity_provider")
                .filter(pk=user_id)
                # Unordered: first() would sort by name (Meta.ordering) to find one row.
                .order_by()
                .first()
            )
            if user is None or not is_employed(user) or user.organisation is None:
                return None
        provider = getattr(user.organisation, "identity_provider", None)
        return user if provider is not None and provider.enabled else None

    # Permissions come from roles, through StaffBackend alone (people/backends.py).
    get_user_permissions = BaseBackend.get_user_permissions
    get_group_permissions = BaseBackend.get_group_permissions
    get_all_permissions = BaseBackend.get_all_permissions
    has_perm = BaseBackend.has_perm

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        return User._default_manager.none()


@method_decorator(login_not_required, name="dispatch")
class OrganisationSignInView(OIDCAuthenticationRequestView):
    """Off to the organisation's provider (the sign-in page's "Sign in with <organisation>"),
    with a fresh state, nonce and PKCE challenge remembered in the session."""

    def __init__(self, **kwargs):
        # The library's own reads the endpoint and client ID from settings.
        View.__init__(self, **kwargs)

    def get(self, request, slug):
        provider = identity_provider_for(slug=slug)
        if provider is None:
            raise Http404
        try:
            configuration = provider_configuration(provider)
        except SIGN_IN_ERRORS:
            messages.error(request, UNREACHABLE.format(organisation=provider.organisation.name))
            return redirect("login")
        self.OIDC_OP_AUTH_ENDPOINT = configuration["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        request.session[STATES][state]["organisation"] = slug
        request.session.modified = True
        return response


@method_decorator(login_not_required, name="dispatch")
class OrganisationCallbackView(OIDCAuthenticationCallbackView):
    """Where every organisation's provider sends people back: the state names the
    organisation whose sign-in this finishes."""

    def get(self, request):
        started = request.session.get(STATES, {}).get(request.GET.get("state", "")) or {}
        provider = identity_provider_for(slug=started.get("organisation", ""))
        if provider is None:
            # A state this browser was not given (tampered with, replayed, or dropped
            # because the session ended): mozilla-django-oidc would answer 400.
            messages.error(request, NOT_STARTED_HERE)
            return redirect("login")
        request.identity_provider = provider
        return super().get(request)

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", DID_NOT_FINISH)
        organisation = self.request.identity_provider.organisation.name
        messages.error(self.request, refusal.format(organisation=organisation))
        return redirect("login")
