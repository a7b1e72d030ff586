"""Emails about work plans: whoever must read or sign next is told (``core.notices``)."""

from django.urls import reverse

from core.notices import notice_queue

from ..models import WorkPlan

# The kind a person chooses how to get, on their settings page.
HANDOFFS = "workplans.handoffs"

SUBJECTS = {
    "started": "A collaborative work plan was started with you: {employee}",
    "changed": "The work plan of {employee} changed: please read it and sign again",
    "signed": "{signer} signed the work plan of {employee}: it is ready for your signature",
    "locked": "The work plan of {employee} is signed by both of you",
}


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _signed(plan: WorkPlan) -> list:
    return [
        person
        for person, at in (
            (plan.manager, plan.manager_signed_at),
            (plan.employee, plan.employee_signed_at),
        )
        if at
    ]


def workplan_handoff_queue(*, plan: WorkPlan, event: str, by) -> None:
    """Tell who acts next about ``plan`` (in the caller's transaction; sent on commit, or
    kept for a digest), never ``by``, who made the change:

    - "started": the employee, who reads the plan and signs when they agree;
    - "changed" (called before the change is saved): whoever had signed, since their
      signature is withdrawn and the plan is ready for them to sign again;
    - "signed": the other person, whose signature is now asked for;
    - "locked": the other person: both have signed and the plan is locked.
    """
    if event == "started":
        recipients = [plan.employee]
    elif event == "changed":
        recipients = _signed(plan)
    elif event in ("signed", "locked"):
        recipients = [plan.employee if by.pk == plan.manager_id else plan.manager]
    else:
        raise ValueError(f"No hand-off email for {event!r}")
    notice_queue(
        kind=HANDOFFS,
        recipients=[person for person in recipients if person.pk != by.pk],
        # The revision tells one signing round from the next.
        key=f"workplan:{plan.pk}:{event}:{plan.revision}",
        subject=SUBJECTS[event].format(employee=_name(plan.employee), signer=_name(by)),
        template="workplans/email/handoff.txt",
        context={"plan": plan, "kind": event, "by": by},
        path=reverse("workplans:workplan-detail", args=[plan.pk]),
    )
