"""Program admins manage people inside PeerWorks: invite them, and set their roles,
supervisor, program, population served and employment type.

Every save goes through the models, so django-auditlog records each change (roles
included: ``User.groups`` is an audited many-to-many field) with the admin who made it.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.errors import ApplicationError, full_clean
from core.queueing import queue_after_commit
from core.text import duration_words

from ..models import Invitation, Population, Program, StaffProfile, User
from ..roles import Role
from ..selectors import is_employed, supervisors_for_picking
from ..tokens import invitation_tokens
from .accounts import person_create, person_set_roles


def _check_may_manage(by: User, person: User | None = None) -> None:
    if not is_employed(by) or not by.has_perm("people.manage_people"):
        raise PermissionDenied("Only a program admin invites people and changes their roles.")
    # Changing a superuser's email would be a way to become them (as in the admin site).
    if person is not None and person.is_superuser and not by.is_superuser:
        raise PermissionDenied("Only a superuser changes a superuser's account.")


def _roles_checked(roles: Iterable[str]) -> set[Role]:
    try:
        return {Role(role) for role in roles}
    except ValueError:
        # Roles are the only thing granted here: never a permission or superuser.
        raise ApplicationError({"roles": ["Choose roles from the list."]}) from None


def _person_errors(
    *, person: User | None, email: str, supervisor: User | None, roles: set[Role], by: User
) -> dict[str, str]:
    """What stops this person being saved, field by field, all at once."""
    errors = {}
    same_email = User.objects.filter(email__iexact=email)
    if person is not None:
        same_email = same_email.exclude(pk=person.pk)
    if email and same_email.exists():
        errors["email"] = (
            f"{email} is already the email of someone in PeerWorks: find them under People."
        )
    if supervisor is not None:
        if person is not None and supervisor.pk == person.pk:
            errors["supervisor"] = "A person cannot be their own supervisor."
        elif not supervisors_for_picking().filter(pk=supervisor.pk).exists():
            errors["supervisor"] = (
                f"{supervisor} is not a supervisor who works here: give them the Supervisor "
                "role first, or choose someone else."
            )
    if person is not None and person.pk == by.pk and Role.PROGRAM_ADMIN not in roles:
        # Nobody locks the agency (or themselves) out of managing people by mistake.
        errors["roles"] = "You cannot remove your own Program admin role: ask another admin."
    return errors


def _invitation_queue(*, person: User, by: User) -> Invitation:
    from ..tasks import send_invitation

    invitation = Invitation.objects.create(person=person, invited_by=by)
    queue_after_commit(send_invitation, *invitation.task_args())
    return invitation


@transaction.atomic
def person_invite(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    job_title: str = "",
    program: Program | None = None,
    population: Population | None = None,
    employment_type: str = StaffProfile.EmploymentType.EMPLOYEE,
    start_date: date | None = None,
    supervisor: User | None = None,
    lived_experience: bool = False,
) -> User:
    """Create the account of a person joining the agency, in the inviting admin's
    organisation and without a password, and email them a link to set one once this
    commits (``invitation_send``). Raises ApplicationError naming each field at fault."""
    _check_may_manage(by)
    roles = _roles_checked(roles)
    errors = _person_errors(person=None, email=email, supervisor=supervisor, roles=roles, by=by)
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = f"The username {username} is taken: choose another."
    if not email:
        errors["email"] = "The invitation is sent to this email: it is needed."
    if errors:
        raise ApplicationError({field: [message] for field, message in errors.items()})
    person = person_create(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        roles=roles,
        job_title=job_title,
        program=program,
        employment_type=employment_type,
        start_date=start_date,
        supervisor=supervisor,
        population=population,
        organisation=by.organisation,
    )
    if lived_experience:
        profile = person.profile
        profile.lived_experience = True
        profile.save(update_fields=["lived_experience"])
    _invitation_queue(person=person, by=by)
    return person


@transaction.atomic
def person_invite_again(*, by: User, person: User) -> Invitation:
    """A new invitation email for someone who has not set their password yet (the first
    link expired, or the email was lost): password reset does not serve them, since
    Django sends it only to accounts that have a password."""
    _check_may_manage(by, person)
    if person.has_usable_password():
        raise ApplicationError(
            f"{person} has already set a password: they can use 'Forgotten your password?'."
        )
    return _invitation_queue(person=person, by=by)


@transaction.atomic
def person_update(
    *,
    by: User,
    person: User,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    job_title: str,
    program: Program | None,
    population: Population | None,
    employment_type: str,
    start_date: date | None,
    supervisor: User | None,
    lived_experience: bool = False,
) -> User:
    """Change a person's name, email, roles and staff profile, all or nothing. Their
    leaving day is not set here but by ``person_leave`` / ``person_reinstate``."""
    _check_may_manage(by, person)
    roles = _roles_checked(roles)
    errors = _person_errors(person=person, email=email, supervisor=supervisor, roles=roles, by=by)
    if errors:
        raise ApplicationError({field: [message] for field, message in errors.items()})
    person = User.objects.select_for_update().get(pk=person.pk)
    person.first_name, person.last_name, person.email = first_name, last_name, email
    full_clean(person, exclude=["password"])
    person.save(update_fields=["first_name", "last_name", "email"])
    profile, _ = StaffProfile.objects.select_for_update().get_or_create(user=person)
    profile.job_title = job_title
    profile.program = program
    profile.population = population
    profile.employment_type = employment_type
    profile.start_date = start_date
    profile.supervisor = supervisor
    profile.lived_experience = lived_experience
    full_clean(profile)
    profile.save()
    if roles != person.role_names:
        person_set_roles(user=person, roles=roles)
    return person


SUBJECT = "You are invited to PeerWorks at {agency}"


def invitation_send(*, invitation_id: int) -> bool:
    """Email the invitation unless it was already sent, or the person no longer needs it
    (they set a password, or left); True if this call sent it.

    The link is a fresh token: it expires ``PASSWORD_RESET_TIMEOUT`` after sending and
    stops working once a password is set. Sending and the record of it succeed or fail
    together, so a retry still sends it and two runs at once send it once."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("person__profile", "invited_by")
            .get(pk=invitation_id)
        )
        person = invitation.person
        if invitation.sent_at is not None or person.has_usable_password():
            return False
        if not person.email or not is_employed(person):
            return False
        path = reverse(
            "people:invitation-accept",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                "token": invitation_tokens.make_token(person),
            },
        )
        context = {
            "recipient": person,
            "invited_by": invitation.invited_by,
            "url": settings.SITE_URL + path,
            "valid_for": duration_words(settings.PASSWORD_RESET_TIMEOUT),
            "agency_name": settings.AGENCY_NAME,
        }
        message = EmailMultiAlternatives(
            subject=SUBJECT.format(agency=settings.AGENCY_NAME),
            body=render_to_string("people/email/invitation.txt", context),
            to=[person.email],
        )
        message.attach_alternative(
            render_to_string("people/email/invitation.html", context), "text/html"
        )
        message.send()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True
