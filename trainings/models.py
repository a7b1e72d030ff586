"""Trainings: the course catalogue, scheduled sessions, enrolments, attendance and documents.

Courses come from the WISE professional development training menu
(``fixtures/wise_courses.json``). A session is one run of a course over one or
more dated slots; an enrolment is one person's place in it (or on its
waitlist); attendance is recorded per enrolment and slot, and completion
credits the hours attended.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from competencies.models import Domain
from core.models import GeneratedPdf
from organisations.scoping import OrganisationScopedManager, own, own_or_network


class CourseGroupManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class CourseGroup(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    objects = CourseGroupManager()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)


class CourseManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Course(models.Model):
    class Audience(models.TextChoices):
        ALL_STAFF = "all_staff", "All staff"
        PEERS = "peers", "Peer staff"
        PEERS_AND_LINE_STAFF = "peers_line_staff", "Peer staff and line staff"
        LEADERSHIP = "leadership", "Leadership, managers and clinicians"

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    group = models.ForeignKey(CourseGroup, on_delete=models.PROTECT, related_name="courses")
    order = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of days, where the menu gives it."
    )
    time_text = models.CharField(max_length=100, blank=True, help_text="As the menu states it.")
    attendance_min = models.PositiveIntegerField()
    attendance_max = models.PositiveIntegerField()
    audience = models.CharField(max_length=20, choices=Audience.choices)
    audience_text = models.CharField(max_length=200, help_text="As the menu states it.")
    value_dollars = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for"
    )
    competencies = models.ManyToManyField(
        Domain, through="CourseCompetency", blank=True, related_name="courses"
    )
    is_active = models.BooleanField(default=True)

    objects = CourseManager()

    class Meta:
        ordering = ["group__order", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance_max__gte=models.F("attendance_min")),
                name="course_attendance_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["trainings.coursegroup"]


class CourseCompetencyManager(models.Manager):
    def get_by_natural_key(self, course_code, slug, version, domain_code):
        return self.get(
            course__code=course_code,
            domain__framework__slug=slug,
            domain__framework__version=version,
            domain__code=domain_code,
        )


class CourseCompetency(models.Model):
    """A competency group a course develops, with the source text that supports the link."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competency_links")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="course_links")
    note = models.TextField(blank=True, help_text="The source text that supports this link.")

    objects = CourseCompetencyManager()

    class Meta:
        ordering = ["course", "domain__order"]
        verbose_name_plural = "course competencies"
        constraints = [
            models.UniqueConstraint(fields=["course", "domain"], name="course_competency_unique")
        ]

    def __str__(self):
        return f"{self.course} → {self.domain}"

    def natural_key(self):
        return (self.course.code, *self.domain.natural_key())

    natural_key.dependencies = ["trainings.course", "competencies.domain"]


class CourseBundleManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class CourseBundle(models.Model):
    """Courses taken together, such as the week-one WISE Peer Orientation Program."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    topics = models.JSONField(default=list, help_text="The topics as the source lists them.")
    courses = models.ManyToManyField(Course, blank=True, related_name="bundles")

    objects = CourseBundleManager()

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["trainings.course"]


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    location = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(blank=True)
    trainer = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; the course maximum when left empty."
    )
    minimum = models.PositiveIntegerField(
        null=True, blank=True, help_text="Fewest attendees to run; the course minimum when empty."
    )
    enrolment_deadline = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # How many times its days, times or place were changed: each change is told to its
    # people once, and calendars take the file with the higher number as the newer.
    changes = models.PositiveIntegerField(default=0, editable=False)
    # Days a change took off the session ({"id", "starts_at", "ends_at"}, ISO times): a
    # calendar keeps an event until a file cancels it by its UID, so the session's file
    # goes on naming them, cancelled.
    dropped_days = models.JSONField(default=list, blank=True, editable=False)
    # Who scheduled it: one organisation for its own people, or a network for every
    # organisation in it (then ``organisation`` is empty). Set by the service, never typed.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    network = models.ForeignKey(
        "organisations.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )

    objects = OrganisationScopedManager(own_or_network())

    class Meta:
        ordering = ["enrolment_deadline", "pk"]
        permissions = [
            ("manage_sessions", "Can run training sessions: rosters and attendance"),
            ("enrol_others", "Can enrol other people in training sessions"),
            ("view_all_transcripts", "Can view every training transcript"),
        ]

    def __str__(self):
        return f"{self.course} ({self.enrolment_deadline:%b %Y})"

    def save(self, *args, **kwargs):
        # Every way of saving (admin, fixtures, services) gets the course's numbers by default.
        self.fill_defaults()
        super().save(*args, **kwargs)

    def clean(self):
        self.fill_defaults()
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": "A session needs at least one seat."})
        if not self.location and not self.online_url:
            raise ValidationError("Give a place or an online link.")

    def fill_defaults(self):
        if self.course_id:
            if self.capacity is None:
                self.capacity = self.course.attendance_max
            if self.minimum is None:
                self.minimum = self.course.attendance_min


class SessionSlot(models.Model):
    """One dated block of a session (multi-day courses have one per day)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    hours = models.DecimalField(
        max_digits=4, decimal_places=1, help_text="Instruction hours credited for this day."
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message="Each day must end after it starts.",
            )
        ]

    def __str__(self):
        return f"{self.session.course} {self.starts_at:%Y-%m-%d}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NOT_COMPLETED = "not_completed", "Did not complete"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The waitlist is served in the order people joined it.
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    hours_credited = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal("0"))
    # The agency's rule when attendance was settled, so a certificate states the rule that
    # was applied even after the agency changes it.
    completion_percent = models.PositiveSmallIntegerField(null=True, blank=True)

    # A person's transcript goes with them to another agency, so an enrolment belongs to
    # its person's organisation. Seats and waitlists of a network session count every
    # organisation's enrolments: they use ``all_organisations``.
    objects = OrganisationScopedManager(own("person__organisation"))
    all_organisations = models.Manager()  # noqa: DJ012 (a manager, not a field)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="enrolment_once_per_session")
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.person} in {self.session} ({self.status})"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        PARTIAL = "partial", "Part of the day"
        ABSENT = "absent", "Absent"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    slot = models.ForeignKey(SessionSlot, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    hours = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("0"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "slot"], name="attendance_once_per_day")
        ]

    def __str__(self):
        return f"{self.enrolment.person} {self.slot}: {self.status}"


DEFAULT_COMPLETION_PERCENT = 80


class TrainingSettings(models.Model):
    """An agency's rules for its people's trainings, edited by its program admins.

    An organisation without a row uses the defaults (``DEFAULT_COMPLETION_PERCENT``)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    completion_percent = models.PositiveSmallIntegerField(
        "Share of the hours needed to complete (%)",
        default=DEFAULT_COMPLETION_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=(
            "A person who attends at least this share of a session's hours has completed "
            "it and is credited the hours attended; below it, they attended but did not "
            "complete."
        ),
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        verbose_name_plural = "training settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completion_percent__gte=1, completion_percent__lte=100),
                name="training_completion_percent_range",
            )
        ]

    def __str__(self):
        return f"Training settings of organisation {self.organisation_id}"


class TrainingNotice(models.Model):
    """An event email about an enrolment; unique, so none goes out twice."""

    class Kind(models.TextChoices):
        PROMOTED = "promoted", "Moved from the waitlist to a seat"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The row is the outbox (see EvaluationNotice): recorded with the change, sent after.
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="training_notice_once")
        ]

    def __str__(self):
        return f"{self.kind} notice for enrolment {self.enrolment_id}"

    def task_args(self) -> tuple:
        return (self.enrolment_id, self.kind)


class TrainingPdf(GeneratedPdf):
    """A certificate of completion or a transcript, rendered by a Celery task, served privately."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Certificate of completion"
        TRANSCRIPT = "transcript", "Training transcript"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_pdfs"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="pdfs"
    )

    objects = OrganisationScopedManager(own("person__organisation"))

    class Meta(GeneratedPdf.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="certificate", enrolment__isnull=False)
                    | models.Q(kind="transcript", enrolment__isnull=True)
                ),
                name="training_pdf_kind_matches",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.person_id} ({self.status})"

    def clean(self):
        if self.kind == self.Kind.CERTIFICATE and (
            self.enrolment is None or self.enrolment.status != Enrolment.Status.COMPLETED
        ):
            raise ValidationError("A certificate is for a completed enrolment.")
