"""Writing work plans: creating, editing, steps, meetings and signatures.

Every write goes through here, re-reads the plan under a row lock, and checks
who is acting and whether the plan is locked (both signed).
"""

import copy
import hashlib
import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from audit.services import audit_changes
from core.errors import ApplicationError, ConflictError, full_clean
from core.integrity import content_hash, record_seal
from evaluations.models import Evaluation
from evaluations.selectors import developing_items
from people.signatures import normalised_signature, signature_matches

from ..access import can_edit
from ..models import ChecklistAnswer, FollowUpMeeting, GuidePoint, ImmediateStep, WorkPlan
from ..rules import CONFLICT_MESSAGE, MISSING_REVISION
from .notifications import workplan_handoff_queue
from .signatures import (
    SIGNED,
    WORKPLAN_TRANSITIONS,
    only_the_manager,
    sign_action,
    workplan_transition,
)

# The fields of sections I–VIII the manager writes.
CONTENT_FIELDS = (
    "start_date",
    "end_date",
    "overview",
    "background",
    "performance_issues",
    "needs_practical",
    "needs_process",
    "needs_person",
    "contribution",
    "prevention",
    "meeting_every",
    "meeting_day",
    "meeting_time",
    "meeting_minutes",
    "expiration",
)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _locked_copy(plan: WorkPlan) -> WorkPlan:
    return (
        WorkPlan.objects.select_for_update().select_related("employee", "manager").get(pk=plan.pk)
    )


def _require_manager(plan: WorkPlan, by) -> None:
    if not can_edit(by, plan):
        raise ApplicationError(only_the_manager(plan))


def _check_edit(plan: WorkPlan, by) -> None:
    """The manager edits, until both have signed."""
    WORKPLAN_TRANSITIONS.check(row=plan, action="edit", by=by)


def _check_revision(plan: WorkPlan, revision: int | None, message: str = CONFLICT_MESSAGE) -> None:
    """Every change names the version it was made from; one made from an older version (by
    someone else, or by the same person in another tab) is refused, not saved over."""
    if revision is None:
        raise ApplicationError(MISSING_REVISION)
    if revision != plan.revision:
        raise ConflictError(message)


def _check_dates(plan: WorkPlan) -> None:
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        raise ApplicationError({"end_date": ["The plan must end on or after its start date."]})


def _content_changed(plan: WorkPlan, by) -> None:
    """Save a change to what was agreed: any signature given is for the old text, so it is
    withdrawn."""
    workplan_handoff_queue(plan=plan, event="changed", by=by)
    workplan_transition(
        plan=plan,
        action="edit",
        by=by,
        fields={
            "manager_signature": "",
            "employee_signature": "",
            "manager_signed_at": None,
            "employee_signed_at": None,
            "revision": plan.revision + 1,
        },
    )


@transaction.atomic
def workplan_create(
    *,
    employee,
    manager,
    start_date: date,
    end_date: date,
    evaluation: Evaluation | None = None,
    performance_issues: str = "",
) -> WorkPlan:
    """Start a plan for one of the manager's direct reports, with an unanswered checklist."""
    if not manager.has_perm("workplans.add_workplan"):
        raise ApplicationError("Only supervisors start work plans.")
    profile = getattr(employee, "profile", None)
    if profile is None or profile.supervisor_id != manager.pk:
        raise ApplicationError(
            {
                "employee": [
                    f"{_name(employee)} does not report to you, so you cannot start their plan."
                ]
            }
        )
    points = list(GuidePoint.objects.all())
    if not points:
        raise ApplicationError(
            "The work plan guide is not loaded; run “python manage.py load_catalogues”."
        )
    plan = WorkPlan(
        # The employer's record: it stays with this organisation if the person moves on.
        organisation_id=employee.organisation_id,
        employee=employee,
        manager=manager,
        start_date=start_date,
        end_date=end_date,
        evaluation=evaluation,
        performance_issues=performance_issues,
    )
    _check_dates(plan)
    full_clean(plan)
    plan.save()
    ChecklistAnswer.objects.bulk_create(ChecklistAnswer(plan=plan, point=p) for p in points)
    workplan_handoff_queue(plan=plan, event="started", by=manager)
    return plan


def developing_items_text(evaluation: Evaluation) -> str:
    """The items rated Developing, as "code text" lines, each category followed by its comment."""
    blocks: dict = {}
    for item in developing_items(evaluation=evaluation):
        blocks.setdefault(item.section, []).append(f"{item.code} {item.text}")
    parts = []
    for section, lines in blocks.items():
        if section.comment.strip():
            lines.append(f"Category {section.code} comment: {section.comment.strip()}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


@transaction.atomic
def workplan_create_from_evaluation(
    *, evaluation: Evaluation, by, start_date: date, end_date: date
) -> WorkPlan:
    """Start a plan from an evaluation: its Developing items fill section III."""
    if evaluation.state == Evaluation.State.DRAFT:
        raise ApplicationError("Submit the evaluation before starting a work plan from it.")
    text = developing_items_text(evaluation)
    if not text:
        raise ApplicationError("This evaluation has no items rated Developing.")
    return workplan_create(
        employee=evaluation.peer,
        manager=by,
        start_date=start_date,
        end_date=end_date,
        evaluation=evaluation,
        performance_issues=text,
    )


@transaction.atomic
def workplan_update(
    *,
    plan: WorkPlan,
    by,
    answers: dict[int, bool | None],
    revision: int | None,
    **fields,
) -> WorkPlan:
    """Save the checklist (point id -> yes/no/unanswered) and the section fields.

    ``revision`` is the version the person opened; if the plan has changed since
    (a signature, a step, another save), ConflictError is raised and nothing is saved.
    Signatures already given are withdrawn: they were for the text before this change.
    """
    plan = _locked_copy(plan)
    _check_edit(plan, by)
    _check_revision(plan, revision)
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Not plan fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_dates(plan)
    full_clean(plan)
    _content_changed(plan, by)
    rows = [
        row
        for row in plan.answers.select_related("point").filter(point_id__in=answers)
        if row.answer != answers[row.point_id]
    ]
    # Bulk updates send no signals: the answers are recorded here, on the plan.
    audit_changes(
        instance=plan,
        changes={
            f"Checklist {row.point.number}": [row.answer, answers[row.point_id]] for row in rows
        },
    )
    for row in rows:
        row.answer = answers[row.point_id]
    ChecklistAnswer.objects.bulk_update(rows, ["answer"])
    return plan


@transaction.atomic
def workplan_step_add(
    *, plan: WorkPlan, by, revision: int | None, text: str, owner, due_date: date
) -> ImmediateStep:
    """Add an immediate step (section VI), owned by the employee or the manager."""
    plan = _locked_copy(plan)
    _check_edit(plan, by)
    _check_revision(plan, revision)
    if owner is None or owner.pk not in (plan.employee_id, plan.manager_id):
        raise ApplicationError({"owner": ["A step is owned by the employee or the manager."]})
    step = ImmediateStep(plan=plan, text=text.strip(), owner=owner, due_date=due_date)
    full_clean(step)
    step.save()
    _content_changed(plan, by)
    return step


@transaction.atomic
def workplan_step_remove(*, step: ImmediateStep, by, revision: int | None) -> None:
    """Remove a step added by mistake; refused once the plan is signed by both."""
    plan = _locked_copy(step.plan)
    _check_edit(plan, by)
    _check_revision(plan, revision)
    step.delete()
    _content_changed(plan, by)


@transaction.atomic
def workplan_step_mark(
    *, step: ImmediateStep, by, revision: int | None, done: bool
) -> ImmediateStep:
    """Mark a step done (or not yet): the manager, or the step's owner; allowed after signing."""
    plan = _locked_copy(step.plan)
    if not (can_edit(by, plan) or step.owner_id == by.pk):
        raise ApplicationError("Only the manager or the step's owner can mark it done.")
    _check_revision(plan, revision)
    step = ImmediateStep.objects.select_for_update().get(pk=step.pk)
    step.done_at = timezone.now() if done else None
    step.save(update_fields=["done_at"])
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])
    return step


@transaction.atomic
def workplan_meeting_save(
    *,
    plan: WorkPlan,
    by,
    revision: int | None,
    date: date,
    notes: str = "",
    employee_attended: bool = False,
    manager_attended: bool = False,
    others_attending: str = "",
    meeting: FollowUpMeeting | None = None,
) -> FollowUpMeeting:
    """Plan a follow-up meeting, or record what was discussed and who attended.

    Allowed after both have signed: meetings are how the plan is followed up.
    """
    plan = _locked_copy(plan)
    _require_manager(plan, by)
    _check_revision(plan, revision)
    if meeting is None:
        meeting = FollowUpMeeting(plan=plan)
    elif meeting.plan_id != plan.pk:
        raise ApplicationError("That meeting belongs to another plan.")
    meeting.date = date
    meeting.notes = notes.strip()
    meeting.employee_attended = employee_attended
    meeting.manager_attended = manager_attended
    meeting.others_attending = others_attending.strip()
    meeting.recorded_by = by
    full_clean(meeting)
    meeting.save()
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])
    return meeting


# What a signature does not change: the other person's signature is not a change to the
# text being signed (nor are the meetings that follow a signed plan).
SIGNATURE_KEYS = (
    "manager_signature",
    "manager_signed_at",
    "employee_signature",
    "employee_signed_at",
    "employee_comments",
)


def signed_text_fingerprint(plan: WorkPlan) -> str:
    """A fingerprint of what a signature agrees to: the plan's content without signatures.
    The sign page carries it, so a plan signed meanwhile by the other person is still
    signed, and one whose text changed is not."""
    content = {k: v for k, v in workplan_content(plan).items() if k not in SIGNATURE_KEYS}
    text = json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def workplan_sign(
    *, plan: WorkPlan, by, signature: str, fingerprint: str | None, comments: str = ""
) -> WorkPlan:
    """The manager or the employee signs by typing their name; the employee may add comments.

    ``fingerprint`` is ``signed_text_fingerprint`` of the plan the signer read; a plan
    whose text changed since is not signed (a signature added by the other person is not
    a change). Once both have signed the plan is locked and sealed in the chain
    (``core.integrity``).
    """
    plan = _locked_copy(plan)
    if not fingerprint:
        raise ApplicationError(MISSING_REVISION)
    if fingerprint != signed_text_fingerprint(plan):
        raise ConflictError(
            "This work plan was changed since you opened it. Nothing was signed: "
            "read the current version, then sign it."
        )
    action = sign_action(plan, by)
    transition = WORKPLAN_TRANSITIONS.check(row=plan, action=action, by=by)
    if not signature_matches(typed=signature, user=by):
        raise ApplicationError({"signature": [f"Type your name as “{_name(by)}” to sign."]})
    role = "manager" if action == "sign_as_manager" else "employee"
    fields = {
        f"{role}_signature": normalised_signature(signature),
        f"{role}_signed_at": timezone.now(),
        "revision": plan.revision + 1,
    }
    if role == "employee":
        fields["employee_comments"] = comments.strip()
    locks = transition.target == SIGNED
    if locks:
        # The hash is of the plan as it will be saved, both signatures included.
        signed = copy.copy(plan)
        for name, value in fields.items():
            setattr(signed, name, value)
        fields["content_hash"] = content_hash(workplan_content(signed))
    workplan_transition(
        plan=plan,
        action=action,
        by=by,
        fields=fields,
        record=lambda transition: record_seal(record=plan, event="signed") if locks else None,
    )
    workplan_handoff_queue(plan=plan, event="locked" if locks else "signed", by=by)
    return plan


def workplan_content(plan: WorkPlan) -> dict:
    """What both signed, as plain data: hashed when the plan locks (steps' done dates excluded,
    since ticking a step off is how a signed plan is followed)."""
    return {
        "id": plan.pk,
        "employee": plan.employee_id,
        "manager": plan.manager_id,
        "evaluation": plan.evaluation_id,
        **{name: getattr(plan, name) for name in CONTENT_FIELDS},
        "manager_signature": plan.manager_signature,
        "manager_signed_at": plan.manager_signed_at,
        "employee_signature": plan.employee_signature,
        "employee_signed_at": plan.employee_signed_at,
        "employee_comments": plan.employee_comments,
        "checklist": sorted([a.point_id, a.answer] for a in plan.answers.all()),
        "steps": sorted([s.pk, s.text, s.owner_id, s.due_date] for s in plan.steps.all()),
    }


def workplan_states(pks: list[int]) -> dict[int, tuple[WorkPlan, dict]]:
    """{pk: (plan, what both signed)} for these plans (core.integrity.SEALED_RECORDS)."""
    plans = WorkPlan.objects.filter(pk__in=pks).prefetch_related("answers", "steps")
    return {plan.pk: (plan, workplan_content(plan)) for plan in plans}


def signed_workplan_ids() -> list[int]:
    """The plans locked now (signed by both); each must have been sealed."""
    return list(
        WorkPlan.objects.filter(
            manager_signed_at__isnull=False, employee_signed_at__isnull=False
        ).values_list("pk", flat=True)
    )
