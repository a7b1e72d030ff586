"""People: accounts, staff profiles, programs and the populations peers serve."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from organisations.scoping import OrganisationScopedManager, own, scopes_disabled

from .roles import Role


class User(AbstractUser):
    """A person who signs in. Roles are Django groups named after ``people.roles.Role``."""

    # The agency that employs the person; every service that adds someone sets it. Empty
    # only for accounts that work for no agency: a superuser's system account (the
    # operator's, made by ``createsuperuser`` before any agency exists), and the network's
    # own staff (below), who see no agency's records. The database holds everyone else to
    # exactly one organisation (``person_belongs_to_an_organisation``).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    # For a network viewer (``Role.NETWORK_VIEWER``): the network whose aggregate figures
    # they see, and nothing else.
    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="viewers",
    )

    objects = OrganisationScopedManager(own(), UserManager)

    class Meta(AbstractUser.Meta):
        ordering = ["last_name", "first_name", "username"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "username"], name="user_name_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False)
                | Q(network__isnull=False)
                | Q(is_superuser=True),
                name="person_belongs_to_an_organisation",
                violation_error_message="A person belongs to an organisation, or (a network's "
                "viewer) to a network.",
            )
        ]
        permissions = [
            ("view_team", "Can view the people they supervise"),
            ("manage_people", "Can invite people and set their roles, supervisor and program"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def validate_unique(self, exclude=None):
        # A username is unique across organisations (signing in finds one person by it).
        with scopes_disabled():
            super().validate_unique(exclude)

    @property
    def role_names(self) -> set[str]:
        """The person's roles: their groups, read once per loaded user and kept as a
        prefetch would keep them (prefetched groups are used when present, so lists of
        people stay one query). Navigation, the views and every permission check
        (``people.backends``) ask for them on each page. Changing the groups through the
        manager (``person_set_roles``) drops what was kept, as it drops a prefetch."""
        cache = self.__dict__.setdefault("_prefetched_objects_cache", {})
        if "groups" in cache:
            return {group.name for group in cache["groups"]}
        groups = self.groups.all()
        names = {group.name for group in groups}  # iterating keeps the rows in ``groups``
        cache["groups"] = groups
        return names

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names


class ProgramManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Program(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own(), ProgramManager)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PopulationManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Population(models.Model):
    """A population served, with the lived experience the WISE toolkit requires for it."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    requirement = models.TextField()
    order = models.PositiveIntegerField(default=0)

    objects = PopulationManager()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class StaffProfile(models.Model):
    class EmploymentType(models.TextChoices):
        EMPLOYEE = "employee", "Employee"
        VOLUNTEER = "volunteer", "Volunteer"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    job_title = models.CharField(max_length=200, blank=True)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.EMPLOYEE
    )
    start_date = models.DateField(null=True, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    population = models.ForeignKey(
        Population,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="population served",
    )
    # The toolkit asks whether peers are supervised by people with lived experience of
    # recovery (agency self-assessment, competency 9); said by the person, set by an admin.
    lived_experience = models.BooleanField(
        default=False,
        verbose_name="has lived experience of recovery",
        help_text="Shared by the person: counts towards peers supervised by someone with lived experience.",
    )
    # The one record of someone leaving the agency (people.services.person_leave): from this
    # day on, in the agency's time zone, they cannot sign in, lose every access and stop
    # counting as anyone's supervisor. User.is_active follows it.
    end_date = models.DateField(
        null=True,
        blank=True,
        verbose_name="leaves the agency on",
        help_text="Their access ends when this day begins; empty while they work here.",
    )

    objects = OrganisationScopedManager(own("user__organisation"))

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        indexes = [models.Index(fields=["supervisor", "end_date"])]

    def __str__(self):
        return str(self.user)

    def has_left(self, *, on: date) -> bool:
        return self.end_date is not None and self.end_date <= on

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.supervisor_id and self.supervisor_id == self.user_id:
            raise ValidationError({"supervisor": "A person cannot be their own supervisor."})


class IdentityLink(models.Model):
    """A person's account at their organisation's identity provider, linked at their first
    OpenID Connect sign-in: later sign-ins match its subject, whatever the email says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_links"
    )
    provider = models.ForeignKey(
        "organisations.IdentityProvider", on_delete=models.CASCADE, related_name="links"
    )
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="identity_link_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="identity_link_person"),
        ]

    def __str__(self):
        return f"{self.user} at {self.provider.issuer}"


class Invitation(models.Model):
    """An email inviting a person to set their password; the row is the outbox (as for
    evaluation notices): recorded with the account, sent once that commits.

    The link is made when the email is sent, never stored: it is a password-reset token
    (``people.tokens``), so it expires, and setting a password uses it up."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Invitation for {self.person}"

    def task_args(self) -> tuple:
        return (self.pk,)
