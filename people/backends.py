"""Signing in with a username and password, and what a signed-in person may do."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from organisations.scoping import scopes_disabled

from .models import User
from .roles import ROLE_PERMISSIONS
from .selectors import is_employed, session_users


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
        # Access checks read the profile's end date on every page; the organisation scopes
        # every page (session_users).
        with scopes_disabled():
            try:
                user = session_users().get(pk=user_id)
            except User.DoesNotExist:
                return None
        return user if self.user_can_authenticate(user) else None

    def get_group_permissions(self, user_obj, obj=None):
        """What the person's roles may do, read from ``people/roles.py`` itself rather than
        from the role groups' copy of it in the database (``roles_sync`` keeps that copy for
        the admin site): the roles are already loaded with the user, so permission checks
        cost no query. A permission added to a role group by hand grants nothing, as one
        added to an account does not. Superusers keep Django's rule (every permission)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj)
        return set().union(*(ROLE_PERMISSIONS.get(role, ()) for role in user_obj.role_names))

    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()
