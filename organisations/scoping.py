"""Fail-closed scoping: every query on an organisation's records names the organisation.

Built on django-scopes (pretix's library): its context variable holds the scope, and a
query on a scoped model outside any scope raises ``ScopeError`` rather than answering
with every organisation's rows. We chose raising over answering nothing: a forgotten
scope is a bug, and an error names it where an empty page would hide it.

The scope is set in one place per entry point:

- a request: ``OrganisationScopeMiddleware``, from the signed-in person's organisation;
- a task: the scope it was queued in travels with it (``core.queueing`` captures it,
  ``core.tasks`` restores it in ``task_prerun``);
- the jobs and commands that work across organisations (the daily reminder job, the
  sweeps, ``load_catalogues``, backups): an explicit ``scopes_disabled()``.

``OrganisationScopedManager`` is our own manager on django-scopes' state rather than its
``ScopedManager``, for two reasons: that one filters nothing when the scope's value is
None (a person without an organisation would see everything), and it cannot express
"my organisation's rows, or the shared ones" (checklists, question sets and frameworks; network sessions).
"""

from collections.abc import Callable
from contextlib import contextmanager

from django.db import models
from django.db.models import Q
from django_scopes import ScopeError, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope

__all__ = [
    "NO_ORGANISATION",
    "OrganisationScopedManager",
    "ScopeError",
    "current_organisation_id",
    "organisation_scope",
    "scopes_disabled",
]

# The scope of someone who belongs to no organisation: it matches no row.
NO_ORGANISATION = 0


@contextmanager
def organisation_scope(organisation):
    """Queries inside see ``organisation``'s rows only (and what its network shares).
    ``None`` (a system account) sees nothing: it never widens the scope."""
    organisation_id = getattr(organisation, "pk", organisation) or NO_ORGANISATION
    network_id = getattr(organisation, "network_id", None) if organisation_id else None
    with scope(organisation=organisation_id, network=network_id):
        yield


def current_organisation_id() -> int | None:
    """The organisation the current scope names; None when scopes are off or unset."""
    current = get_scope()
    if not current.get("_enabled", True):
        return None
    return current.get("organisation") or None


def own(path: str = "organisation") -> Callable[[int, int | None], Q]:
    """Rows whose ``path`` is the organisation in scope."""
    return lambda organisation_id, network_id: Q(**{f"{path}_id": organisation_id})


def own_or_shared(path: str = "organisation") -> Callable[[int, int | None], Q]:
    """Rows of the organisation in scope, and the shared ones (``path`` empty)."""
    return lambda organisation_id, network_id: (
        Q(**{f"{path}_id": organisation_id}) | Q(**{f"{path}__isnull": True})
    )


def own_or_network() -> Callable[[int, int | None], Q]:
    """Rows the organisation in scope scheduled, and those its network publishes to all
    its organisations."""

    def rows(organisation_id, network_id):
        mine = Q(organisation_id=organisation_id)
        return mine | Q(network_id=network_id) if network_id else mine

    return rows


def OrganisationScopedManager(
    rows: Callable[[int, int | None], Q], manager_class=models.Manager
) -> models.Manager:
    """A manager whose queries answer only inside a scope: with scopes disabled, every
    row; in an organisation's scope, ``rows(organisation_id, network_id)``; with no
    scope, a queryset that raises ``ScopeError`` when evaluated."""

    class Manager(manager_class):
        # Built per model here, so migrations cannot name it; they use a plain manager.
        use_in_migrations = False

        def get_queryset(self):
            current = get_scope()
            if not current.get("_enabled", True):
                return super().get_queryset()
            if "organisation" not in current:
                return DisabledQuerySet(self.model, using=self._db, missing_scopes={"organisation"})
            return (
                super().get_queryset().filter(rows(current["organisation"], current.get("network")))
            )

        def all(self):
            queryset = super().all()
            # DisabledQuerySet.all raises; calling all() on the manager should too.
            return queryset.all() if isinstance(queryset, DisabledQuerySet) else queryset

    Manager.__name__ = f"OrganisationScoped{manager_class.__name__}"
    return Manager()
