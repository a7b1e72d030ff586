"""The one place a request's queries are scoped: the signed-in person's organisation."""

from .scoping import organisation_scope


class OrganisationScopeMiddleware:
    """Every query during the request sees the signed-in person's organisation only.

    After authentication, so ``request.user`` is known. Someone not signed in, or a
    system account without an organisation, gets a scope that matches no row: a page
    open to them (sign-in, password reset) looks people up explicitly across
    organisations, and nothing else answers them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        organisation = user.organisation if user.is_authenticated else None
        with organisation_scope(organisation):
            return self.get_response(request)
