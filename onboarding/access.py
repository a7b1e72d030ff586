"""Who sees and acts on onboardings and check-ins."""

from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet

from core.db import matching_any
from people.models import User
from people.selectors import employed_people, is_employed, report_ids

from .models import CheckInSchedule, Onboarding, OnboardingItem


def sees_all(user) -> bool:
    return user.has_perm("onboarding.view_all_onboardings")


def onboardings_visible_to(user) -> QuerySet[Onboarding]:
    """HR and admins all; a supervisor their reports'; a new hire their own."""
    if not is_employed(user):
        return Onboarding.objects.none()
    if sees_all(user):
        return Onboarding.objects.all()
    return matching_any(
        Onboarding.objects.all(),
        Q(person=user),
        Q(supervisor=user),
        Q(person_id__in=report_ids(supervisor=user)),
    )


def can_act_on_item(user, item: OnboardingItem) -> bool:
    onboarding = item.onboarding
    return (sees_all(user) and user.has_perm("onboarding.change_onboardingitem")) or user.pk in (
        item.assignee_id,
        onboarding.supervisor_id,
    )


def can_reassign_item(user, item: OnboardingItem) -> bool:
    """The onboarding's supervisor and HR hand items on; an assignee asks one of them."""
    return user.pk == item.onboarding.supervisor_id or (
        sees_all(user) and user.has_perm("onboarding.change_onboardingitem")
    )


def item_assignees(onboarding: Onboarding) -> QuerySet[User]:
    """Who may hold an item of this onboarding: only people who, once it is theirs, see the
    onboarding and may act on its items: the new hire, their supervisor and HR.

    Anyone else would find the item on their home page and a 404 behind it."""
    hr = Permission.objects.filter(
        content_type__app_label="onboarding",
        codename__in=["view_all_onboardings", "change_onboardingitem"],
    )
    holds_both = (
        User.objects.filter(groups__permissions__in=hr)
        .values("pk")
        .annotate(held=Count("groups__permissions", distinct=True))
        .filter(held=2)
        .values("pk")
    )
    reports_to = User.objects.filter(pk=onboarding.person_id).values("profile__supervisor")
    return (
        employed_people()
        .filter(
            Q(pk__in=[onboarding.person_id, onboarding.supervisor_id])
            | Q(pk__in=reports_to)
            | Q(pk__in=holds_both)
            | Q(is_superuser=True)
        )
        .order_by("last_name", "first_name", "username")
    )


def schedules_visible_to(user) -> QuerySet[CheckInSchedule]:
    if not is_employed(user):
        return CheckInSchedule.objects.none()
    if sees_all(user):
        return CheckInSchedule.objects.all()
    return matching_any(
        CheckInSchedule.objects.all(),
        Q(person=user),
        Q(supervisor=user),
        Q(person_id__in=report_ids(supervisor=user)),
    )


def can_record_check_in(user, schedule: CheckInSchedule) -> bool:
    return user.pk == schedule.supervisor_id or (
        sees_all(user) and user.has_perm("onboarding.add_checkin")
    )
