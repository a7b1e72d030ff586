"""Reads for people and teams."""

from django.db.models import Q, QuerySet

from .models import StaffProfile, User


def profiles_for_listing() -> QuerySet[StaffProfile]:
    return StaffProfile.objects.select_related(
        "user", "program", "supervisor", "population"
    ).prefetch_related("user__groups")


def team_for(*, supervisor: User) -> QuerySet[StaffProfile]:
    """The active people who report to this supervisor."""
    return profiles_for_listing().filter(supervisor=supervisor, is_active=True)


def people_visible_to(*, user: User) -> QuerySet[StaffProfile]:
    """Everyone for HR and admins; a supervisor's reports and themselves; otherwise oneself."""
    if user.has_perm("people.view_staffprofile"):
        return profiles_for_listing()
    if user.has_perm("people.view_team"):
        return profiles_for_listing().filter(Q(supervisor=user) | Q(user=user))
    return profiles_for_listing().filter(user=user)
