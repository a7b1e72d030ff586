"""Starting an onboarding for a new hire and acting on its items."""

import re
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import audit_changes
from people.models import StaffProfile, User
from people.roles import Role
from people.services import person_create

from ..access import can_act_on_item, can_reassign_item, item_assignees
from ..models import (
    AppliesTo,
    AssigneeRole,
    ChecklistTemplate,
    Onboarding,
    OnboardingItem,
    OnboardingItemEvent,
)
from .calendar import closed_days, due_date_for


class OnboardingError(Exception):
    """A refused change, with a message for the person."""


def _applies(item_applies_to: str, employment_type: str) -> bool:
    return item_applies_to == AppliesTo.BOTH or item_applies_to == employment_type


@transaction.atomic
def onboarding_start(
    *,
    template: ChecklistTemplate,
    start_date: date,
    employment_type: str,
    supervisor: User,
    by: User,
    person: User | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Onboarding:
    """Start a plan for a new hire: an existing person, or a new account made from name and email.

    Items that do not apply to the person's employment type are left out (I-9 for
    employees, W-9 for volunteers); due dates come from the template's offsets,
    moved off weekends and the agency's holidays.
    """
    if not by.has_perm("onboarding.add_onboarding"):
        raise OnboardingError("Only HR starts onboarding plans.")
    if not supervisor.has_role(Role.SUPERVISOR):
        raise OnboardingError(f"{supervisor} does not have the Supervisor role.")
    if person is None:
        if not (first_name.strip() and last_name.strip() and email.strip()):
            raise OnboardingError(
                "Choose a person, or give the new hire's first name, last name and email."
            )
        if User.objects.filter(email__iexact=email.strip()).exists():
            raise OnboardingError(
                f"Someone already has the email {email.strip()}: choose them instead."
            )
        person = person_create(
            organisation=by.organisation,
            username=_free_username(first_name.strip(), last_name.strip()),
            email=email.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            roles=[Role.PEER],
            employment_type=employment_type,
            start_date=start_date,
            supervisor=supervisor,
            program=template.program,
        )
    if person.pk == supervisor.pk:
        raise OnboardingError("A new hire cannot be their own supervisor.")
    if Onboarding.objects.filter(person=person, status=Onboarding.Status.ACTIVE).exists():
        raise OnboardingError(f"{person} already has an onboarding in progress.")
    profile, _ = StaffProfile.objects.get_or_create(user=person)
    profile.supervisor, profile.employment_type = supervisor, employment_type
    profile.start_date = profile.start_date or start_date
    profile.full_clean()
    profile.save()

    onboarding = Onboarding(
        organisation_id=person.organisation_id,
        person=person,
        template=template,
        program=profile.program or template.program,
        supervisor=supervisor,
        start_date=start_date,
        employment_type=employment_type,
        started_by=by,
    )
    onboarding.full_clean()
    onboarding.save()
    template_items = [i for i in template.items.all() if _applies(i.applies_to, employment_type)]
    offsets = [i.due_offset_days for i in template_items] or [0]
    closed = closed_days(
        start_date + timedelta(days=min(offsets) - 14),
        start_date + timedelta(days=max(offsets) + 14),
    )
    assignees = {
        AssigneeRole.HR: by,
        AssigneeRole.SUPERVISOR: supervisor,
        AssigneeRole.NEW_HIRE: person,
    }
    OnboardingItem.objects.bulk_create(
        [
            OnboardingItem(
                onboarding=onboarding,
                template_item=i,
                phase=i.phase,
                group=i.group,
                text=i.text,
                subitems=i.subitems,
                assignee=assignees[i.assignee],
                required=i.required,
                record_only=i.record_only,
                training_course_code=i.training_course_code,
                order=i.order,
                due_date=due_date_for(start_date, i.due_offset_days, closed=closed),
            )
            for i in template_items
        ]
    )
    return onboarding


def _free_username(first: str, last: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", f"{first[:1]}{last}".lower()) or "newhire"
    # Usernames are unique across organisations (signing in finds one person by it), so
    # the names taken are looked up in all of them; only the names are read.
    taken = set(
        User._base_manager.filter(username__startswith=base).values_list("username", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


# Numbers that look like an SSN, a driver licence or another ID must not be typed
# into notes: PeerWorks records only that a document was seen.
_ID_NUMBER = re.compile(r"\b\d{3}-?\d{2}-?\d{4}\b|\b[A-Z]\d{7}\b")


def _clean_notes(item: OnboardingItem, notes: str) -> str:
    notes = notes.strip()
    if item.record_only and _ID_NUMBER.search(notes):
        raise OnboardingError(
            "Do not type document numbers here. Record only that the document was seen and is on file."
        )
    return notes


def _locked_item(item: OnboardingItem) -> OnboardingItem:
    return OnboardingItem.objects.select_for_update().select_related("onboarding").get(pk=item.pk)


def _finish_if_complete(onboarding: Onboarding) -> None:
    if not onboarding.items.filter(status=OnboardingItem.Status.OPEN, required=True).exists():
        Onboarding.objects.filter(pk=onboarding.pk, status=Onboarding.Status.ACTIVE).update(
            status=Onboarding.Status.COMPLETED
        )


@transaction.atomic
def onboarding_item_complete(*, item: OnboardingItem, by: User, notes: str = "") -> OnboardingItem:
    """Mark an item done. For a document, this records that it was seen and is on file, by whom and when."""
    item = _locked_item(item)
    if not can_act_on_item(by, item):
        raise OnboardingError(
            "Only the person it is assigned to, their supervisor or HR can do this."
        )
    if item.status != OnboardingItem.Status.OPEN:
        raise OnboardingError(f"This item is already {item.get_status_display().lower()}.")
    item.notes = _clean_notes(item, notes) or item.notes
    item.status, item.completed_by, item.completed_at = (
        OnboardingItem.Status.DONE,
        by,
        timezone.now(),
    )
    item.full_clean()
    item.save()
    OnboardingItemEvent.objects.create(
        item=item, action=OnboardingItemEvent.Action.COMPLETED, by=by, notes=notes
    )
    _finish_if_complete(item.onboarding)
    return item


@transaction.atomic
def onboarding_item_not_applicable(
    *, item: OnboardingItem, by: User, reason: str
) -> OnboardingItem:
    """Mark an item not applicable; a reason is required so the record explains itself."""
    item = _locked_item(item)
    if not can_act_on_item(by, item):
        raise OnboardingError(
            "Only the person it is assigned to, their supervisor or HR can do this."
        )
    if item.status != OnboardingItem.Status.OPEN:
        raise OnboardingError(f"This item is already {item.get_status_display().lower()}.")
    if not reason.strip():
        raise OnboardingError("Say why this item does not apply.")
    reason = _clean_notes(item, reason)
    item.status, item.not_applicable_reason = OnboardingItem.Status.NOT_APPLICABLE, reason
    item.completed_by, item.completed_at = by, timezone.now()
    item.full_clean()
    item.save()
    OnboardingItemEvent.objects.create(
        item=item, action=OnboardingItemEvent.Action.NOT_APPLICABLE, by=by, notes=reason
    )
    _finish_if_complete(item.onboarding)
    return item


@transaction.atomic
def onboarding_item_reopen(*, item: OnboardingItem, by: User, notes: str = "") -> OnboardingItem:
    item = _locked_item(item)
    if not can_act_on_item(by, item):
        raise OnboardingError(
            "Only the person it is assigned to, their supervisor or HR can do this."
        )
    if item.status == OnboardingItem.Status.OPEN:
        raise OnboardingError("This item is already open.")
    notes = _clean_notes(item, notes)
    onboarding = item.onboarding
    if (
        onboarding.status == Onboarding.Status.COMPLETED
        and Onboarding.objects.filter(
            person_id=onboarding.person_id, status=Onboarding.Status.ACTIVE
        )
        .exclude(pk=onboarding.pk)
        .exists()
    ):
        # Reopening would make this plan active again beside the newer one.
        raise OnboardingError(
            "This plan is finished and a newer onboarding in progress replaces it: "
            "add the work there."
        )
    item.status, item.completed_by, item.completed_at, item.not_applicable_reason = (
        OnboardingItem.Status.OPEN,
        None,
        None,
        "",
    )
    item.save()
    OnboardingItemEvent.objects.create(
        item=item, action=OnboardingItemEvent.Action.REOPENED, by=by, notes=notes
    )
    Onboarding.objects.filter(pk=item.onboarding_id, status=Onboarding.Status.COMPLETED).update(
        status=Onboarding.Status.ACTIVE
    )
    return item


@transaction.atomic
def onboarding_item_reassign(
    *, item: OnboardingItem, by: User, to: User, notes: str = ""
) -> OnboardingItem:
    """Hand an open item to someone else; both names are kept in the record.

    The onboarding's supervisor and HR may reassign; the item can go only to someone
    who can then see it and act on it (``access.item_assignees``)."""
    item = _locked_item(item)
    if not can_reassign_item(by, item):
        raise OnboardingError("Only the new hire's supervisor or HR can reassign an item.")
    if item.status != OnboardingItem.Status.OPEN:
        raise OnboardingError("Only open items can be reassigned.")
    if not item_assignees(item.onboarding).filter(pk=to.pk).exists():
        # Named by role, not by the person chosen: an id must not reveal who it belongs to.
        raise OnboardingError(
            "An item can go only to the new hire, their supervisor or HR: someone who can "
            "see this onboarding and act on it."
        )
    if to.pk == item.assignee_id:
        raise OnboardingError(f"This item is already assigned to {to}.")
    notes = _clean_notes(item, notes)
    previous = item.assignee
    item.assignee = to
    item.save(update_fields=["assignee"])
    OnboardingItemEvent.objects.create(
        item=item,
        action=OnboardingItemEvent.Action.REASSIGNED,
        by=by,
        notes=notes,
        from_assignee=previous,
        to_assignee=to,
    )
    return item


@transaction.atomic
def onboarding_training_completed(*, person: User, course_code: str, by: User) -> int:
    """Tick the person's open onboarding items linked to this training (week-one orientation topics)."""
    items = list(
        OnboardingItem.objects.select_for_update().filter(
            onboarding__person=person,
            onboarding__status=Onboarding.Status.ACTIVE,
            training_course_code=course_code,
            status=OnboardingItem.Status.OPEN,
        )
    )
    now = timezone.now()
    for item in items:
        item.status, item.completed_by, item.completed_at = OnboardingItem.Status.DONE, by, now
    OnboardingItem.objects.bulk_update(items, ["status", "completed_by", "completed_at"])
    # Updated in bulk, so without signals: each item's change is recorded here.
    for item in items:
        audit_changes(instance=item, changes={"status": [OnboardingItem.Status.OPEN, item.status]})
    OnboardingItemEvent.objects.bulk_create(
        [
            OnboardingItemEvent(
                item=item,
                action=OnboardingItemEvent.Action.COMPLETED,
                by=by,
                notes=f"Completed the training {course_code}.",
            )
            for item in items
        ]
    )
    for onboarding_id in {item.onboarding_id for item in items}:
        _finish_if_complete(Onboarding(pk=onboarding_id))
    return len(items)


@transaction.atomic
def onboarding_cancel(*, onboarding: Onboarding, by: User) -> Onboarding:
    """Stop a plan in progress; its items stay as they are, and nobody is reminded of them."""
    if not by.has_perm("onboarding.change_onboarding"):
        raise OnboardingError("Only HR can cancel an onboarding.")
    onboarding = Onboarding.objects.select_for_update().get(pk=onboarding.pk)
    if onboarding.status != Onboarding.Status.ACTIVE:
        # A finished plan is the record of what was done; it stays as it ended.
        raise OnboardingError(
            f"Only an onboarding in progress can be cancelled; this one is "
            f"{onboarding.get_status_display().lower()}."
        )
    onboarding.status = Onboarding.Status.CANCELLED
    onboarding.save(update_fields=["status"])
    return onboarding


def open_items(onboarding: Onboarding) -> QuerySet[OnboardingItem]:
    return onboarding.items.filter(status=OnboardingItem.Status.OPEN)
