"""Onboarding items linked to a training (week-one orientation topics), ticked and
unticked by the trainings app's attendance service."""

from django.db import transaction
from django.utils import timezone

from people.models import User

from ..models import Onboarding, OnboardingItem
from .plans import _finish_if_complete, onboarding_item_transition


@transaction.atomic
def onboarding_training_completed(*, person: User, course_code: str, by: User) -> int:
    """Tick the person's open onboarding items linked to this training (week-one orientation topics)."""
    items = list(
        OnboardingItem.objects.select_for_update()
        .select_related("onboarding")
        .filter(
            onboarding__person=person,
            onboarding__status=Onboarding.Status.ACTIVE,
            training_course_code=course_code,
            status=OnboardingItem.Status.OPEN,
        )
    )
    now = timezone.now()
    for item in items:
        onboarding_item_transition(
            item=item,
            action="complete_by_training",
            by=by,
            notes=f"Completed the training {course_code}.",
            fields={"completed_by": by, "completed_at": now, "completed_by_training": True},
        )
    for onboarding_id in {item.onboarding_id for item in items}:
        _finish_if_complete(Onboarding(pk=onboarding_id))
    return len(items)


@transaction.atomic
def onboarding_training_withdrawn(*, person: User, course_code: str, by: User) -> int:
    """Untick the items that completing this training ticked, now that the attendance was
    corrected and the person has not completed it. Items ticked by hand stay done. A plan
    the training had finished is in progress again, unless a newer plan is in progress
    (a person has one at a time): that finished plan stays the record of what was done."""
    active_elsewhere = Onboarding.objects.filter(
        person=person, status=Onboarding.Status.ACTIVE
    ).values_list("pk", flat=True)
    items = list(
        OnboardingItem.objects.select_for_update()
        .select_related("onboarding")
        .filter(
            onboarding__person=person,
            training_course_code=course_code,
            status=OnboardingItem.Status.DONE,
            completed_by_training=True,
        )
    )
    active = set(active_elsewhere)
    reopened = []
    for item in items:
        plan = item.onboarding
        if plan.status == Onboarding.Status.COMPLETED and active - {plan.pk}:
            continue
        if plan.status not in (Onboarding.Status.ACTIVE, Onboarding.Status.COMPLETED):
            continue  # a cancelled plan stays as it was stopped
        onboarding_item_transition(
            item=item,
            action="reopen_by_training",
            by=by,
            notes=f"Attendance at the training {course_code} was corrected: not completed.",
            fields={"completed_by": None, "completed_at": None, "completed_by_training": False},
        )
        reopened.append(item)
    Onboarding.objects.filter(
        pk__in={item.onboarding_id for item in reopened}, status=Onboarding.Status.COMPLETED
    ).update(status=Onboarding.Status.ACTIVE)
    return len(reopened)
