from django.conf import settings

from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"agency_name": settings.AGENCY_NAME, "nav": []}
    return {"agency_name": settings.AGENCY_NAME, "nav": nav_for(user, request.path)}
