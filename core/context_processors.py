from django.conf import settings

from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "agency_name": settings.AGENCY_NAME,
        "agency_logo": settings.AGENCY_LOGO,
        "nav": nav_for(user, request.path) if signed_in else [],
    }
