"""Who may see and work on a self-assessment cycle.

Program admins (``readiness.manage_cycles``) run every cycle of their organisation; a
team member sees the cycle they sit on and answers for themselves; an action's owner sees
the cycle's action plan and moves their action. Anyone else gets 404.
"""

from django.db.models import Q, QuerySet

from people.selectors import is_employed

from .models import Cycle


def manages(user) -> bool:
    return is_employed(user) and user.has_perm("readiness.manage_cycles")


def cycles_visible_to(user) -> QuerySet[Cycle]:
    cycles = Cycle.objects.all()
    if not is_employed(user):
        return cycles.none()
    if manages(user):
        return cycles
    # The team, and the owners of the plan's actions (their reminders link here).
    return cycles.filter(Q(team__person=user) | Q(actions__owner=user)).distinct()
