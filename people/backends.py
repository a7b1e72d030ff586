"""Signing in with a username and password, and what a signed-in person may do."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from organisations.scoping import scopes_disabled

from .models import User
from .selectors import is_employed


class StaffBackend(ModelBackend):
    """Django's password backend for people who work here, with permissions from roles only.

    - Anyone who has left the agency is refused. Django asks the backend that signed a
      session in for its user on every request (``get_user``), so the same check ends
      sessions already open: from the day someone leaves, their next request is anonymous
      and goes to the sign-in page.
    - A permission attached to one account directly (``user_permissions``, from a shell,
      an old form or SQL) grants nothing: ``people/roles.py`` is the one place access is
      declared.
    - Signing in finds people of every organisation: it runs before anyone's scope is
      known (``organisations.middleware`` scopes the request from the user found here).
    """

    def user_can_authenticate(self, user) -> bool:
        return is_employed(user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        with scopes_disabled():
            return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # The profile comes with the user: access checks read its end date on every page;
        # so does the organisation, which scopes every page (no query of its own).
        with scopes_disabled():
            try:
                user = User._default_manager.select_related("profile", "organisation").get(
                    pk=user_id
                )
            except User.DoesNotExist:
                return None
        return user if self.user_can_authenticate(user) else None

    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()
