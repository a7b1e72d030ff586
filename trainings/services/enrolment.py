"""Enrolling, the waitlist and cancelling: every seat change happens under a lock on the session."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from core.errors import ApplicationError
from core.transitions import Transition, TransitionTable, transition_apply
from people.models import User
from people.roles import Role

from ..access import can_enrol, manages_sessions
from ..models import Course, Enrolment, Session, TrainingNotice
from .notifications import training_notice_queue

ACTIVE = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
MANAGER_ROLES = {Role.SUPERVISOR, Role.HR, Role.PROGRAM_ADMIN}
NOT_YOURS_TO_ENROL = "You may not enrol this person."


@dataclass
class EnrolmentResult:
    enrolment: Enrolment
    warnings: list[str] = field(default_factory=list)

    @property
    def waitlisted(self) -> bool:
        return self.enrolment.status == Enrolment.Status.WAITLISTED


def _name(person: User) -> str:
    return person.get_full_name() or person.get_username()


def audience_warning(*, course: Course, person: User) -> str | None:
    """A message when the course is meant for a different audience than the person's roles."""
    roles = person.role_names
    leads = bool(roles & MANAGER_ROLES)
    if course.audience == Course.Audience.PEERS and Role.PEER not in roles:
        return f"{course} is meant for peer staff; {_name(person)} does not hold that role."
    if course.audience == Course.Audience.PEERS_AND_LINE_STAFF and leads and Role.PEER not in roles:
        return f"{course} is meant for peer and line staff rather than managers."
    if course.audience == Course.Audience.LEADERSHIP and not leads:
        return f"{course} is meant for leadership, managers and clinicians."
    return None


def missing_prerequisites(*, course: Course, person: User) -> list[Course]:
    completed = Enrolment.objects.filter(person=person, status=Enrolment.Status.COMPLETED).values(
        "session__course_id"
    )
    return list(course.prerequisites.exclude(pk__in=completed))


def _place_in_another_session(*, course: Course, person: User, session: Session):
    """The person's seat or waitlist place in another session of the course still to come."""
    return (
        Enrolment.objects.filter(
            person=person,
            session__course=course,
            session__status=Session.Status.SCHEDULED,
            status__in=ACTIVE,
        )
        .exclude(session=session)
        .annotate(
            first_start=Min("session__slots__starts_at"), last_end=Max("session__slots__ends_at")
        )
        .filter(last_end__gte=timezone.now())
        .order_by("first_start")
        .first()
    )


def _retake_warning(course: Course, person: User) -> str | None:
    # Taking a course again (a refresher) is allowed; suggestions never propose it.
    if Enrolment.objects.filter(
        person=person, session__course=course, status=Status.COMPLETED
    ).exists():
        return f"{_name(person)} has already completed {course}."
    return None


def lock_session(session: Session) -> Session:
    """The session, locked for the caller's transaction: every seat change goes through it."""
    return Session.objects.select_for_update().select_related("course").get(pk=session.pk)


Status = Enrolment.Status
NEW = ""  # an enrolment not yet saved: nobody has asked for a place before
RECORDED = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)


def _wrong_state(enrolment: Enrolment, transition: Transition) -> str:
    if transition.action in ("enrol", "waitlist"):
        return (
            f"{_name(enrolment.person)} is already "
            f"{enrolment.get_status_display().lower()} in this session."
        )
    if transition.action in ("complete", "not_complete"):
        return "Attendance is recorded only for people enrolled in the session."
    if transition.action == "promote":
        return "Only a place on the waitlist is promoted."
    return "Only a current enrolment or waitlist place can be cancelled."


def _wrong_actor(enrolment: Enrolment, transition: Transition) -> str:
    return {
        "enrol": NOT_YOURS_TO_ENROL,
        "waitlist": NOT_YOURS_TO_ENROL,
        "cancel": "You may not cancel this enrolment.",
        "release": "Only HR cancels sessions.",
    }.get(transition.action, "Only HR records attendance.")


ENROLMENT_TRANSITIONS = TransitionTable(
    transitions=(
        *(Transition(s, "enrol", Status.ENROLLED, "enroller") for s in (NEW, Status.CANCELLED)),
        *(
            Transition(s, "waitlist", Status.WAITLISTED, "enroller")
            for s in (NEW, Status.CANCELLED)
        ),
        Transition(Status.WAITLISTED, "promote", Status.ENROLLED, "seat_freed"),
        *(Transition(s, "cancel", Status.CANCELLED, "enroller") for s in ACTIVE),
        # The session is cancelled: every place in it is released.
        *(Transition(s, "release", Status.CANCELLED, "hr") for s in ACTIVE),
        *(Transition(s, "complete", Status.COMPLETED, "hr") for s in RECORDED),
        *(Transition(s, "not_complete", Status.NOT_COMPLETED, "hr") for s in RECORDED),
    ),
    actors={
        "enroller": lambda enrolment, user: can_enrol(user, enrolment.person),
        "hr": lambda enrolment, user: manages_sessions(user),
        # A seat is given to the first person waiting because of the change that freed it
        # (a cancellation, or HR adding seats), which was checked as its own move.
        "seat_freed": lambda enrolment, user: True,
    },
    state="status",
    wrong_state=_wrong_state,
    wrong_actor=_wrong_actor,
    # Whom a person may enrol is checked first: their enrolments are not everyone's to learn.
    actor_first=True,
    # The one-enrolment-per-session constraint is the lock's job; re-joining reuses the row.
    clean={"validate_constraints": False},
)


def enrolment_transition(
    *, enrolment: Enrolment, action: str, by: User, fields: dict | None = None
) -> Enrolment:
    """Validate a move of ``ENROLMENT_TRANSITIONS`` and save the enrolment with ``fields``;
    the audit trail records the change.

    Must run inside the caller's transaction, with the session locked by ``lock_session``.
    """
    transition_apply(
        table=ENROLMENT_TRANSITIONS, row=enrolment, action=action, by=by, fields=fields
    )
    return enrolment


@transaction.atomic
def enrolment_create(*, session: Session, person: User, by: User) -> EnrolmentResult:
    """Give the person a seat, or a waitlist place when the session is full.

    The session row is locked first, so two people asking for the last seat at
    the same moment are served one after the other: one seat, one waitlist place.
    Refuses a missing prerequisite (naming the course); an audience mismatch only warns.
    """
    session = lock_session(session)
    enrolment = Enrolment.objects.filter(session=session, person=person).first() or Enrolment(
        session=session, person=person, status=NEW
    )
    # No name when refused: the refusal must not tell anyone who an account id belongs to.
    ENROLMENT_TRANSITIONS.check(row=enrolment, action="enrol", by=by)
    course = session.course
    if session.status != Session.Status.SCHEDULED:
        raise ApplicationError("This session was cancelled.")
    if session.enrolment_deadline < timezone.localdate():
        raise ApplicationError(f"Enrolment closed on {session.enrolment_deadline:%B %-d, %Y}.")
    missing = missing_prerequisites(course=course, person=person)
    if missing:
        names = ", ".join(str(c) for c in missing)
        raise ApplicationError(
            f"{course} requires {names}: {_name(person)} needs to complete {names} first."
        )
    other = _place_in_another_session(course=course, person=person, session=session)
    if other is not None:
        raise ApplicationError(
            f"{_name(person)} already has a place in {course} "
            f"({other.get_status_display().lower()}, session of "
            f"{timezone.localtime(other.first_start):%B %-d, %Y}): one place per course. "
            "Cancel that place first to move to this session."
        )
    # Seats are shared by every organisation a network session is open to.
    taken = Enrolment.all_organisations.filter(session=session, status=Status.ENROLLED).count()
    enrolment_transition(
        enrolment=enrolment,
        action="enrol" if taken < session.capacity else "waitlist",
        by=by,
        # Re-joining goes to the back of the waitlist, like anyone joining now.
        fields={"enrolled_by": by, "created_at": timezone.now(), "cancelled_at": None},
    )
    warnings = [audience_warning(course=course, person=person), _retake_warning(course, person)]
    return EnrolmentResult(enrolment=enrolment, warnings=[w for w in warnings if w])


def waitlist_promote(*, session: Session, by: User) -> list[Enrolment]:
    """Promote from the waitlist, first come first served, while seats are free; each
    person promoted is emailed. The caller holds the session's lock (``lock_session``)."""
    # One waitlist across every organisation a network session is open to.
    in_session = Enrolment.all_organisations.filter(session=session)
    free = session.capacity - in_session.filter(status=Status.ENROLLED).count()
    if free <= 0:
        return []
    promoted = list(
        in_session.filter(status=Status.WAITLISTED)
        .select_related("person")
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for enrolment in promoted:
        enrolment_transition(
            enrolment=enrolment, action="promote", by=by, fields={"promoted_at": now}
        )
        training_notice_queue(enrolment_id=enrolment.pk, kind=TrainingNotice.Kind.PROMOTED)
    return promoted


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: User) -> list[Enrolment]:
    """Give up a seat or a waitlist place; a freed seat goes to the first person waiting,
    who is emailed. Returns the enrolments promoted."""
    session = lock_session(enrolment.session)
    enrolment = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
    ENROLMENT_TRANSITIONS.check(row=enrolment, action="cancel", by=by)
    if enrolment.attendance.exists():
        raise ApplicationError("Attendance has been recorded; ask HR to change it instead.")
    enrolment_transition(
        enrolment=enrolment, action="cancel", by=by, fields={"cancelled_at": timezone.now()}
    )
    return waitlist_promote(session=session, by=by)
