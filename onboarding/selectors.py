"""Reads for onboarding: HR's board, one plan by phase, check-in schedules."""

from datetime import date, timedelta

import django_filters
from crispy_forms.layout import HTML, Div, Field
from django import forms
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.urls import reverse, reverse_lazy

from core.forms import filter_helper
from core.needs import NeedsMe
from people.models import Program, User
from people.person_page import Overdue
from people.roles import Role
from people.selectors import people_visible_to

from .access import can_record_check_in, onboardings_visible_to, schedules_visible_to
from .models import CheckIn, CheckInSchedule, Onboarding, OnboardingItem, Phase, QuestionSet

OPEN = OnboardingItem.Status.OPEN


def with_progress(onboardings: QuerySet[Onboarding], *, today: date) -> QuerySet[Onboarding]:
    return onboardings.annotate(
        item_total=Count("items", distinct=True),
        item_done=Count("items", filter=~Q(items__status=OPEN), distinct=True),
        item_overdue=Count(
            "items", filter=Q(items__status=OPEN, items__due_date__lt=today), distinct=True
        ),
    )


class BoardFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            "program",
            # The browser's suggestions, filled by htmx as a name is typed.
            Div(Field("supervisor"), HTML('<datalist id="supervisor-options"></datalist>')),
            label="Filter onboardings",
        )


class BoardFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        # A callable: programs are scoped to the request's organisation, known per request.
        queryset=lambda request: Program.objects.all(),
        empty_label="All programs",
    )
    # Searched, not listed: a list of every supervisor grows the page with the agency.
    # The browser suggests names from supervisor_search (a datalist filled by htmx);
    # without script the typed name or an id filters all the same.
    supervisor = django_filters.CharFilter(
        method="filter_supervisor",
        help_text="Type part of a name",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "list": "supervisor-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("onboarding:supervisor-search"),
                "hx-trigger": "input changed delay:250ms, search",
                "hx-target": "#supervisor-options",
            }
        ),
    )

    class Meta:
        model = Onboarding
        form = BoardFilterForm
        fields = ["program", "supervisor"]

    def filter_supervisor(self, queryset, name, value):
        value = value.strip()
        # An id as older links carry it; longer digit strings overflow a database integer
        # and are searched as text, matching no one.
        if value.isascii() and value.isdigit() and len(value) <= 18:
            return queryset.filter(supervisor_id=int(value))
        return queryset.filter(_name_matches(value, prefix="supervisor__"))


def _name_matches(text: str, *, prefix: str = "") -> Q:
    """Each word of ``text`` is in the first name, the last name or the username."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}username__icontains": word})
        )
    return condition


SEARCH_LIMIT = 20


def supervisor_search(*, user, text: str) -> QuerySet[User]:
    """Supervisors whose name matches ``text``, among the people this person may see: the
    board's filter suggests these. Nothing for an empty search."""
    if not text.strip():
        return User.objects.none()
    return User.objects.filter(
        _name_matches(text),
        pk__in=people_visible_to(user=user).values("user_id"),
        groups__name=Role.SUPERVISOR,
    ).order_by("last_name", "first_name", "username")[:SEARCH_LIMIT]


def onboarding_board(*, user, params, today: date) -> BoardFilter:
    """Active onboardings this person may see, with progress and overdue counts, filtered."""
    onboardings = with_progress(
        onboardings_visible_to(user)
        .filter(status=Onboarding.Status.ACTIVE)
        .select_related("person", "supervisor", "program"),
        today=today,
    ).order_by("start_date", "pk")
    return BoardFilter(params or None, queryset=onboardings)


def onboarding_with_items(*, user, pk: int) -> Onboarding:
    return (
        onboardings_visible_to(user)
        .select_related("person", "supervisor", "program", "template", "started_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=OnboardingItem.objects.select_related("assignee", "completed_by").order_by(
                    "order", "pk"
                ),
                to_attr="items_list",
            )
        )
        .get(pk=pk)
    )


def phases_of(onboarding: Onboarding, *, today: date) -> list[dict]:
    """The plan's items by phase, each phase with its progress; overdue items flagged."""
    phases = []
    for value, label in Phase.choices:
        items = [i for i in onboarding.items_list if i.phase == value]
        if not items:
            continue
        for item in items:
            item.is_overdue = item.status == OPEN and item.due_date < today
        not_applicable = sum(1 for i in items if i.status == OnboardingItem.Status.NOT_APPLICABLE)
        overdue = sum(1 for i in items if i.is_overdue)
        done = sum(1 for i in items if i.status != OPEN)
        phases.append(
            {
                "code": value,
                "label": label,
                "items": items,
                # Not applicable counts as done: nothing is left to do for it.
                "done": done,
                "not_applicable": not_applicable,
                "open": len(items) - done - overdue,
                "total": len(items),
                "overdue": overdue,
            }
        )
    return phases


def items_for_person(*, user, today: date) -> list[OnboardingItem]:
    """Open items assigned to this person in active plans, soonest first."""
    return list(
        OnboardingItem.objects.filter(
            assignee=user, status=OPEN, onboarding__status=Onboarding.Status.ACTIVE
        )
        .select_related("onboarding__person")
        .order_by("due_date", "pk")[:25]
    )


def schedules_for(*, user) -> QuerySet[CheckInSchedule]:
    return (
        schedules_visible_to(user)
        .select_related("person", "supervisor")
        .prefetch_related("cadences")
    )


def schedule_detail(*, user, pk: int) -> CheckInSchedule:
    return (
        schedules_visible_to(user)
        .select_related("person", "supervisor")
        .prefetch_related(
            "cadences",
            Prefetch(
                "check_ins",
                queryset=CheckIn.objects.select_related("question_set", "recorded_by")
                .prefetch_related("participants", "follow_ups__owner")
                .order_by("-held_on", "-pk"),
            ),
        )
        .get(pk=pk)
    )


def check_in_detail(*, user, pk: int) -> CheckIn:
    return (
        CheckIn.objects.filter(schedule__in=schedules_visible_to(user))
        .select_related("schedule__person", "question_set", "recorded_by")
        .prefetch_related("participants", "answers", "follow_ups__owner")
        .get(pk=pk)
    )


def home_onboarding(*, user, roles: set[str], today: date) -> dict:
    """What the home page shows about onboarding and check-ins for this person's roles."""
    context = {"my_items": items_for_person(user=user, today=today)}
    if Role.HR in roles:
        context["board"] = list(
            with_progress(
                Onboarding.objects.filter(status=Onboarding.Status.ACTIVE).select_related(
                    "person", "supervisor"
                ),
                today=today,
            ).order_by("start_date", "pk")[:10]
        )
    if Role.SUPERVISOR in roles:
        context["check_ins_due"] = list(
            CheckInSchedule.objects.filter(supervisor=user, next_due__lte=today + timedelta(days=7))
            .select_related("person")
            .order_by("next_due")[:20]
        )
    return context


def question_sets_for(*, person: User) -> list[QuestionSet]:
    """The check-in question sets, the ones written for this person's kind of role first:
    a peer's check-in starts from the peer's questions."""
    own = QuestionSet.Audience.PEER if person.has_role(Role.PEER) else QuestionSet.Audience.NON_PEER
    return sorted(QuestionSet.objects.all(), key=lambda qs: qs.audience != own)


def onboarding_completion_by_organisation(*, organisation_ids) -> dict[int, dict[str, int]]:
    """Per organisation: onboardings started (not cancelled) and completed. Numbers only,
    for a network's figures."""
    rows = (
        Onboarding.objects.filter(organisation_id__in=organisation_ids)
        .exclude(status=Onboarding.Status.CANCELLED)
        .order_by()
        .values("organisation_id")
        .annotate(
            people=Count("person", distinct=True),
            started=Count("pk"),
            completed=Count("pk", filter=Q(status=Onboarding.Status.COMPLETED)),
        )
    )
    return {
        row["organisation_id"]: {
            "people": row["people"],
            "started": row["started"],
            "completed": row["completed"],
        }
        for row in rows
    }


def person_page_onboarding(*, viewer, person, today: date) -> dict:
    """The person's onboardings the viewer may see, latest first, with their progress (one
    query); an active one with items past due is overdue, from its oldest such item."""
    late = Q(items__status=OPEN, items__due_date__lt=today)
    onboardings = list(
        with_progress(onboardings_visible_to(viewer).filter(person=person), today=today)
        .annotate(first_late=Min("items__due_date", filter=late))
        .select_related("supervisor", "program")
        .order_by("-start_date", "-pk")
    )
    overdue = [
        Overdue(
            what=f"{o.item_overdue} onboarding step{'s' if o.item_overdue != 1 else ''}",
            due=o.first_late,
            url=reverse("onboarding:onboarding-detail", args=[o.pk]),
        )
        for o in onboardings
        if o.status == Onboarding.Status.ACTIVE and o.item_overdue
    ]
    return {"onboardings": onboardings, "overdue": overdue}


def person_page_check_ins(*, viewer, person, today: date) -> dict:
    """The person's check-in schedule if the viewer may see it: the next one due, the last
    one held and how many (one query). A next check-in before today is overdue."""
    schedule = (
        schedules_visible_to(viewer)
        .filter(person=person)
        .select_related("supervisor")
        .annotate(last_held=Max("check_ins__held_on"), held=Count("check_ins"))
        .first()
    )
    overdue = []
    if schedule is not None and schedule.next_due and schedule.next_due < today:
        overdue.append(
            Overdue(
                what="Check-in",
                due=schedule.next_due,
                url=reverse("onboarding:checkin-schedule-detail", args=[schedule.pk]),
            )
        )
    return {
        "schedule": schedule,
        "can_record": schedule is not None and can_record_check_in(viewer, schedule),
        "overdue": overdue,
    }


def needs_me(*, user, roles: set[str], today: date) -> list[NeedsMe]:
    """The home page's cards for onboarding and check-ins, one aggregate query each: the
    person's own open items and check-ins due this week (their own, and as supervisor),
    and for HR the active onboardings with their overdue items."""
    cards = []
    items = OnboardingItem.objects.filter(
        assignee=user, status=OPEN, onboarding__status=Onboarding.Status.ACTIVE
    ).aggregate(count=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    if items["count"] or Role.PEER in roles or not roles:
        cards.append(NeedsMe("Onboarding items", items["count"], "#todo-heading", items["late"]))
    week, late = Q(next_due__lte=today + timedelta(days=7)), Q(next_due__lt=today)
    own, supervising = Q(person=user), Q(supervisor=user)
    check_ins = CheckInSchedule.objects.filter(week & (own | supervising)).aggregate(
        own=Count("pk", filter=own),
        own_late=Count("pk", filter=own & late),
        supervising=Count("pk", filter=supervising),
        supervising_late=Count("pk", filter=supervising & late),
    )
    url = reverse("onboarding:checkin-list")
    if Role.PEER in roles or not roles:
        cards.append(
            NeedsMe("Check-ins", check_ins["own"], url, check_ins["own_late"], "due this week")
        )
    if Role.SUPERVISOR in roles:
        cards.append(
            NeedsMe(
                "Check-ins due",
                check_ins["supervising"],
                url,
                check_ins["supervising_late"],
                "this week",
            )
        )
    if Role.HR in roles:
        board = Onboarding.objects.filter(status=Onboarding.Status.ACTIVE).aggregate(
            count=Count("pk", distinct=True),
            late=Count("items", filter=Q(items__status=OPEN, items__due_date__lt=today)),
        )
        board_url = reverse("onboarding:onboarding-board")
        cards += [
            NeedsMe("Onboardings in progress", board["count"], board_url),
            NeedsMe("Onboarding items overdue", board["late"], board_url, board["late"]),
        ]
    return cards


def onboarding_figures(*, person_ids, today: date) -> dict:
    """For the agency self-assessment: of these people's onboardings that started 90 days to
    a year and 90 days ago (so each had its 90 days), how many were completed within them;
    and over the last 90 days, the check-ins held against the number their cadence asked."""
    from .services.checkins import cadence_on, next_after

    window = timedelta(days=90)
    onboardings = (
        Onboarding.objects.filter(
            person_id__in=person_ids,
            start_date__lte=today - window,
            start_date__gt=today - window - timedelta(days=365),
        )
        .exclude(status=Onboarding.Status.CANCELLED)
        .annotate(last_done=Max("items__completed_at"))
    )
    started = completed = 0
    for onboarding in onboardings:
        started += 1
        if (
            onboarding.status == Onboarding.Status.COMPLETED
            and onboarding.last_done is not None
            and onboarding.last_done.date() <= onboarding.start_date + window
        ):
            completed += 1
    since = today - window
    schedules = CheckInSchedule.objects.filter(person_id__in=person_ids).prefetch_related(
        "cadences"
    )
    expected = 0
    for schedule in schedules:
        cadences = list(schedule.cadences.all())
        if not cadences:
            continue
        day = max(since, min(c.starts_on for c in cadences))
        while day <= today:
            cadence = cadence_on(cadences, day)
            if cadence is None:
                day += timedelta(days=1)
                continue
            expected += 1
            day = next_after(day, cadence.frequency)
    held = CheckIn.objects.filter(
        schedule__person_id__in=person_ids, held_on__gt=since, held_on__lte=today
    ).count()
    return {"started": started, "completed": completed, "expected": expected, "held": held}
