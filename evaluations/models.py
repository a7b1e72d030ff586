"""Performance evaluations of peer staff.

An evaluation is made from a template and keeps its own copy of every category
and item text (``EvaluationSection``, ``EvaluationItem``), so later catalogue or
template changes never alter it. Ratings live on the copied items: one row per
item carries the supervisor's rating and the peer's self-rating.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from competencies.models import Domain, Framework, Item
from core.models import GeneratedPdf
from organisations.scoping import OrganisationScopedManager, own


class Rating(models.TextChoices):
    ADVANCED = "advanced", "Advanced"
    PROFICIENT = "proficient", "Proficient"
    DEVELOPING = "developing", "Developing"
    NOT_ENOUGH_INFORMATION = "nei", "Not Enough Information"
    NOT_APPLICABLE = "na", "Not Applicable"


# Ratings that need a category comment, and ratings that never count in a summary.
COMMENT_REQUIRED = frozenset({Rating.DEVELOPING, Rating.NOT_ENOUGH_INFORMATION})
NOT_COUNTED = frozenset({Rating.NOT_ENOUGH_INFORMATION, Rating.NOT_APPLICABLE})
# Summaries score the counted ratings 3/2/1 for averages.
SCORES = {Rating.ADVANCED: 3, Rating.PROFICIENT: 2, Rating.DEVELOPING: 1}


class EvaluationTemplate(models.Model):
    """What an evaluation rates: an agency's own, over a shared framework or its own."""

    name = models.CharField(max_length=200)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="templates")
    domains = models.ManyToManyField(
        Domain, related_name="templates", help_text="The categories this template rates."
    )
    instructions = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_default=True),
                name="one_default_evaluation_template_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="evaluation_template_name_per_organisation",
            ),
        ]

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        NINETY_DAY = "90_day", "90-day"
        ANNUAL = "annual", "Annual"
        AD_HOC = "ad_hoc", "Ad hoc"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted to the peer"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        FINALIZED = "finalized", "Finalized"

    class SelfAssessment(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"

    template = models.ForeignKey(
        EvaluationTemplate, on_delete=models.PROTECT, related_name="evaluations"
    )
    peer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations_written"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)

    # Copied from the template when the evaluation is made.
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    rating_definitions = models.JSONField(default=dict, blank=True)

    overall_comments = models.TextField(blank=True)
    goals = models.TextField(blank=True)
    # "I confirm the Not Applicable ratings are intended", kept with the draft so a page
    # reopened later does not ask again for what was already confirmed.
    not_applicable_confirmed = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    supervisor_signature = models.CharField(max_length=200, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    peer_signature = models.CharField(max_length=200, blank=True)
    peer_comments = models.TextField(blank=True)
    peer_disagrees = models.BooleanField(default=False)
    disagreement_statement = models.TextField(blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_snapshot = models.JSONField(null=True, blank=True, editable=False)
    # HMAC of the current content, for display; what is checked is the chain (core.integrity).
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    self_assessment = models.CharField(
        max_length=20, choices=SelfAssessment.choices, default=SelfAssessment.NOT_STARTED
    )
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    self_overall_comments = models.TextField(blank=True)
    self_not_applicable_confirmed = models.BooleanField(default=False)

    # Bumped on every save: a form posted with an older value was overtaken, unless
    # every save since came from the same page (``edited_in``: that tab's own autosaves
    # arriving after it pressed Submit). Another person, or the same person in another
    # tab, is a conflict. The self-assessment has its own count: the peer and the
    # supervisor write different fields and do not overtake each other.
    revision = models.PositiveIntegerField(default=0)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_in = models.CharField(max_length=32, blank=True, editable=False)
    self_revision = models.PositiveIntegerField(default=0)
    self_edited_in = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The organisation that owns this record: set by the service from the person it is
    # about, never chosen on a form. It stays when the person moves to another agency.
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-due_date", "-pk"]
        permissions = [("view_all_evaluations", "Can view every evaluation")]
        indexes = [
            models.Index(fields=["peer", "state"]),
            models.Index(fields=["supervisor", "state"]),
            models.Index(fields=["state", "due_date"]),
            # HR's and admins' list: every evaluation, latest due first.
            models.Index(fields=["-due_date", "-id"], name="evaluation_due_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_in_order",
                violation_error_message="The period ends on or after the day it starts.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} evaluation of {self.peer} ({self.period_start:%b %Y})"

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.FINALIZED


class EvaluationSection(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sections")
    source_domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField()
    comment = models.TextField(blank=True)
    self_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="section_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class EvaluationItem(models.Model):
    section = models.ForeignKey(EvaluationSection, on_delete=models.CASCADE, related_name="items")
    source_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=30)
    text = models.TextField()
    order = models.PositiveIntegerField()
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    self_rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="evaluation_item_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class EvaluationTransition(models.Model):
    """One recorded move through the workflow. Append-only (triggers on both engines)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=Evaluation.State.choices)
    to_state = models.CharField(max_length=20, choices=Evaluation.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    # The peer acknowledging an amended version: which amendment, signed with their name.
    amendment = models.ForeignKey(
        "Amendment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    signature = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.evaluation_id}: {self.from_state} → {self.to_state} by {self.by_id}"


class Amendment(models.Model):
    """A change to a finalized evaluation: who, why, and each field before and after.

    Append-only, with one ``AmendmentChange`` per field changed: a finalized row
    accepts an UPDATE only to apply the change last recorded for it."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="amendments")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"Amendment of evaluation {self.evaluation_id} by {self.by_id}"


class AmendmentChange(models.Model):
    """One value an amendment changed, recorded before the row is changed.

    The database triggers read these: a finalized evaluation, category or item row
    may change only from the ``before`` to the ``after`` of the latest change recorded
    for that very field. Append-only."""

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="change_rows")
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="+")
    section = models.ForeignKey(
        EvaluationSection, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        EvaluationItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=40)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(before=models.F("after")), name="amendment_change_changes"
            )
        ]

    def __str__(self):
        return f"Amendment {self.amendment_id}: {self.field}"


class EvaluationPdf(GeneratedPdf):
    """A PDF export, rendered by a Celery task and served only to those who may see the evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="pdfs")
    evaluation_revision = models.PositiveIntegerField()

    def __str__(self):
        return f"PDF of evaluation {self.evaluation_id} ({self.status})"

    objects = OrganisationScopedManager(own("evaluation__organisation"))


class EvaluationNotice(models.Model):
    """An email sent when something happens to an evaluation; unique, so none goes out twice.

    (Scheduled due-date reminders are recorded by ``core.reminders``.)"""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted to the peer"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the peer"
        PDF_FAILED = "pdf_failed", "PDF could not be prepared"
        AMENDED = "amended", "Amended: the peer is asked to acknowledge it"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Submission can happen again after a take-back; the key includes which round
    # (for an amendment notice: the amendment's id).
    round = models.PositiveIntegerField(default=0)
    # Recorded in the transaction that calls for it, sent after: the row is the outbox, so a
    # message lost with Redis is queued again (core.queueing.notices_requeue_unsent).
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "kind", "recipient", "round"], name="evaluation_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} notice for evaluation {self.evaluation_id} to {self.recipient_id}"

    def task_args(self) -> tuple:
        return (self.evaluation_id, self.kind, self.recipient_id, self.round)
