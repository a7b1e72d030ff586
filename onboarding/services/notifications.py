"""Emails about onboarding plans: whoever has a step to take is told (``core.notices``)."""

from django.urls import reverse

from core.notices import notice_queue

from ..models import Onboarding, OnboardingItem

# The kind a person chooses how to get, on their settings page.
HANDOFFS = "onboarding.handoffs"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _path(onboarding: Onboarding) -> str:
    return reverse("onboarding:onboarding-detail", args=[onboarding.pk])


def onboarding_started_notice_queue(*, onboarding: Onboarding, items: list[OnboardingItem], by):
    """Tell the new hire, their supervisor and everyone given an item that ``onboarding``
    has started, each with the steps that are theirs (in the caller's transaction; sent
    on commit or kept for a digest). ``by``, who started it, is not told."""
    people = {
        onboarding.person.pk: onboarding.person,
        onboarding.supervisor.pk: onboarding.supervisor,
    }
    for item in items:
        people.setdefault(item.assignee_id, item.assignee)
    for pk, person in people.items():
        if pk == by.pk:
            continue
        theirs = [
            i for i in items if i.assignee_id == pk and i.status == OnboardingItem.Status.OPEN
        ]
        notice_queue(
            kind=HANDOFFS,
            recipients=[person],
            key=f"onboarding:{onboarding.pk}:started",
            subject=(
                "Welcome: your onboarding has started"
                if pk == onboarding.person_id
                else f"Onboarding of {_name(onboarding.person)} has started"
            ),
            template="onboarding/email/handoff.txt",
            context={
                "kind": "started",
                "onboarding": onboarding,
                "items": sorted(theirs, key=lambda i: (i.due_date, i.order)),
                "by": by,
            },
            path=_path(onboarding),
        )


def onboarding_item_reassigned_notice_queue(*, item: OnboardingItem, by, round: int) -> None:
    """Tell the item's new assignee it is theirs now (unless they gave it to themselves);
    ``round`` tells one reassignment from the next."""
    onboarding = item.onboarding
    notice_queue(
        kind=HANDOFFS,
        recipients=[item.assignee] if item.assignee_id != by.pk else [],
        key=f"onboarding-item:{item.pk}:reassigned:{round}",
        subject=f"An onboarding step for {_name(onboarding.person)} is now yours",
        template="onboarding/email/handoff.txt",
        context={"kind": "reassigned", "onboarding": onboarding, "items": [item], "by": by},
        path=_path(onboarding) + f"#item-{item.pk}",
    )
