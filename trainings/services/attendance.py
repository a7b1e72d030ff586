"""Attendance per person and day, and completion, which credits the hours attended."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.pdfs import pdf_request
from people.models import User

from ..access import records_attendance
from ..models import Attendance, Enrolment, Session, TrainingPdf
from ..selectors import completion_percents
from .enrolment import RECORDED, enrolment_transition


@dataclass(frozen=True)
class Mark:
    status: str
    hours: str = ""


def _hours(mark: Mark, slot) -> Decimal:
    if mark.status == Attendance.Status.PRESENT:
        return slot.hours
    if mark.status == Attendance.Status.ABSENT:
        return Decimal("0")
    try:
        hours = Decimal(mark.hours)
    except (InvalidOperation, TypeError):
        hours = None
    if hours is None or not (0 < hours < slot.hours):
        raise ApplicationError(
            f"For part of the day on {timezone.localtime(slot.starts_at):%B %-d}, give the hours "
            f"attended: more than 0 and less than {slot.hours}."
        )
    return hours


@transaction.atomic
def attendance_record(
    *, session: Session, marks: dict[tuple[int, int], Mark], by: User
) -> list[Enrolment]:
    """Record attendance for (enrolment id, slot id) pairs, then settle completion.

    All marks are checked before any is saved. Once every day of a person's session
    is recorded, they have completed it (hours credited = hours attended) if they attended
    at least their agency's share of its hours (``TrainingSettings``), and otherwise
    attended without completing. A correction that undoes a completion withdraws the
    certificate and reopens the onboarding items it ticked. Returns the enrolments that
    became completed by this call.
    """
    if not records_attendance(by, session):
        raise ApplicationError("Only HR records attendance, each agency for its own people.")
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    slots = {slot.pk: slot for slot in session.slots.all()}
    enrolments = {
        e.pk: e for e in session.enrolments.filter(status__in=RECORDED).select_related("person")
    }
    today = timezone.localdate()
    rows = []
    for (enrolment_id, slot_id), mark in marks.items():
        slot, enrolment = slots.get(slot_id), enrolments.get(enrolment_id)
        if slot is None or enrolment is None:
            raise ApplicationError("That person or day is not part of this session.")
        if mark.status not in Attendance.Status.values:
            raise ApplicationError("Choose present, part of the day or absent.")
        if timezone.localdate(slot.starts_at) > today:
            raise ApplicationError("Attendance can be recorded from the day itself.")
        rows.append((enrolment, slot, mark.status, _hours(mark, slot)))
    for enrolment, slot, status, hours in rows:
        Attendance.objects.update_or_create(
            enrolment=enrolment,
            slot=slot,
            defaults={"status": status, "hours": hours, "recorded_by": by},
        )
    return _settle(session, list(enrolments.values()), slots, by)


def _settle(session, enrolments, slots, by) -> list[Enrolment]:
    records: dict[int, list[Attendance]] = {}
    for record in Attendance.objects.filter(enrolment__in=enrolments):
        records.setdefault(record.enrolment_id, []).append(record)
    total = sum((slot.hours for slot in slots.values()), Decimal("0"))
    # Each person's own agency sets the share they need (a network session mixes agencies).
    percents = completion_percents(organisation_ids=[e.person.organisation_id for e in enrolments])
    completed = []
    for enrolment in enrolments:
        mine = records.get(enrolment.pk, [])
        if len(mine) < len(slots):
            continue
        percent = percents[enrolment.person.organisation_id]
        hours = sum((r.hours for r in mine), Decimal("0"))
        done = hours * 100 >= total * percent
        was = enrolment.status
        enrolment_transition(
            enrolment=enrolment,
            action="complete" if done else "not_complete",
            by=by,
            fields={
                "hours_credited": hours if done else Decimal("0"),
                "completed_at": (enrolment.completed_at or timezone.now()) if done else None,
                "completion_percent": percent,
            },
        )
        if enrolment.status == Enrolment.Status.COMPLETED and was != Enrolment.Status.COMPLETED:
            _on_completion(enrolment, session, by)
            completed.append(enrolment)
        elif was == Enrolment.Status.COMPLETED and enrolment.status != was:
            _on_completion_withdrawn(enrolment, session, by)
    return completed


def _on_completion(enrolment: Enrolment, session: Session, by: User) -> None:
    from onboarding.services import onboarding_training_completed

    from ..pdf import TRAINING_PDF

    onboarding_training_completed(person=enrolment.person, course_code=session.course.code, by=by)
    pdf_request(
        export=TRAINING_PDF,
        by=by,
        kind=TrainingPdf.Kind.CERTIFICATE,
        person=enrolment.person,
        enrolment=enrolment,
    )


def _on_completion_withdrawn(enrolment: Enrolment, session: Session, by: User) -> None:
    """A corrected record: the certificate is withdrawn (no longer offered), and the
    onboarding items the completion ticked are open again, unless another session of the
    course still counts as completed."""
    from onboarding.services import onboarding_training_withdrawn

    TrainingPdf.objects.filter(enrolment=enrolment).delete()
    still_completed = (
        Enrolment.objects.filter(
            person=enrolment.person,
            session__course=session.course,
            status=Enrolment.Status.COMPLETED,
        )
        .exclude(pk=enrolment.pk)
        .exists()
    )
    if not still_completed:
        onboarding_training_withdrawn(
            person=enrolment.person, course_code=session.course.code, by=by
        )
