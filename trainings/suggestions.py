"""Suggested trainings: from a peer's latest evaluation to courses and their sessions.

A read, like ``selectors`` (which it extends), kept apart because its rules are its own:
what the peer has completed or holds a place in is not proposed again, and a course whose
prerequisite is missing is replaced by that prerequisite (WRAP Seminar I before II)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, Min
from django.utils import timezone

from competencies.models import Domain
from evaluations.models import Evaluation
from evaluations.selectors import developing_items, latest_shared_evaluation
from people.models import User

from .models import Course, CourseCompetency, Enrolment, Session
from .selectors import flag_under_minimum, sessions_annotated


@dataclass
class CourseSuggestion:
    course: Course
    note: str  # the source text linking the course to the category
    sessions: list = field(default_factory=list)  # upcoming, with open seats
    # Where the peer already holds a seat or a waitlist place in a session to come.
    place: Enrolment | None = None
    # The course the evaluation pointed to, when this one is its missing prerequisite.
    leads_to: Course | None = None


@dataclass
class Suggestion:
    domain: Domain
    courses: list[CourseSuggestion] = field(default_factory=list)


def _first_missing(course_id: int, requires: dict[int, set[int]], completed: set[int]) -> set[int]:
    """The courses to take first: the missing prerequisites whose own are met (WRAP I
    before WRAP II), or the course itself when nothing is missing."""
    missing = requires.get(course_id, set()) - completed
    if not missing:
        return {course_id}
    seen = set()
    for prerequisite in missing:
        if prerequisite not in seen:
            seen |= _first_missing(prerequisite, requires, completed)
    return seen


def suggested_trainings(*, peer: User, today: date) -> tuple[Evaluation | None, list[Suggestion]]:
    """From the peer's latest evaluation: each category with an item rated Developing, the
    courses linked to that competency group, and their upcoming sessions with open seats.

    WISE category codes equal SAMHSA category codes, so a section's code names the SAMHSA
    group. Courses the peer has completed are left out; a course they hold a place in shows
    that place instead of sessions; a course with a prerequisite they lack is replaced by
    the prerequisite. Six queries, whatever the number of courses and sessions.
    """
    evaluation = latest_shared_evaluation(peer=peer)
    if evaluation is None:
        return None, []
    codes = developing_items(evaluation=evaluation).values("section__code")
    mine = Enrolment.objects.filter(person=peer)
    completed = set(
        mine.filter(status=Enrolment.Status.COMPLETED).values_list("session__course", flat=True)
    )
    links = list(
        CourseCompetency.objects.filter(
            domain__framework__slug="samhsa", domain__code__in=codes, course__is_active=True
        )
        .exclude(course__in=completed)
        .select_related("domain", "course__group")
        .order_by("domain__order", "course__group__order", "course__order")
    )
    requires = defaultdict(set)
    for course_id, prerequisite_id in Course.prerequisites.through.objects.values_list(
        "from_course_id", "to_course_id"
    ):
        requires[course_id].add(prerequisite_id)
    wanted = {link.course_id: _first_missing(link.course_id, requires, completed) for link in links}
    prerequisite_ids = set().union(*wanted.values()) - set(wanted)
    courses = {link.course_id: link.course for link in links}
    courses.update(Course.objects.select_related("group").in_bulk(prerequisite_ids))
    places = {
        e.session.course_id: e
        for e in mine.filter(
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
            session__status=Session.Status.SCHEDULED,
        )
        .annotate(
            first_start=Min("session__slots__starts_at"), last_end=Max("session__slots__ends_at")
        )
        .filter(last_end__gte=timezone.now())
        .select_related("session")
        .order_by("-first_start")  # the soonest place wins when there are two
    }
    offered = set(courses) - set(places)
    sessions = (
        sessions_annotated()
        .filter(
            course__in=offered,
            status=Session.Status.SCHEDULED,
            enrolment_deadline__gte=today,
            enrolled_count__lt=F("capacity"),
        )
        .order_by("first_start", "pk")
    )
    by_course = defaultdict(list)
    for session in flag_under_minimum(list(sessions), today):
        by_course[session.course_id].append(session)

    suggestions: dict[int, Suggestion] = {}
    for link in links:
        suggestion = suggestions.setdefault(link.domain_id, Suggestion(domain=link.domain))
        shown = {c.course.pk for c in suggestion.courses}
        for course_id in sorted(wanted[link.course_id], key=lambda pk: _order(courses[pk])):
            if course_id in shown:
                continue  # WRAP I already proposed in this category
            suggestion.courses.append(
                CourseSuggestion(
                    course=courses[course_id],
                    note=link.note,
                    sessions=by_course[course_id],
                    place=places.get(course_id),
                    leads_to=link.course if course_id != link.course_id else None,
                )
            )
    return evaluation, list(suggestions.values())


def _order(course: Course) -> tuple:
    return (course.group.order, course.order, course.code)
