"""Writes for people, profiles, roles and how they sign in."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_sign_in_refused
from core.errors import ApplicationError, full_clean
from core.text import duration_words
from organisations.models import Network, Organisation
from organisations.scoping import scopes_disabled

from ..models import IdentityLink, Population, Program, StaffProfile, User
from ..roles import ROLE_PERMISSIONS, Role
from ..sessions import two_factor_required_of

if TYPE_CHECKING:
    from organisations.models import IdentityProvider

CODE_DID_NOT_MATCH = (
    "That code did not match. Type the newest code your app shows; if it keeps failing, "
    "check that your phone's clock is set automatically."
)


def _permissions_for(codes: Iterable[str]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    found = [
        perm
        for perm in Permission.objects.select_related("content_type")
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions in people/roles.py: {sorted(missing)}")
    return found


@transaction.atomic
def roles_sync() -> None:
    """Make the role groups and their permissions match ``people.roles.ROLE_PERMISSIONS``."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_for(codes))


@transaction.atomic
def person_set_roles(*, user: User, roles: Iterable[Role]) -> User:
    """Give a person exactly these roles. Program admins may use the Django admin site."""
    roles = set(roles)
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    user.groups.set(groups)
    user.is_staff = user.is_superuser or Role.PROGRAM_ADMIN in roles
    user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def person_create(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None,
    network: Network | None = None,
    password: str | None = None,
    roles: Iterable[Role] = (),
    job_title: str = "",
    program: Program | None = None,
    employment_type: str = StaffProfile.EmploymentType.EMPLOYEE,
    start_date: date | None = None,
    supervisor: User | None = None,
    population: Population | None = None,
) -> User:
    """Create an account with its staff profile and roles, all or nothing, in the
    organisation that employs the person (the one of whoever adds them). A network's own
    staff (``Role.NETWORK_VIEWER``) belong to no organisation but to their ``network``."""
    if (organisation is None) == (network is None):
        raise ValueError("A person belongs to an organisation, or else to a network.")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        network=network,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean(user, exclude=["password"])
    user.save()
    profile = StaffProfile(
        user=user,
        job_title=job_title,
        program=program,
        employment_type=employment_type,
        start_date=start_date,
        supervisor=supervisor,
        population=population,
    )
    full_clean(profile)
    profile.save()
    person_set_roles(user=user, roles=roles)
    return user


def _profile_for_update(person: User) -> StaffProfile:
    profile, _ = StaffProfile.objects.select_for_update().get_or_create(user=person)
    return profile


def _check_may_record_leaving(by: User | None) -> None:
    # None: the system itself (a management command or a data fix), never a request.
    if by is not None and not by.has_perm("people.change_staffprofile"):
        raise PermissionDenied("Only HR or a program admin records who leaves the agency.")


def _end_date_set(*, person: User, end_date, by: User | None) -> StaffProfile:
    _check_may_record_leaving(by)
    profile = _profile_for_update(person)
    profile.end_date = end_date
    full_clean(profile)
    profile.save()
    _account_follow_end_date(person=person, profile=profile, today=timezone.localdate())
    return profile


@transaction.atomic
def person_leave(*, person: User, end_date: date, by: User | None) -> StaffProfile:
    """Record that ``person`` leaves the agency on ``end_date`` (the agency's date).

    This is the one way access ends: from that day on they cannot sign in, sessions they
    have stop working, they count as nobody's supervisor, pickers leave them out and
    reminders stop. ``User.is_active`` follows: switched off now when the day has come,
    by ``people_leavers_deactivate`` when it comes. Both saves are audited."""
    return _end_date_set(person=person, end_date=end_date, by=by)


@transaction.atomic
def person_reinstate(*, person: User, by: User | None) -> StaffProfile:
    """Undo ``person_leave``: the person works here again and may sign in."""
    return _end_date_set(person=person, end_date=None, by=by)


def _account_follow_end_date(*, person: User, profile: StaffProfile, today: date) -> None:
    active = not profile.has_left(on=today)
    if person.is_active != active:
        person.is_active = active
        person.save(update_fields=["is_active"])


# A sweep across organisations (beat's hourly job, no one's request): it reads only
# leaving days and switches accounts off.
@scopes_disabled()
@transaction.atomic
def people_leavers_deactivate(*, today: date | None = None) -> int:
    """Switch off the accounts of everyone whose leaving day has come; returns how many.

    Access never waits for this (sign-in and every check read the end date itself); it
    keeps ``User.is_active`` telling the truth for Django's own uses, such as password
    reset, and for the admin's lists. Saved one by one so each change is audited."""
    today = today or timezone.localdate()
    leavers = User.objects.select_for_update().filter(is_active=True, profile__end_date__lte=today)
    count = 0
    for person in leavers:
        person.is_active = False
        person.save(update_fields=["is_active"])
        count += 1
    return count


@transaction.atomic
def two_factor_setup_start(*, user: User) -> TOTPDevice:
    """The person's authenticator app being set up: a new secret, unused until confirmed.

    Asking again keeps the same secret, so a QR code already scanned stays valid.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_setup_confirm(*, user: User, token: str) -> TOTPDevice | None:
    """Turn two-factor sign-in on once a code from the new app matches; None if it did not.

    The confirmed device replaces any earlier one: a person has one authenticator app.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


class TwoFactorThrottled(ApplicationError):
    """Codes are not checked for now: too many wrong ones came before."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            f"Too many wrong codes: no code is checked for {duration_words(seconds)}. "
            "Wait, then type the newest code your app shows."
        )


@transaction.atomic
def two_factor_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The person's authenticator app if this code is its current one, else None.

    Each wrong code makes the next try wait longer (django-otp's throttling) and is
    recorded in the audit trail; while the wait lasts, TwoFactorThrottled says how
    long, whatever the code. A code that has been accepted once is not accepted again.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, why = device.verify_is_allowed()
    if not allowed:
        locked_until = (why or {}).get("locked_until")
        seconds = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        raise TwoFactorThrottled(seconds)
    if not device.verify_token(token):
        audit_sign_in_refused(
            user=user,
            detail=f"Wrong two-factor code ({device.throttling_failure_count} in a row)",
        )
        return None
    return device


def two_factor_turn_off(*, user: User, token: str) -> None:
    """Sign-in asks for the password alone again, if a current code from the app confirms it
    and the agency does not require two-factor sign-in of this person."""
    if two_factor_required_of(user):
        raise ApplicationError("Your agency requires two-factor sign-in for program admins.")
    # Not one transaction with the check: a wrong code's throttling and audit entry stay.
    device = two_factor_verify(user=user, token=token)
    if device is None:
        raise ApplicationError(CODE_DID_NOT_MATCH)
    TOTPDevice.objects.filter(user=user).delete()


def sign_in_lockout_release(*, username: str | None, ip_address: str | None) -> int:
    """Let this username sign in again from this address, or, without a username, anyone
    from this address; returns the attempts forgotten."""
    if not username and not ip_address:
        raise ValueError("Name a username, an address or both.")
    return axes_reset(username=username or None, ip=ip_address)


@transaction.atomic
def person_identity_link(
    *, person: User, provider: "IdentityProvider", subject: str
) -> IdentityLink:
    """Remember which account at their organisation's identity provider ``person`` is, at
    their first sign-in through it: from then on that account's subject signs them in,
    whatever email either side holds. Already linked, the link stays as it is."""
    link = IdentityLink.objects.filter(provider=provider, user=person).first()
    if link is None:
        link = IdentityLink(user=person, provider=provider, subject=subject)
        full_clean(link)
        link.save()
    return link
