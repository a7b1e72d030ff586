"""Who may see and work on a self-assessment cycle.

Program admins (``readiness.manage_cycles``) run every cycle of their organisation; a
team member sees the cycle they sit on and answers for themselves. Anyone else gets 404.
"""

from django.db.models import QuerySet

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
    return cycles.filter(team__person=user)
