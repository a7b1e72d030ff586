"""Reads for people, teams and sign-in."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .lockout import recent_attempts
from .models import IdentityLink, Invitation, Program, StaffProfile, User
from .roles import Role

if TYPE_CHECKING:
    from organisations.models import IdentityProvider


def session_users() -> QuerySet[User]:
    """Users as each request loads the signed-in person (the sign-in backends' ``get_user``).

    What nearly every page reads comes in one round trip: the profile with its supervisor
    and program (the person's page and home), and the organisation that scopes the request.
    The roles follow in one query the first time they are asked (``User.role_names``);
    navigation and every permission check are answered from them
    (``StaffBackend.get_group_permissions``)."""
    return User._default_manager.select_related(
        "profile__supervisor", "profile__program", "organisation"
    )


def employed_q(*, prefix: str = "", on: date | None = None) -> Q:
    """Accounts of people who work here on ``on`` (the agency's today): not switched off and
    not past the day they leave. ``prefix`` reaches a user through a relation ("peer__")."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}profile__end_date__isnull": True})
        | Q(**{f"{prefix}profile__end_date__gt": on})
    )


def is_employed(user, *, on: date | None = None) -> bool:
    """``employed_q`` for one signed-in person: false once they have left the agency.

    Reads ``user.profile``; the sign-in backend loads it with the user, so this costs
    nothing per request."""
    if not user.is_authenticated or not user.is_active:
        return False
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return True
    return not profile.has_left(on=on or timezone.localdate())


def employed_among(*, pks, on: date) -> set[int]:
    """The ids among ``pks`` of people who work here on ``on``: the daily reminders'
    recipients (``core.reminders``)."""
    return set(User.objects.filter(employed_q(on=on), pk__in=pks).values_list("pk", flat=True))


def employed_people() -> QuerySet[User]:
    """Everyone who works here today: what pickers of staff offer."""
    return User.objects.filter(employed_q())


def employed_reports(*, supervisor: User) -> QuerySet[User]:
    """The people who work here today and report to this supervisor: whom they start an
    evaluation or a work plan for."""
    return employed_people().filter(profile__supervisor=supervisor)


def email_in_use(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def usernames_starting(*, prefix: str) -> set[str]:
    """Usernames taken with this prefix, in every organisation: signing in finds one person
    by username, so they are unique across organisations (only the names are read)."""
    return set(
        User._base_manager.filter(username__startswith=prefix).values_list("username", flat=True)
    )


def person_for_identity(
    *, provider: "IdentityProvider", subject: str, email: str, email_verified: bool
) -> User | None:
    """Whom an account at an organisation's identity provider signs in as, if anyone.

    Only someone that organisation has invited and who works there today: the person
    already linked to this subject; failing a link, the one person of the organisation
    with this email, when the provider says it has verified it and nobody is linked to
    the provider yet under that person. Someone of another organisation is never matched."""
    people = User.objects.filter(employed_q(), organisation_id=provider.organisation_id)
    link = IdentityLink.objects.filter(provider=provider, subject=subject).first()
    if link is not None:
        return people.filter(pk=link.user_id).first()
    if not (email and email_verified):
        return None
    matches = list(
        people.filter(email__iexact=email).exclude(identity_links__provider=provider)[:2]
    )
    return matches[0] if len(matches) == 1 else None


def supervisors_for_picking() -> QuerySet[User]:
    """Who may be named someone's supervisor: people working here with the Supervisor role."""
    return employed_people().filter(groups__name=Role.SUPERVISOR).distinct()


def profiles_for_listing(*, roles: bool = True) -> QuerySet[StaffProfile]:
    """Profiles with what a list of people shows; their roles (one query more) if asked."""
    profiles = StaffProfile.objects.select_related("user", "program", "supervisor", "population")
    return profiles.prefetch_related("user__groups") if roles else profiles


def team_for(*, supervisor: User) -> QuerySet[StaffProfile]:
    """The people who work here and report to this supervisor; nobody, once the supervisor
    has left."""
    # Nothing that lists a team shows its roles.
    if not is_employed(supervisor):
        return profiles_for_listing(roles=False).none()
    today = timezone.localdate()
    return profiles_for_listing(roles=False).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today),
        user__is_active=True,
        supervisor=supervisor,
    )


def report_ids(*, supervisor: User) -> QuerySet[StaffProfile]:
    """The ids of everyone whose profile names this supervisor, as a subquery.

    Team-scoped lists select ``<person>_id IN`` this, one indexed lookup, rather than
    joining to the profile inside an OR, which no index answers: the database then walks
    every row of the list. Whether the person still works here is left to the caller."""
    return StaffProfile.objects.filter(supervisor=supervisor).values("user_id")


def people_visible_to(*, user: User) -> QuerySet[StaffProfile]:
    """Everyone for HR and admins; a supervisor's reports and themselves; otherwise oneself.
    Nobody once the person has left the agency."""
    if not is_employed(user):
        return profiles_for_listing().none()
    if user.has_perm("people.view_staffprofile"):
        return profiles_for_listing()
    if user.has_perm("people.view_team"):
        return profiles_for_listing().filter(Q(supervisor=user) | Q(user=user))
    return profiles_for_listing().filter(user=user)


def person_for_page(*, viewer: User, pk: int) -> StaffProfile | None:
    """The profile behind ``/people/<pk>/``, if the viewer may see that person."""
    return people_visible_to(user=viewer).filter(user_id=pk).first()


def last_invitation(*, person: User) -> Invitation | None:
    """The latest invitation to someone who has not set a password yet; None once they have."""
    if person.has_usable_password():
        return None
    return Invitation.objects.filter(person=person).first()


def two_factor_device_for(*, user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have turned two-factor sign-in on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def sign_in_lockouts() -> QuerySet:
    """Username and address pairs locked out now (django-axes counts per pair), latest first."""
    return (
        recent_attempts()
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def sign_in_address_lockouts() -> QuerySet:
    """Addresses paused for failures over every username (people.lockout), latest first."""
    return (
        recent_attempts()
        .exclude(ip_address=None)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def staff_counts_by_organisation(*, organisation_ids) -> dict[int, int]:
    """How many people work at each organisation today (numbers only, for a network's
    figures: ``organisations.selectors``)."""
    rows = (
        User.objects.filter(employed_q(), organisation_id__in=organisation_ids)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def peer_profiles(*, on: date) -> QuerySet[StaffProfile]:
    """Peers who work here on ``on``, with their program and supervisor's profile."""
    return (
        StaffProfile.objects.filter(
            employed_q(prefix="user__", on=on), user__groups__name=Role.PEER
        )
        .select_related("program", "supervisor__profile")
        .distinct()
    )


def peer_staffing_figures(*, today: date) -> dict:
    """For the agency self-assessment: peers per program, how many are supervised by
    someone with lived experience, and retention (peers who started at least a year ago
    and were still here a year on; peers who left in the last year within 90 days)."""
    peers = list(peer_profiles(on=today))
    per_program = {program.pk: 0 for program in Program.objects.all()}
    for profile in peers:
        if profile.program_id is not None:
            per_program[profile.program_id] = per_program.get(profile.program_id, 0) + 1
    all_peers = StaffProfile.objects.filter(user__groups__name=Role.PEER).distinct()
    a_year = timedelta(days=365)
    cohort = all_peers.filter(start_date__lte=today - a_year)
    stayed = cohort.filter(Q(end_date__isnull=True) | Q(end_date__gt=F("start_date") + a_year))
    left = all_peers.filter(end_date__gt=today - a_year, end_date__lte=today)
    left_early = left.filter(start_date__isnull=False, end_date__lt=F("start_date") + timedelta(90))
    return {
        "peer_ids": [p.user_id for p in peers],
        "programs": len(per_program),
        "programs_with_two": sum(1 for n in per_program.values() if n >= 2),
        "with_supervisor": sum(1 for p in peers if p.supervisor_id),
        "lived_supervisor": sum(
            1
            for p in peers
            if p.supervisor_id
            and getattr(p.supervisor, "profile", None) is not None
            and p.supervisor.profile.lived_experience
        ),
        "cohort": cohort.count(),
        "stayed": stayed.count(),
        "left": left.count(),
        "left_early": left_early.count(),
    }
