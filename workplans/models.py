"""Collaborative work plans (WISE Employer Toolkit): a supportive development plan agreed
between a peer employee and their manager.

The guide text (the 14 "Development plan: the basics" points and the prompts of sections
I–VIII) is reference data loaded from ``fixtures/work_plan_guide.json``; a plan keeps one
yes/no answer per point, the section fields, immediate steps, and follow-up meetings.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models

from core.models import GeneratedPdf
from organisations.scoping import OrganisationScopedManager, own


class GuidePointManager(models.Manager):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class GuidePoint(models.Model):
    """One of the 14 yes/no points of "Development plan: the basics", word for word."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()

    objects = GuidePointManager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def natural_key(self):
        return (self.number,)


class GuideSectionManager(models.Manager):
    def get_by_natural_key(self, numeral):
        return self.get(numeral=numeral)


class GuideSection(models.Model):
    """A section (I–VIII) of the source plan: its title and guiding questions, word for word."""

    numeral = models.CharField(max_length=8, unique=True)
    order = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    prompts = models.JSONField(default=list)

    objects = GuideSectionManager()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.numeral}. {self.title}"

    def natural_key(self):
        return (self.numeral,)


class WorkPlan(models.Model):
    class Frequency(models.IntegerChoices):
        WEEK = 7, "week"
        TWO_WEEKS = 14, "two weeks"
        FOUR_WEEKS = 28, "four weeks"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_plans"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="work_plans_managed"
    )
    evaluation = models.ForeignKey(
        "evaluations.Evaluation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_plans",
    )
    start_date = models.DateField("plan start date")
    end_date = models.DateField("plan end date")

    overview = models.TextField("I. Overview", blank=True)
    background = models.TextField("II. Background information", blank=True)
    performance_issues = models.TextField("III. Identification of performance issues", blank=True)
    needs_practical = models.TextField("practical needs", blank=True)
    needs_process = models.TextField("process needs", blank=True)
    needs_person = models.TextField("person needs", blank=True)
    contribution = models.TextField("V. Your contribution", blank=True)
    prevention = models.TextField("VI. Prevention of future issues", blank=True)
    meeting_every = models.PositiveSmallIntegerField(
        "meet once every", choices=Frequency.choices, null=True, blank=True
    )
    meeting_day = models.PositiveSmallIntegerField(
        "day", choices=Weekday.choices, null=True, blank=True
    )
    meeting_time = models.TimeField("time", null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField("minutes", null=True, blank=True)
    expiration = models.TextField("VIII. Plan expiration", blank=True)

    manager_signature = models.CharField(max_length=200, blank=True)
    manager_signed_at = models.DateTimeField(null=True, blank=True)
    employee_signature = models.CharField(max_length=200, blank=True)
    employee_signed_at = models.DateTimeField(null=True, blank=True)
    employee_comments = models.TextField(blank=True)
    # HMAC of what both signed, stored when the second signature locks the plan, for
    # display; what ``manage.py verify_records`` checks is the chain (core.integrity).
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    # Bumped on every change to the plan's content, so a PDF of an older version is not reused.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The organisation that owns this record: set by the service from the person it is
    # about, never chosen on a form. It stays when the person moves to another agency.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-start_date", "-pk"]
        permissions = [("view_all_workplans", "Can view every work plan")]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="workplan_start_order"),
            models.Index(fields=["employee", "end_date"]),
            models.Index(fields=["manager", "end_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="workplan_dates_in_order",
                violation_error_message="A work plan ends on or after the day it starts.",
            )
        ]

    def __str__(self):
        return f"Work plan for {self.employee} ({self.start_date:%b %Y})"

    @property
    def is_locked(self) -> bool:
        """Both have signed: only meeting notes and marking steps done remain possible."""
        return bool(self.manager_signed_at and self.employee_signed_at)

    def scheduled_meeting_dates(self) -> list:
        """The meetings agreed in section VII: every N weeks on the chosen day, within the plan."""
        if not self.meeting_every or self.meeting_day is None:
            return []
        first = self.start_date + timedelta(days=(self.meeting_day - self.start_date.weekday()) % 7)
        dates, day = [], first
        while day <= self.end_date:
            dates.append(day)
            day += timedelta(days=self.meeting_every)
        return dates


class ChecklistAnswer(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="answers")
    point = models.ForeignKey(GuidePoint, on_delete=models.PROTECT, related_name="+")
    answer = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["point__number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "point"], name="workplan_answer_once"),
        ]

    def __str__(self):
        return f"Plan {self.plan_id}, point {self.point_id}: {self.answer}"


class ImmediateStep(models.Model):
    """An action item of section VI, owned by the employee or the manager."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationScopedManager(own("plan__organisation"))

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.text[:60]


class FollowUpMeeting(models.Model):
    """A meeting about the plan: planned with a date, then notes once it has taken place."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    notes = models.TextField(blank=True)
    employee_attended = models.BooleanField(default=False)
    manager_attended = models.BooleanField(default=False)
    others_attending = models.CharField("others who attended", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationScopedManager(own("plan__organisation"))

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"Meeting on {self.date} (plan {self.plan_id})"


class WorkPlanPdf(GeneratedPdf):
    """A PDF export, rendered by a Celery task and served only to those who may see the plan."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="pdfs")
    plan_revision = models.PositiveIntegerField()

    objects = OrganisationScopedManager(own("plan__organisation"))

    def __str__(self):
        return f"PDF of work plan {self.plan_id} ({self.status})"


# Which plan fields belong to which section of the source, in the order they are shown.
SECTION_FIELDS = {
    "I": ("overview",),
    "II": ("background",),
    "III": ("performance_issues",),
    "IV": ("needs_practical", "needs_process", "needs_person"),
    "V": ("contribution",),
    "VI": ("prevention",),
    "VII": ("meeting_every", "meeting_day", "meeting_time", "meeting_minutes"),
    "VIII": ("expiration",),
}
