"""Who may see and change a work plan: the object-level rules.

Views ask these (and answer 404 when a plan is not visible); services ask them
again, so no way of calling a service skips them.
"""

from django.db.models import Q, QuerySet

from people.selectors import is_employed

from .models import WorkPlan


def sees_all(user) -> bool:
    return user.has_perm("workplans.view_all_workplans")


def workplans_visible_to(user) -> QuerySet[WorkPlan]:
    """HR and program admins see every plan; the employee and the manager see theirs."""
    plans = WorkPlan.objects.all()
    if not is_employed(user):
        return plans.none()
    if sees_all(user):
        return plans
    return plans.filter(Q(employee=user) | Q(manager=user))


def can_view(user, plan: WorkPlan) -> bool:
    return is_employed(user) and (sees_all(user) or user.pk in (plan.employee_id, plan.manager_id))


def can_edit(user, plan: WorkPlan) -> bool:
    """Only the plan's manager writes it; the employee reads it, and both sign."""
    return is_employed(user) and plan.manager_id == user.pk
