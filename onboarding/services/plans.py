"""Starting an onboarding for a new hire and acting on its items."""

import re
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import ApplicationError, full_clean
from core.transitions import Transition, TransitionTable, transition_apply
from people.models import Program, StaffProfile, User
from people.roles import Role
from people.selectors import email_in_use, usernames_starting
from people.services import person_create

from ..access import can_act_on_item, can_reassign_item, item_assignees
from ..models import (
    AppliesTo,
    AssigneeRole,
    ChecklistTemplate,
    Onboarding,
    OnboardingItem,
    OnboardingItemEvent,
    PastSteps,
)
from .calendar import closed_days, due_date_for
from .notifications import (
    onboarding_item_reassigned_notice_queue,
    onboarding_started_notice_queue,
)


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
    program: Program | None = None,
    past_steps: str = PastSteps.DUE_TODAY,
    started_on: date | None = None,
) -> Onboarding:
    """Start a plan for a new hire: an existing person, or a new account made from name and email.

    Items that do not apply to the person's employment type are left out (I-9 for
    employees, W-9 for volunteers); due dates come from the template's offsets,
    moved off weekends and the agency's holidays. A plan never starts overdue: steps
    whose dates have already passed are due today, or (``PastSteps.DONE_BEFORE``) are
    recorded as done by HR before the plan began. ``started_on`` (today unless a plan's
    history is being recorded, as the demo does) is the day HR started it. ``program``
    defaults to the person's, then the template's.
    """
    if not by.has_perm("onboarding.add_onboarding"):
        raise ApplicationError("Only HR starts onboarding plans.")
    if not supervisor.has_role(Role.SUPERVISOR):
        raise ApplicationError(f"{supervisor} does not have the Supervisor role.")
    if person is None:
        if not (first_name.strip() and last_name.strip() and email.strip()):
            raise ApplicationError(
                "Choose a person, or give the new hire's first name, last name and email."
            )
        if email_in_use(email=email.strip()):
            raise ApplicationError(
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
            program=program or template.program,
        )
    if person.pk == supervisor.pk:
        raise ApplicationError("A new hire cannot be their own supervisor.")
    if template.organisation_id not in (None, person.organisation_id):
        raise ApplicationError("Choose one of your agency's checklists, or a shared one.")
    if Onboarding.objects.filter(person=person, status=Onboarding.Status.ACTIVE).exists():
        raise ApplicationError(f"{person} already has an onboarding in progress.")
    if past_steps not in PastSteps.values:
        raise ApplicationError("Say what happens to steps whose dates have already passed.")
    profile, _ = StaffProfile.objects.get_or_create(user=person)
    profile.supervisor, profile.employment_type = supervisor, employment_type
    profile.start_date = profile.start_date or start_date
    profile.program = program or profile.program or template.program
    full_clean(profile)
    profile.save()

    onboarding = Onboarding(
        organisation_id=person.organisation_id,
        person=person,
        template=template,
        program=profile.program,
        supervisor=supervisor,
        start_date=start_date,
        employment_type=employment_type,
        started_by=by,
    )
    full_clean(onboarding)
    onboarding.save()
    template_items = [i for i in template.items.all() if _applies(i.applies_to, employment_type)]
    offsets = [i.due_offset_days for i in template_items] or [0]
    closed = closed_days(
        start_date + timedelta(days=min(offsets) - 14),
        start_date + timedelta(days=max(offsets) + 14),
        organisation_id=person.organisation_id,
    )
    assignees = {
        AssigneeRole.HR: by,
        AssigneeRole.SUPERVISOR: supervisor,
        AssigneeRole.NEW_HIRE: person,
    }
    today, now = started_on or timezone.localdate(), timezone.now()
    done_before = past_steps == PastSteps.DONE_BEFORE
    items = OnboardingItem.objects.bulk_create(
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
                **_first_state(
                    due_date_for(start_date, i.due_offset_days, closed=closed),
                    today=today,
                    done_before=done_before,
                    by=by,
                    now=now,
                ),
            )
            for i in template_items
        ]
    )
    OnboardingItemEvent.objects.bulk_create(
        OnboardingItemEvent(
            item=item, action=OnboardingItemEvent.Action.COMPLETED, by=by, notes=DONE_BEFORE_NOTE
        )
        for item in items
        if item.status == OnboardingItem.Status.DONE
    )
    onboarding_started_notice_queue(onboarding=onboarding, items=items, by=by)
    return onboarding


DONE_BEFORE_NOTE = "Done before the plan was started in PeerWorks."


def _first_state(due: date, *, today: date, done_before: bool, by: User, now) -> dict:
    """An item's due date and status when its plan starts: never already overdue."""
    if due >= today:
        return {"due_date": due}
    if not done_before:
        return {"due_date": today}
    return {
        "due_date": due,
        "status": OnboardingItem.Status.DONE,
        "completed_by": by,
        "completed_at": now,
        "notes": DONE_BEFORE_NOTE,
    }


def _free_username(first: str, last: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", f"{first[:1]}{last}".lower()) or "newhire"
    taken = usernames_starting(prefix=base)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    return candidate


# Numbers that look like an SSN, a driver licence or another ID must not be typed
# into notes: PeerWorks records only that a document was seen.
# Social Security numbers however they are spaced (123-45-6789, 123 45 6789, 123.45.6789,
# 123456789) and driver's licence numbers (a letter and seven digits).
_ID_NUMBER = re.compile(r"\b\d{3}[-\s.]?\d{2}[-\s.]?\d{4}\b|\b[A-Z]\d{7}\b")


def _clean_notes(item: OnboardingItem, notes: str) -> str:
    notes = notes.strip()
    if item.record_only and _ID_NUMBER.search(notes):
        raise ApplicationError(
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


Status = OnboardingItem.Status
Event = OnboardingItemEvent.Action


def _wrong_state(item: OnboardingItem, transition: Transition) -> str:
    if transition.action == "reassign":
        return "Only open items can be reassigned."
    if transition.action == "reopen":
        return "This item is already open."
    return f"This item is already {item.get_status_display().lower()}."


def _wrong_actor(item: OnboardingItem, transition: Transition) -> str:
    if transition.actor == "reassigner":
        return "Only the new hire's supervisor or HR can reassign an item."
    return "Only the person it is assigned to, their supervisor or HR can do this."


ITEM_TRANSITIONS = TransitionTable(
    transitions=(
        Transition(Status.OPEN, "complete", Status.DONE, "actor"),
        Transition(Status.OPEN, "not_applicable", Status.NOT_APPLICABLE, "actor"),
        Transition(Status.DONE, "reopen", Status.OPEN, "actor"),
        Transition(Status.NOT_APPLICABLE, "reopen", Status.OPEN, "actor"),
        Transition(Status.OPEN, "reassign", Status.OPEN, "reassigner"),
        Transition(Status.OPEN, "complete_by_training", Status.DONE, "attendance"),
        # Attendance corrected so that the training is no longer completed.
        Transition(Status.DONE, "reopen_by_training", Status.OPEN, "attendance"),
    ),
    actors={
        "actor": lambda item, user: can_act_on_item(user, item),
        "reassigner": lambda item, user: can_reassign_item(user, item),
        # Ticked when the person completes the linked training, unticked when that is
        # corrected: the trainings service has already checked who records attendance.
        "attendance": lambda item, user: True,
    },
    state="status",
    wrong_state=_wrong_state,
    wrong_actor=_wrong_actor,
    # Who may see and act on an item is checked first: the item's state is not theirs to learn.
    actor_first=True,
)
ITEM_EVENTS = {
    "complete": Event.COMPLETED,
    "not_applicable": Event.NOT_APPLICABLE,
    "reopen": Event.REOPENED,
    "reassign": Event.REASSIGNED,
    "complete_by_training": Event.COMPLETED,
    "reopen_by_training": Event.REOPENED,
}


def onboarding_item_transition(
    *, item: OnboardingItem, action: str, by: User, notes: str = "", fields=None, **event
) -> OnboardingItem:
    """Validate a move of ``ITEM_TRANSITIONS``, save the item with ``fields`` and record the
    move as an ``OnboardingItemEvent`` (``event`` adds to it, e.g. the assignees).

    Must run inside the caller's transaction, on an item locked by ``_locked_item``.
    """
    transition_apply(
        table=ITEM_TRANSITIONS,
        row=item,
        action=action,
        by=by,
        fields=fields,
        record=lambda transition: OnboardingItemEvent.objects.create(
            item=item, action=ITEM_EVENTS[action], by=by, notes=notes, **event
        ),
    )
    return item


@transaction.atomic
def onboarding_item_complete(*, item: OnboardingItem, by: User, notes: str = "") -> OnboardingItem:
    """Mark an item done. For a document, this records that it was seen and is on file, by whom and when."""
    item = _locked_item(item)
    ITEM_TRANSITIONS.check(row=item, action="complete", by=by)
    onboarding_item_transition(
        item=item,
        action="complete",
        by=by,
        notes=notes,
        fields={
            "notes": _clean_notes(item, notes) or item.notes,
            "completed_by": by,
            "completed_at": timezone.now(),
        },
    )
    _finish_if_complete(item.onboarding)
    return item


@transaction.atomic
def onboarding_item_not_applicable(
    *, item: OnboardingItem, by: User, reason: str
) -> OnboardingItem:
    """Mark an item not applicable; a reason is required so the record explains itself."""
    item = _locked_item(item)
    ITEM_TRANSITIONS.check(row=item, action="not_applicable", by=by)
    if not reason.strip():
        raise ApplicationError("Say why this item does not apply.")
    reason = _clean_notes(item, reason)
    onboarding_item_transition(
        item=item,
        action="not_applicable",
        by=by,
        notes=reason,
        fields={
            "not_applicable_reason": reason,
            "completed_by": by,
            "completed_at": timezone.now(),
        },
    )
    _finish_if_complete(item.onboarding)
    return item


@transaction.atomic
def onboarding_item_reopen(*, item: OnboardingItem, by: User, notes: str = "") -> OnboardingItem:
    """Open a done or not-applicable item again; a finished plan is in progress again."""
    item = _locked_item(item)
    ITEM_TRANSITIONS.check(row=item, action="reopen", by=by)
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
        raise ApplicationError(
            "This plan is finished and a newer onboarding in progress replaces it: "
            "add the work there."
        )
    onboarding_item_transition(
        item=item,
        action="reopen",
        by=by,
        notes=notes,
        fields={
            "completed_by": None,
            "completed_at": None,
            "completed_by_training": False,
            "not_applicable_reason": "",
        },
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
    ITEM_TRANSITIONS.check(row=item, action="reassign", by=by)
    if not item_assignees(item.onboarding).filter(pk=to.pk).exists():
        # Named by role, not by the person chosen: an id must not reveal who it belongs to.
        raise ApplicationError(
            "An item can go only to the new hire, their supervisor or HR: someone who can "
            "see this onboarding and act on it."
        )
    if to.pk == item.assignee_id:
        raise ApplicationError(f"This item is already assigned to {to}.")
    item = onboarding_item_transition(
        item=item,
        action="reassign",
        by=by,
        notes=_clean_notes(item, notes),
        fields={"assignee": to},
        from_assignee=item.assignee,
        to_assignee=to,
    )
    onboarding_item_reassigned_notice_queue(item=item, by=by, round=item.events.count())
    return item


@transaction.atomic
def onboarding_cancel(*, onboarding: Onboarding, by: User) -> Onboarding:
    """Stop a plan in progress; its items stay as they are, and nobody is reminded of them."""
    if not by.has_perm("onboarding.change_onboarding"):
        raise ApplicationError("Only HR can cancel an onboarding.")
    onboarding = Onboarding.objects.select_for_update().get(pk=onboarding.pk)
    if onboarding.status != Onboarding.Status.ACTIVE:
        # A finished plan is the record of what was done; it stays as it ended.
        raise ApplicationError(
            f"Only an onboarding in progress can be cancelled; this one is "
            f"{onboarding.get_status_display().lower()}."
        )
    onboarding.status = Onboarding.Status.CANCELLED
    onboarding.save(update_fields=["status"])
    return onboarding


def open_items(onboarding: Onboarding) -> QuerySet[OnboardingItem]:
    return onboarding.items.filter(status=OnboardingItem.Status.OPEN)
