"""Writes for organisations: moving a person to another agency."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.errors import ApplicationError, full_clean
from onboarding.services.checkins import checkin_schedules_close
from people.models import User
from people.roles import Role
from people.services import person_set_roles

from .models import Organisation, Transfer
from .scoping import scopes_disabled


@transaction.atomic
def person_transfer(
    *,
    person: User,
    to_organisation: Organisation,
    consented_by: User,
    consent: str,
    by: User,
    roles: tuple[Role, ...] = (Role.PEER,),
) -> Transfer:
    """Move ``person`` to ``to_organisation``, with their consent; returns the record.

    - Consent is the person's own: ``consented_by`` must be them, and ``consent`` says
      how and when they gave it. Done by HR or a program admin of the agency they leave.
    - What goes with them: their account (username, password, two-factor device) and
      their training transcript (enrolments and certificates follow the person).
    - What stays: evaluations, onboardings, check-ins and work plans, which are the old
      agency's records (each names its organisation); its people no longer see the
      person, and the new agency does not see those records. The old agency's check-in
      schedule with them stops falling due; the new agency sets up its own.
    - Their place in the old agency ends: supervisor, program, job title and roles are
      cleared (roles become ``roles``; the new agency sets the rest). Someone who still
      supervises people is refused until their reports have a new supervisor.
    - Audited: the account's change of organisation is in the trail, and the record
      returned is the consent's.

    Runs across two organisations, so unscoped: it reads and writes only this person."""
    consent = consent.strip()
    if consented_by.pk != person.pk:
        raise ApplicationError("Only the person themselves can consent to moving their records.")
    if not consent:
        raise ApplicationError("Record how and when the person consented.")
    if person.organisation_id is None or not (
        by.organisation_id == person.organisation_id and by.has_perm("people.change_user")
    ):
        raise PermissionDenied("Only HR or a program admin of the person's agency moves them.")
    if to_organisation.pk == person.organisation_id:
        raise ApplicationError(f"{person} already works at {to_organisation}.")
    with scopes_disabled():
        from people.models import StaffProfile

        person = User.objects.select_for_update().get(pk=person.pk)
        if StaffProfile.objects.filter(supervisor=person, user__is_active=True).exists():
            raise ApplicationError(
                f"{person} still supervises people here: give them another supervisor first."
            )
        transfer = Transfer(
            person=person,
            from_organisation_id=person.organisation_id,
            to_organisation=to_organisation,
            consented_by=consented_by,
            consent=consent,
            by=by,
        )
        full_clean(transfer)
        transfer.save()
        checkin_schedules_close(person=person, organisation_id=person.organisation_id)
        person.organisation = to_organisation
        person.save(update_fields=["organisation"])
        profile = getattr(person, "profile", None)
        if profile is not None:
            profile.supervisor = profile.program = None
            profile.job_title = ""
            full_clean(profile)
            profile.save()
        person_set_roles(user=person, roles=roles)
    return transfer
