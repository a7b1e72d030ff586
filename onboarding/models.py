"""Onboarding: checklist templates, each new hire's onboarding plan, holidays, and check-ins.

A plan copies its template's items when it starts (``OnboardingItem``), with due
dates computed from the start date, so editing a template never changes a plan
in progress. Items that concern identity or employment documents record only
that the document was seen and is on file, by whom and when: PeerWorks never
stores copies of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from organisations.scoping import OrganisationScopedManager, own, own_or_shared
from people.models import Program, StaffProfile


class Phase(models.TextChoices):
    PRE_SELECTION = "pre_selection", "Pre-selection"
    POST_SELECTION = "post_selection", "Post-selection"
    DAY_ONE = "day_one", "Day one"
    WEEK_ONE = "week_one", "Week one orientation"
    FIRST_90_DAYS = "first_90_days", "First 90 days and beyond"


class AssigneeRole(models.TextChoices):
    HR = "hr", "HR"
    SUPERVISOR = "supervisor", "Supervisor"
    NEW_HIRE = "new_hire", "New hire"


class AppliesTo(models.TextChoices):
    BOTH = "both", "Employees and volunteers"
    EMPLOYEE = "employee", "Employees only"
    VOLUNTEER = "volunteer", "Volunteers only"


class PastSteps(models.TextChoices):
    """What happens, when a plan is started late, to steps whose due dates have passed."""

    DUE_TODAY = "due_today", "Due today"
    DONE_BEFORE = "done_before", "Done before the plan was started: record them as done"


class Holiday(models.Model):
    """A day the agency is closed; due dates never fall on one. Each agency keeps its own."""

    date = models.DateField()
    name = models.CharField(max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"],
                name="holiday_date_unique_per_organisation",
                violation_error_message="The agency already closes on this date.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date})"


class ChecklistTemplateManager(models.Manager):
    # Natural keys name the shared catalogue's rows: the shipped fixtures load only those.
    def get_by_natural_key(self, name):
        return self.get(name=name, organisation__isnull=True)


class ChecklistTemplate(models.Model):
    """A checklist plans are started from: the shared catalogue's (no organisation, read
    only, copied to adapt) or an agency's own, seen and used by that agency alone."""

    name = models.CharField(max_length=200)
    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checklist_templates",
        help_text="Leave empty for a template every program may use.",
    )
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the shared catalogue's template.",
    )

    objects = OrganisationScopedManager(own_or_shared(), ChecklistTemplateManager)

    class Meta:
        # An agency's own template before the shared one it was adapted from.
        ordering = ["-is_default", models.F("organisation").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="checklist_template_name_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(organisation__isnull=True),
                name="shared_checklist_template_name_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ChecklistTemplateItemManager(models.Manager):
    def get_by_natural_key(self, template_name, code):
        return self.get(
            template__name=template_name, template__organisation__isnull=True, code=code
        )


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(max_length=60)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    group = models.CharField(max_length=200, blank=True, help_text="A heading within the phase.")
    text = models.TextField()
    subitems = models.JSONField(default=list, blank=True)
    assignee = models.CharField(max_length=20, choices=AssigneeRole.choices)
    due_offset_days = models.IntegerField(
        help_text="Days from the start date; negative is before it."
    )
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    required = models.BooleanField(default=True)
    record_only = models.BooleanField(
        default=False,
        help_text="A document that is seen and kept on file: only that fact is recorded, never a copy.",
    )
    training_course_code = models.CharField(
        max_length=60, blank=True, help_text="Completing this training ticks the item."
    )
    order = models.PositiveIntegerField(default=0)

    objects = ChecklistTemplateItemManager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code_unique"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return self.template.natural_key() + (self.code,)

    natural_key.dependencies = ["onboarding.checklisttemplate"]


class Onboarding(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="onboardings"
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="onboardings"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="onboardings_supervised"
    )
    start_date = models.DateField()
    employment_type = models.CharField(max_length=20, choices=StaffProfile.EmploymentType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The organisation that owns this record: set by the service from the person it is
    # about, never chosen on a form. It stays when the person moves to another agency.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-start_date", "-pk"]
        permissions = [("view_all_onboardings", "Can view every onboarding")]
        indexes = [
            models.Index(fields=["status", "program"]),
            models.Index(fields=["status", "supervisor"]),
            # The board: active plans, earliest start first.
            models.Index(fields=["status", "start_date"], name="onboarding_board_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="active"),
                name="one_active_onboarding_per_person",
            )
        ]

    def __str__(self):
        return f"Onboarding of {self.person}"


class OnboardingItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(
        ChecklistTemplateItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    group = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    subitems = models.JSONField(default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="onboarding_items"
    )
    due_date = models.DateField()
    required = models.BooleanField(default=True)
    record_only = models.BooleanField(default=False)
    training_course_code = models.CharField(max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # Ticked by completing its training (not by hand), so a correction of that attendance
    # unticks exactly the items it ticked.
    completed_by_training = models.BooleanField(default=False)
    not_applicable_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    objects = OrganisationScopedManager(own("onboarding__organisation"))

    class Meta:
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["assignee", "status"]),
        ]

    def __str__(self):
        return self.text[:80]


class OnboardingItemEvent(models.Model):
    """Who did what to an item, and when."""

    class Action(models.TextChoices):
        COMPLETED = "completed", "Completed"
        NOT_APPLICABLE = "not_applicable", "Marked not applicable"
        REOPENED = "reopened", "Reopened"
        REASSIGNED = "reassigned", "Reassigned"

    item = models.ForeignKey(OnboardingItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    notes = models.TextField(blank=True)
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.by_id}"


# Check-ins ---------------------------------------------------------------


class QuestionSetManager(models.Manager):
    # Natural keys name the shared catalogue's sets: the shipped fixtures load only those.
    def get_by_natural_key(self, code):
        return self.get(code=code, organisation__isnull=True)


class QuestionSet(models.Model):
    """Check-in questions: the shared catalogue's (no organisation) or an agency's own."""

    class Audience(models.TextChoices):
        PEER = "peer", "The peer"
        NON_PEER = "non_peer", "Non-peer staff"

    code = models.SlugField()
    name = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    intro = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the shared catalogue's set.",
    )

    objects = OrganisationScopedManager(own_or_shared(), QuestionSetManager)

    class Meta:
        ordering = ["audience", models.F("organisation").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="question_set_code_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organisation__isnull=True),
                name="shared_question_set_code_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def heading(self) -> str:
        """Who the questions are for, in words, as the check-in pages name the set."""
        if self.audience == self.Audience.PEER:
            return "Questions for the peer"
        return "Questions for non-peer staff"


class QuestionManager(models.Manager):
    def get_by_natural_key(self, set_code, order):
        return self.get(
            question_set__code=set_code, question_set__organisation__isnull=True, order=order
        )


class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField()
    text = models.TextField()

    objects = QuestionManager()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "order"], name="question_order_unique"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return self.question_set.natural_key() + (self.order,)

    natural_key.dependencies = ["onboarding.questionset"]


class CheckInSchedule(models.Model):
    """How often a supervisor checks in with a peer; the cadence may change over time."""

    # One per person in each organisation: after a move to another agency the old
    # agency's schedule stays its record, and the new agency starts its own.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkin_schedules"
    )
    next_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The organisation that owns this record: set by the service from the person it is
    # about, never chosen on a form. It stays when the person moves to another agency.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["next_due", "pk"]
        indexes = [
            models.Index(fields=["supervisor", "next_due"]),
            models.Index(fields=["next_due"], name="checkin_due_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="one_checkin_schedule_per_organisation"
            ),
        ]

    def __str__(self):
        return f"Check-ins with {self.person}"


class Cadence(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        BIWEEKLY = "biweekly", "Every two weeks"
        MONTHLY = "monthly", "Monthly"

    schedule = models.ForeignKey(CheckInSchedule, on_delete=models.CASCADE, related_name="cadences")
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="cadence_dates_in_order",
                violation_error_message="A cadence ends on or after the day it starts.",
            )
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} from {self.starts_on}"


class CheckIn(models.Model):
    schedule = models.ForeignKey(
        CheckInSchedule, on_delete=models.CASCADE, related_name="check_ins"
    )
    held_on = models.DateField()
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="check_ins")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedManager(own("schedule__organisation"))

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Check-in with {self.schedule.person_id} on {self.held_on}"


class CheckInAnswer(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, on_delete=models.SET_NULL, related_name="+")
    question_text = models.TextField()
    answer = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.question_text[:60]


class FollowUp(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text[:60]
