from django.conf import settings

from .sessions import REFRESH_EVERY, session_seconds_left


def session_timeout(request):
    """What static/js/session-timeout.js needs to warn before an idle session ends."""
    if not request.user.is_authenticated:
        return {}
    return {
        "session_seconds_left": session_seconds_left(request.session),
        "session_age": settings.SESSION_COOKIE_AGE,
        "session_age_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_refresh_every": REFRESH_EVERY,
        "session_warn_before": settings.SESSION_IDLE_WARNING_SECONDS,
    }
