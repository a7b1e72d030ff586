"""Reads for the trainings pages: each is a fixed number of queries, whatever the row count."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.needs import NeedsMe
from evaluations.selectors import latest_shared_evaluation
from people.models import User
from people.roles import Role
from people.selectors import employed_people, employed_reports

from .models import (
    DEFAULT_COMPLETION_PERCENT,
    Course,
    Enrolment,
    Session,
    SessionSlot,
    TrainingSettings,
)


def completion_percents(*, organisation_ids) -> dict[int | None, int]:
    """Each organisation's share of a session's hours needed to complete it (one query);
    an organisation that has not set it, or none, gets the default."""
    found = dict(
        TrainingSettings.objects.filter(organisation_id__in=set(organisation_ids)).values_list(
            "organisation_id", "completion_percent"
        )
    )
    return defaultdict(lambda: DEFAULT_COMPLETION_PERCENT, found)


def completion_percent_for(*, organisation_id: int | None) -> int:
    return completion_percents(organisation_ids=[organisation_id])[organisation_id]


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _enrolment_count(status: str) -> Coalesce:
    counts = (
        # Seat counts span every organisation a network session is open to (numbers only).
        Enrolment.all_organisations.filter(session=OuterRef("pk"), status=status)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def sessions_annotated(*, user: User | None = None) -> QuerySet[Session]:
    """Sessions with their dates, seat counts, slots and (given a user) that user's status.

    Each figure is a correlated subquery on an index rather than a GROUP BY over
    joined slots and enrolments, so the cost follows the rows shown, not the table.
    """
    slots = SessionSlot.objects.filter(session=OuterRef("pk"))
    sessions = (
        Session.objects.select_related("course__group")
        .annotate(
            first_start=Subquery(slots.order_by("starts_at").values("starts_at")[:1]),
            last_end=Subquery(slots.order_by("-ends_at").values("ends_at")[:1]),
            enrolled_count=_enrolment_count(Enrolment.Status.ENROLLED),
            waitlist_count=_enrolment_count(Enrolment.Status.WAITLISTED),
        )
        .prefetch_related(Prefetch("slots", queryset=SessionSlot.objects.order_by("starts_at")))
    )
    if user is not None:
        sessions = sessions.annotate(
            my_status=Subquery(
                Enrolment.objects.filter(session=OuterRef("pk"), person=user).values("status")[:1]
            )
        )
    return sessions


def flag_under_minimum(sessions, today: date):
    """Marks sessions past their enrolment deadline with fewer enrolled than their minimum."""
    for session in sessions:
        session.open_seats = max(session.capacity - session.enrolled_count, 0)
        session.under_minimum = (
            session.status == Session.Status.SCHEDULED
            and session.enrolment_deadline <= today
            and session.enrolled_count < session.minimum
        )
    return sessions


def upcoming_sessions(*, user: User, today: date) -> QuerySet[Session]:
    """Sessions not yet over, soonest first; pass each page through ``flag_under_minimum``."""
    return (
        sessions_annotated(user=user)
        .filter(slots__ends_at__gte=day_start(today))
        .distinct()
        .order_by("first_start", "pk")
    )


@dataclass
class MonthView:
    month: date
    weeks: list[list[dict]]
    previous: date
    next: date


def month_calendar(*, user: User, month: date, today: date) -> MonthView:
    """The month's weeks, each day carrying the session days that fall on it."""
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    slots = (
        SessionSlot.objects.filter(
            starts_at__gte=day_start(first), starts_at__lt=day_start(last + timedelta(days=1))
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__course")
        .order_by("starts_at")
    )
    by_day = defaultdict(list)
    for slot in slots:
        by_day[timezone.localdate(slot.starts_at)].append(slot)
    grid = [
        [
            {"date": d, "in_month": d.month == month.month, "today": d == today, "slots": by_day[d]}
            for d in week
        ]
        for week in weeks
    ]
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return MonthView(month=month.replace(day=1), weeks=grid, previous=previous, next=following)


def session_detail(*, pk: int, user: User, today: date) -> Session:
    session = sessions_annotated(user=user).get(pk=pk)
    return flag_under_minimum([session], today)[0]


def session_roster(*, session: Session) -> list[Enrolment]:
    """Current, waitlisted and finished enrolments (not cancelled), with attendance."""
    return list(
        session.enrolments.exclude(status=Enrolment.Status.CANCELLED)
        .select_related("person")
        .prefetch_related("attendance")
        .order_by("status", "created_at", "pk")
    )


def my_trainings(*, person: User, today: date) -> list[Enrolment]:
    """The person's current and waitlisted enrolments in sessions not yet over (home page)."""
    return list(
        Enrolment.objects.filter(
            person=person, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
        )
        .annotate(first_start=Min("session__slots__starts_at"))
        .annotate(last_end=Max("session__slots__ends_at"))
        .filter(last_end__gte=day_start(today))
        .select_related("session__course")
        .order_by("first_start", "pk")
    )


@dataclass
class Transcript:
    person: User
    completed: list[Enrolment]
    upcoming: list[Enrolment]
    groups: list
    years: list[int]
    hours: dict = field(default_factory=dict)  # (year, group code) -> hours
    group_totals: dict = field(default_factory=dict)
    year_totals: dict = field(default_factory=dict)
    total: Decimal = Decimal("0")

    def rows(self):
        """One row per year: the hours in each group, then the year's total."""
        return [
            {
                "year": year,
                "cells": [self.hours.get((year, g.code), Decimal("0")) for g in self.groups],
                "labelled": [
                    (g, self.hours.get((year, g.code), Decimal("0"))) for g in self.groups
                ],
                "total": self.year_totals.get(year, Decimal("0")),
            }
            for year in self.years
        ]

    def totals(self):
        return [self.group_totals.get(g.code, Decimal("0")) for g in self.groups]

    def group_totals_labelled(self):
        """(group, hours) pairs: a phone shows each total under its group's name."""
        return list(zip(self.groups, self.totals(), strict=True))


def transcript_for(*, person: User, today: date) -> Transcript:
    """Completed trainings with hours by course group and calendar year, and what is coming."""
    from .models import CourseGroup

    enrolments = (
        Enrolment.objects.filter(person=person)
        .annotate(
            first_start=Min("session__slots__starts_at"), last_end=Max("session__slots__ends_at")
        )
        .select_related("session__course__group")
        .order_by("first_start", "pk")
    )
    completed = [e for e in enrolments if e.status == Enrolment.Status.COMPLETED]
    upcoming = [
        e
        for e in enrolments
        if e.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
        and e.last_end
        and timezone.localdate(e.last_end) >= today
    ]
    groups = list(CourseGroup.objects.all())
    result = Transcript(
        person=person, completed=completed, upcoming=upcoming, groups=groups, years=[]
    )
    for enrolment in completed:
        year = timezone.localdate(enrolment.last_end).year
        code = enrolment.session.course.group.code
        hours = enrolment.hours_credited
        result.hours[(year, code)] = result.hours.get((year, code), Decimal("0")) + hours
        result.group_totals[code] = result.group_totals.get(code, Decimal("0")) + hours
        result.year_totals[year] = result.year_totals.get(year, Decimal("0")) + hours
        result.total += hours
    result.years = sorted(result.year_totals)
    return result


def person_page_trainings(*, viewer, person: User, today: date) -> dict:
    """The person's transcript in brief: completed trainings and hours, and what is coming
    (two queries, as the transcript)."""
    return {"transcript": transcript_for(person=person, today=today)}


def person_page_suggestions(*, viewer, person: User, today: date) -> dict:
    """The evaluation the suggested trainings come from (one query); the suggestions
    themselves are on their own page."""
    return {"evaluation": latest_shared_evaluation(peer=person)}


def courses_catalogue() -> dict:
    """Active courses by group, with prerequisites and competency links; and the bundles."""
    from .models import CourseBundle

    return {
        "courses": list(
            Course.objects.filter(is_active=True)
            .select_related("group")
            .prefetch_related("prerequisites", "competency_links__domain")
        ),
        "bundles": list(CourseBundle.objects.prefetch_related("courses")),
    }


def people_enrollable_by(*, user: User) -> QuerySet[User]:
    """Whom this person may enrol besides themselves: HR anyone who works here, a supervisor their team."""
    from .access import manages_sessions

    order = ("last_name", "first_name", "username")
    if manages_sessions(user):
        return employed_people().order_by(*order)
    if user.has_perm("trainings.enrol_others"):
        return employed_reports(supervisor=user).order_by(*order)
    return User.objects.none()


def training_completion_by_organisation(*, organisation_ids) -> dict[int, dict[str, int]]:
    """Per organisation (its people's enrolments in finished sessions, wherever they were
    held): how many people finished one, how many enrolments were completed, and how many
    finished either way. Numbers only, for a network's figures."""
    finished = [Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED]
    rows = (
        Enrolment.objects.filter(person__organisation_id__in=organisation_ids, status__in=finished)
        .order_by()
        .values("person__organisation_id")
        .annotate(
            people=Count("person", distinct=True),
            finished=Count("pk"),
            completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
        )
    )
    return {
        row["person__organisation_id"]: {
            "people": row["people"],
            "finished": row["finished"],
            "completed": row["completed"],
        }
        for row in rows
    }


def needs_me(*, user: User, roles: set[str], today: date) -> list[NeedsMe]:
    """The home page's cards for trainings, one aggregate query each: a peer's enrolments
    in sessions not yet over (how many meet this week), and for HR the sessions meeting
    in the next two weeks."""
    cards = []
    start, week = day_start(today), day_start(today + timedelta(days=7))
    if Role.PEER in roles or not roles:
        mine = Enrolment.objects.filter(
            person=user,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED],
            session__slots__ends_at__gte=start,
        ).aggregate(
            count=Count("pk", distinct=True),
            soon=Count("pk", distinct=True, filter=Q(session__slots__starts_at__lt=week)),
        )
        cards.append(
            NeedsMe(
                "Trainings",
                mine["count"],
                reverse("trainings:transcript", args=[user.pk]),
                detail=f"{mine['soon']} this week" if mine["soon"] else "",
            )
        )
    if Role.HR in roles:
        sessions = Session.objects.filter(
            status=Session.Status.SCHEDULED,
            slots__ends_at__gte=start,
            slots__starts_at__lt=day_start(today + timedelta(days=14)),
        ).aggregate(count=Count("pk", distinct=True))
        cards.append(
            NeedsMe(
                "Training sessions",
                sessions["count"],
                reverse("trainings:session-list"),
                detail="in the next two weeks",
            )
        )
    return cards


def hours_attended(*, person_ids, since: date) -> Decimal:
    """Instruction hours credited to these people for days since ``since``."""
    from .models import Attendance

    total = Attendance.objects.filter(
        enrolment__person_id__in=person_ids, slot__starts_at__gte=day_start(since)
    ).aggregate(total=Coalesce(Sum("hours"), Decimal("0")))["total"]
    return total
