"""Who may see and do what with sessions, enrolments and transcripts.

Views ask these (and answer 404 for a person whose records are not visible);
services ask them again, so no way of calling a service skips them.
"""

from people.models import User
from people.selectors import is_employed


def manages_sessions(user) -> bool:
    return user.has_perm("trainings.manage_sessions")


def manages_session(user, session) -> bool:
    """HR of the organisation that scheduled it: it alone cancels the session."""
    return manages_sessions(user) and session.organisation_id == user.organisation_id


def records_attendance(user, session) -> bool:
    """HR of the host, and for a network session HR of any organisation in the network:
    each sees, and records the attendance of, its own people only (the roster is scoped)."""
    if manages_session(user, session):
        return True
    organisation = user.organisation
    return (
        manages_sessions(user)
        and session.network_id is not None
        and organisation is not None
        and organisation.network_id == session.network_id
    )


def sees_all_transcripts(user) -> bool:
    return user.has_perm("trainings.view_all_transcripts")


def supervises(user, person: User) -> bool:
    if not is_employed(user):
        return False
    profile = getattr(person, "profile", None)
    return profile is not None and profile.supervisor_id == user.pk


def can_view_person(user, person: User) -> bool:
    """The person, their supervisor, HR and program admins of the person's organisation.

    A person reached by id through a foreign key (a PDF asked for by URL) is not scoped,
    so the organisation is compared here: "all transcripts" means all of one's own agency's."""
    if not is_employed(user):
        return False
    if person.pk == user.pk:
        return True
    if person.organisation_id is None or person.organisation_id != user.organisation_id:
        return False
    return supervises(user, person) or sees_all_transcripts(user)


def can_see_suggestions(user, person: User) -> bool:
    """Suggested trainings are for the people around a person, not the person themself."""
    return person.pk != user.pk and can_view_person(user, person)


def can_enrol(user, person: User) -> bool:
    """People enrol themselves; supervisors their reports; HR anyone."""
    if person.pk == user.pk:
        return True
    if not user.has_perm("trainings.enrol_others"):
        return False
    return manages_sessions(user) or supervises(user, person)
