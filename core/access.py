"""Server-side access checks shared by every view.

A view states what it needs once (``permission_required``, or an override of
``user_can_access``); navigation asks the same question of the same view, so a
link is shown exactly when its page would answer. Who still works here is the people
app's to say: it registers the check (``register_employment_check``).
"""

from collections.abc import Callable

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

_employment_check: Callable[..., bool] | None = None


def register_employment_check(check: Callable[..., bool]) -> None:
    """``check(user)`` is true while the signed-in ``user`` works here."""
    global _employment_check
    _employment_check = check


def _works_here(user) -> bool:
    # Refusing beats guessing: without the check, someone who has left would get in.
    if _employment_check is None:
        raise ImproperlyConfigured("No app registered who works here (register_employment_check).")
    return _employment_check(user)


_access_recorder: Callable[..., object] | None = None


def register_access_recorder(recorder: Callable[..., object]) -> None:
    """``recorder(instance=, kind=, detail=)`` records that the person making this request
    viewed or downloaded ``instance`` (the audit app's trail)."""
    global _access_recorder
    _access_recorder = recorder


def access_record(*, instance, kind: str = "viewed", detail: str = "") -> None:
    """Record a read in the audit trail; refusing beats serving records nobody logs."""
    if _access_recorder is None:
        raise ImproperlyConfigured("No app registered the audit trail (register_access_recorder).")
    _access_recorder(instance=instance, kind=kind, detail=detail)


class AccessRequiredMixin(AccessMixin):
    """Answers 403 unless the signed-in user holds every permission the view names.

    ``permission_required`` is a permission or a tuple of them; with
    ``permission_any`` true, one of them is enough. Anonymous visitors never get
    here: LoginRequiredMiddleware sends them to sign in first. Nor do people who have
    left the agency (the sign-in backend refuses them); should one get this far, every
    view answers 404, as for a record they may not see.
    """

    permission_required: str | tuple[str, ...] = ()
    permission_any = False
    raise_exception = True

    @classmethod
    def user_can_access(cls, user) -> bool:
        if not _works_here(user):
            return False
        perms = cls.permission_required
        if isinstance(perms, str):
            perms = (perms,)
        if not perms:
            return True
        if cls.permission_any:
            return any(user.has_perm(perm) for perm in perms)
        return user.has_perms(perms)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _works_here(request.user):
            # Like any record one may not see: nothing is there for someone who has left.
            raise Http404
        if not self.user_can_access(request.user):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
