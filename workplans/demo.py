"""Demo data: one work plan for the demo peer "peer2", made from their submitted evaluation."""

from datetime import date, time, timedelta

from django.db import transaction

from evaluations.models import Evaluation, Rating
from people.models import User

from .models import GuidePoint, WorkPlan
from .services.plans import (
    workplan_create_from_evaluation,
    workplan_meeting_save,
    workplan_step_add,
    workplan_update,
)


@transaction.atomic
def demo_workplans(*, today: date) -> WorkPlan | None:
    """Create the demo plan once; returns it, or None when its ingredients are missing
    (no peer2, no supervisor, no guide loaded, or no submitted evaluation rated Developing)."""
    peer = User.objects.filter(username="peer2").select_related("profile__supervisor").first()
    manager = getattr(getattr(peer, "profile", None), "supervisor", None)
    if peer is None or manager is None or not GuidePoint.objects.exists():
        return None
    existing = WorkPlan.objects.filter(employee=peer, manager=manager).first()
    if existing is not None:
        return existing
    evaluation = (
        Evaluation.objects.filter(peer=peer, supervisor=manager)
        .exclude(state=Evaluation.State.DRAFT)
        .filter(sections__items__rating=Rating.DEVELOPING)
        .order_by("-period_end")
        .first()
    )
    if evaluation is None:
        return None
    plan = workplan_create_from_evaluation(
        evaluation=evaluation, by=manager, start_date=today, end_date=today + timedelta(days=90)
    )
    points = list(GuidePoint.objects.values_list("pk", flat=True))
    plan = workplan_update(
        plan=plan,
        by=manager,
        revision=plan.revision,
        # Mostly yes; the demo shows where support is needed on two points.
        answers={pk: n not in (4, 10) for n, pk in enumerate(points, 1)},
        overview="We meet to agree on support for the areas rated Developing.",
        needs_practical="A quiet space to write notes after groups.",
        needs_process="Clear weekly priorities from supervision.",
        needs_person="Check-ins with another peer on the team.",
        contribution="Bring questions to supervision; practise story sharing in team meetings.",
        prevention="We review this plan at each meeting and say early when something is missed.",
        meeting_every=WorkPlan.Frequency.TWO_WEEKS,
        meeting_day=WorkPlan.Weekday.THURSDAY,
        meeting_time=time(10, 0),
        meeting_minutes=30,
        expiration="We may extend this plan if more support is needed.",
    )
    step = workplan_step_add(
        plan=plan,
        by=manager,
        revision=plan.revision,
        text="Enroll in Sharing Your Story Skillfully.",
        owner=peer,
        due_date=today + timedelta(days=14),
    )
    second = workplan_step_add(
        plan=plan,
        by=manager,
        revision=step.plan.revision,
        text="Set up a monthly peer-to-peer check-in.",
        owner=manager,
        due_date=today + timedelta(days=7),
    )
    # The meeting that set the plan up today, with its notes, and the next one planned.
    held = workplan_meeting_save(
        plan=plan,
        by=manager,
        revision=second.plan.revision,
        date=today,
        notes="Agreed on the plan's first steps; talked about a quiet space for notes.",
        employee_attended=True,
        manager_attended=True,
    )
    workplan_meeting_save(
        plan=plan, by=manager, revision=held.plan.revision, date=today + timedelta(days=14)
    )
    return plan
