"""Sign-in and permission checks against the accounts in ``people``."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """Django's backend, except that permissions come only from roles (groups).

    A permission attached to one account directly (``user_permissions``, from a shell,
    an old form or SQL) grants nothing: ``people/roles.py`` is the one place access is
    declared.
    """

    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()
