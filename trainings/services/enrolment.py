"""Enrolling, the waitlist and cancelling: every seat change happens under a lock on the session."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from people.models import User
from people.roles import Role

from ..access import can_enrol
from ..models import Course, Enrolment, Session, TrainingNotice
from ..rules import TrainingError
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


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course").get(pk=session.pk)


@transaction.atomic
def enrolment_create(*, session: Session, person: User, by: User) -> EnrolmentResult:
    """Give the person a seat, or a waitlist place when the session is full.

    The session row is locked first, so two people asking for the last seat at
    the same moment are served one after the other: one seat, one waitlist place.
    Refuses a missing prerequisite (naming the course); an audience mismatch only warns.
    """
    if not can_enrol(by, person):
        # No name: the refusal must not tell anyone who an account id belongs to.
        raise TrainingError(NOT_YOURS_TO_ENROL)
    session = _lock(session)
    course = session.course
    if session.status != Session.Status.SCHEDULED:
        raise TrainingError("This session was cancelled.")
    if session.enrolment_deadline < timezone.localdate():
        raise TrainingError(f"Enrolment closed on {session.enrolment_deadline:%B %-d, %Y}.")
    missing = missing_prerequisites(course=course, person=person)
    if missing:
        names = ", ".join(str(c) for c in missing)
        raise TrainingError(
            f"{course} requires {names}: {_name(person)} needs to complete {names} first."
        )
    enrolment = Enrolment.objects.filter(session=session, person=person).first()
    if enrolment is not None and enrolment.status != Enrolment.Status.CANCELLED:
        raise TrainingError(
            f"{_name(person)} is already {enrolment.get_status_display().lower()} in this session."
        )
    # Seats are shared by every organisation a network session is open to.
    taken = Enrolment.all_organisations.filter(
        session=session, status=Enrolment.Status.ENROLLED
    ).count()
    status = Enrolment.Status.ENROLLED if taken < session.capacity else Enrolment.Status.WAITLISTED
    if enrolment is None:
        enrolment = Enrolment(session=session, person=person)
    enrolment.status = status
    enrolment.enrolled_by = by
    # Re-joining goes to the back of the waitlist, like anyone joining now.
    enrolment.created_at = timezone.now()
    enrolment.cancelled_at = None
    enrolment.full_clean(validate_constraints=False)
    enrolment.save()
    warning = audience_warning(course=course, person=person)
    return EnrolmentResult(enrolment=enrolment, warnings=[warning] if warning else [])


def _fill_seats(session: Session) -> list[Enrolment]:
    """Promote from the waitlist, first come first served, while seats are free."""
    # One waitlist across every organisation a network session is open to.
    in_session = Enrolment.all_organisations.filter(session=session)
    free = session.capacity - in_session.filter(status=Enrolment.Status.ENROLLED).count()
    if free <= 0:
        return []
    promoted = list(
        in_session.filter(status=Enrolment.Status.WAITLISTED).order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "promoted_at"])
        training_notice_queue(enrolment_id=enrolment.pk, kind=TrainingNotice.Kind.PROMOTED)
    return promoted


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: User) -> list[Enrolment]:
    """Give up a seat or a waitlist place; a freed seat goes to the first person waiting,
    who is emailed. Returns the enrolments promoted."""
    if not can_enrol(by, enrolment.person):
        raise TrainingError("You may not cancel this enrolment.")
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE:
        raise TrainingError("Only a current enrolment or waitlist place can be cancelled.")
    if enrolment.attendance.exists():
        raise TrainingError("Attendance has been recorded; ask HR to change it instead.")
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    return _fill_seats(session)
