"""Reading the audit trail."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from organisations.defaults import DEFAULT_SLUG

from .registry import conceal_draft, is_concealed_draft_field

# The record types the trail is browsed by: label -> (app label, model).
RECORD_TYPES = {
    "Evaluation": ("evaluations", "evaluation"),
    "Evaluation rating": ("evaluations", "evaluationitem"),
    "Evaluation category comment": ("evaluations", "evaluationsection"),
    "Amendment": ("evaluations", "amendment"),
    "Work plan": ("workplans", "workplan"),
    "Work plan checklist answer": ("workplans", "checklistanswer"),
    "Work plan step": ("workplans", "immediatestep"),
    "Work plan meeting": ("workplans", "followupmeeting"),
    "Onboarding": ("onboarding", "onboarding"),
    "Onboarding item": ("onboarding", "onboardingitem"),
    "Check-in schedule": ("onboarding", "checkinschedule"),
    "Check-in cadence": ("onboarding", "cadence"),
    "Check-in": ("onboarding", "checkin"),
    "Check-in answer": ("onboarding", "checkinanswer"),
    "Check-in follow-up": ("onboarding", "followup"),
    "Training session": ("trainings", "session"),
    "Training session day": ("trainings", "sessionslot"),
    "Training enrolment": ("trainings", "enrolment"),
    "Training attendance": ("trainings", "attendance"),
    "Training PDF": ("trainings", "trainingpdf"),
    "Evaluation PDF": ("evaluations", "evaluationpdf"),
    "Work plan PDF": ("workplans", "workplanpdf"),
    "Person": ("people", "user"),
    "Staff profile": ("people", "staffprofile"),
    "Move to another agency": ("organisations", "transfer"),
}


def record_type_choices() -> list[tuple[int, str]]:
    """(content type id, label) for the filter, in the order above."""
    wanted = Q()
    for app_label, model in RECORD_TYPES.values():
        wanted |= Q(app_label=app_label, model=model)
    by_key = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.filter(wanted)}
    return [(by_key[key], label) for label, key in RECORD_TYPES.items() if key in by_key]


def log_entries(*, organisation) -> QuerySet[LogEntry]:
    """The organisation's entries, newest first, with what the trail page shows joined in.

    auditlog's entries are not a scoped model (another library's), so the organisation is
    named here. Entries written before organisations existed name none: they belong to
    their actor's organisation, and those without an actor to the organisation the
    migrations gave every older record (``organisations.defaults``)."""
    if organisation is None:
        return LogEntry.objects.none()
    unnamed = Q(additional_data__isnull=True) | Q(additional_data__organisation__isnull=True)
    theirs = Q(actor__organisation_id=organisation.pk)
    if organisation.slug == DEFAULT_SLUG:
        theirs |= Q(actor__isnull=True)
    own = Q(additional_data__organisation=organisation.pk) | (unnamed & theirs)
    return (
        LogEntry.objects.filter(own)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def change_rows(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(what, before, after) for each change an entry records; relations say what was added
    or removed. (A template cannot do this: a field may be called ``items``.)"""
    rows = []
    for field, values in (entry.changes_dict or {}).items():
        if isinstance(values, dict):
            verb = "added" if values.get("operation") == "add" else "removed"
            rows.append((field, "", f"{verb}: {', '.join(map(str, values.get('objects', [])))}"))
        else:
            before, after = values
            if is_concealed_draft_field(field):
                # Entries written before drafts were concealed still hold the text.
                before, after = conceal_draft(str(before)), conceal_draft(str(after))
            rows.append((field, before, after))
    return rows
