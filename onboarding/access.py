"""Who sees and acts on onboardings and check-ins."""

from django.db.models import Q, QuerySet

from people.selectors import is_employed

from .models import CheckInSchedule, Onboarding, OnboardingItem


def sees_all(user) -> bool:
    return user.has_perm("onboarding.view_all_onboardings")


def onboardings_visible_to(user) -> QuerySet[Onboarding]:
    """HR and admins all; a supervisor their reports'; a new hire their own."""
    if not is_employed(user):
        return Onboarding.objects.none()
    if sees_all(user):
        return Onboarding.objects.all()
    return Onboarding.objects.filter(
        Q(person=user) | Q(supervisor=user) | Q(person__profile__supervisor=user)
    )


def can_act_on_item(user, item: OnboardingItem) -> bool:
    onboarding = item.onboarding
    return (sees_all(user) and user.has_perm("onboarding.change_onboardingitem")) or user.pk in (
        item.assignee_id,
        onboarding.supervisor_id,
    )


def schedules_visible_to(user) -> QuerySet[CheckInSchedule]:
    if not is_employed(user):
        return CheckInSchedule.objects.none()
    if sees_all(user):
        return CheckInSchedule.objects.all()
    return CheckInSchedule.objects.filter(
        Q(person=user) | Q(supervisor=user) | Q(person__profile__supervisor=user)
    )


def can_record_check_in(user, schedule: CheckInSchedule) -> bool:
    return user.pk == schedule.supervisor_id or (
        sees_all(user) and user.has_perm("onboarding.add_checkin")
    )
