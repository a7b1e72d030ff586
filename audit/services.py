"""Writing to the audit trail what Django's model signals do not see.

Saves through ``Model.save()`` are recorded by django-auditlog on its own (the
models are listed in ``AUDITLOG_INCLUDE_TRACKING_MODELS``). Bulk writes send no
signals, and reading sends none at all: services and views call these instead.
The person and address come from ``AuditMiddleware`` during a request.
"""

from auditlog.models import LogEntry
from django.db import models
from django_scopes.state import get_scope

from .registry import conceal_draft, is_concealed_draft_field

ACCESS_KINDS = ("viewed", "downloaded")


def audit_changes(*, instance: models.Model, changes: dict[str, list]) -> LogEntry | None:
    """Record changes made to ``instance``'s parts in bulk, as ``{what: [before, after]}``.

    A draft field (``registry.CONCEALED_DRAFT_FIELDS``) is recorded as changed, without
    its text, as auditlog records it on a model's own save."""
    if not changes:
        return None
    recorded = {}
    for what, (before, after) in changes.items():
        before, after = _text(before), _text(after)
        if is_concealed_draft_field(what):
            before, after = conceal_draft(before), conceal_draft(after)
        recorded[what] = [before, after]
    return LogEntry.objects.log_create(instance, action=LogEntry.Action.UPDATE, changes=recorded)


def audit_access(*, instance: models.Model, kind: str = "viewed", detail: str = "") -> LogEntry:
    """Record that the person making this request viewed or downloaded ``instance``."""
    if kind not in ACCESS_KINDS:
        raise ValueError(f"Unknown access kind {kind!r}; expected one of {ACCESS_KINDS}.")
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        additional_data={"access": kind, **({"detail": detail} if detail else {})},
    )


def audit_sign_in_refused(*, user: models.Model, detail: str) -> LogEntry:
    """Record a refused sign-in step for this account (a wrong two-factor code), so that
    program admins see someone trying, and from which address."""
    return LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        additional_data={"access": "sign-in refused", "detail": detail},
    )


def entry_record_organisation(sender, instance: LogEntry, **kwargs) -> None:
    """Every new entry names the organisation whose trail it belongs to: the one whose
    scope wrote it (the signed-in person's, or the organisation a task was queued for),
    else its actor's. ``/audit/`` shows an organisation only its own entries. An entry a
    system job writes about no one's request names none, and is shown to no organisation.
    (A pre_save receiver: audit rows are never updated, so it must be there at insert.)"""
    if instance.pk is not None:
        return
    scope = get_scope()
    organisation_id = scope.get("organisation") if scope.get("_enabled", True) else None
    if not organisation_id and LogEntry.actor.is_cached(instance) and instance.actor:
        organisation_id = instance.actor.organisation_id
    if organisation_id:
        instance.additional_data = {
            **(instance.additional_data or {}),
            "organisation": organisation_id,
        }


def _text(value) -> str:
    # auditlog's own entries hold strings ("None" for nothing); bulk entries read the same.
    return "None" if value is None else str(value)
