"""Who may see and do what with sessions, enrolments and transcripts.

Views ask these (and answer 404 for a person whose records are not visible);
services ask them again, so no way of calling a service skips them.
"""

from people.models import User
from people.selectors import is_employed


def manages_sessions(user) -> bool:
    return user.has_perm("trainings.manage_sessions")


def sees_all_transcripts(user) -> bool:
    return user.has_perm("trainings.view_all_transcripts")


def supervises(user, person: User) -> bool:
    if not is_employed(user):
        return False
    profile = getattr(person, "profile", None)
    return profile is not None and profile.supervisor_id == user.pk


def can_view_person(user, person: User) -> bool:
    """The person, their supervisor, HR and program admins."""
    if not is_employed(user):
        return False
    return person.pk == user.pk or supervises(user, person) or sees_all_transcripts(user)


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
