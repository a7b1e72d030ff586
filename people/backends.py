"""Signing in with a username and password, for people who work here."""

from django.contrib.auth.backends import ModelBackend

from .models import User
from .selectors import is_employed


class EmployedBackend(ModelBackend):
    """Django's password backend, refusing anyone who has left the agency.

    Django asks the backend that signed a session in for its user on every request
    (``get_user``), so the same check ends sessions already open: from the day someone
    leaves, their next request is anonymous and goes to the sign-in page."""

    def user_can_authenticate(self, user) -> bool:
        return is_employed(user)

    def get_user(self, user_id):
        # The profile comes with the user: access checks read its end date on every page.
        try:
            user = User._default_manager.select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
