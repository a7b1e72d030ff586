"""The agency's self-assessment (WISE Employer Toolkit, "Try this — Assess your program's …").

A ``Cycle`` is one round of it in one organisation: a team (leaders, supervisors, HR and
peers) each answers every question of the ``wise-agency-assessment`` catalogue, then meets
and records one ``AgreedAnswer`` per question. The questions are catalogue items
(competencies app), read-only; nothing here copies their text.
"""

import uuid

from django.conf import settings
from django.db import models

from core.models import GeneratedPdf
from organisations.scoping import OrganisationScopedManager, own


class AnswerChoice(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class Cycle(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Choosing the team"
        ANSWERING = "answering", "Team answering"
        AGREEING = "agreeing", "Agreeing answers"
        FINISHED = "finished", "Finished"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)
    # The organisation's choice, cycle by cycle (audited with the cycle): only a finished
    # cycle it shares shows its competency scores to its network's viewers.
    shared_with_network = models.BooleanField(default=False)

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "-opened_on"])]
        permissions = [
            (
                "manage_cycles",
                "Can open self-assessment cycles, choose the team and record agreed answers",
            )
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A person at the table for one cycle, and the seat they take there."""

    class Seat(models.TextChoices):
        LEADER = "leader", "Leader"
        SUPERVISOR = "supervisor", "Supervisor"
        HR = "hr", "HR"
        PEER = "peer", "Peer"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(max_length=20, choices=Seat.choices)

    objects = OrganisationScopedManager(own("cycle__organisation"))

    class Meta:
        ordering = ["seat", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="readiness_member_once")
        ]

    def __str__(self):
        return f"{self.person} ({self.get_seat_display()})"


class AnswerFields(models.Model):
    """What a member answers and what the team agrees share one shape: the question, one
    of the toolkit's answers, and a note."""

    question = models.ForeignKey("competencies.Item", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=AnswerChoice.choices)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.get_answer_display()


class Answer(AnswerFields):
    """One team member's own answer to one question."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="answers")

    objects = OrganisationScopedManager(own("member__cycle__organisation"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "question"], name="readiness_answer_once")
        ]


class AgreedAnswer(AnswerFields):
    """The answer the team agreed on for one question of one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="agreed")

    objects = OrganisationScopedManager(own("cycle__organisation"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "question"], name="readiness_agreed_once")
        ]


class SurveyRound(models.Model):
    """One round of the anonymous staff survey: the recovery-oriented workplace statements
    and the 13 psychosocial risk factors, sent to everyone who works here."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Counted when the links go out: the response rate's denominators.
    invited = models.PositiveIntegerField(default=0)
    invited_peers = models.PositiveIntegerField(default=0)

    objects = OrganisationScopedManager(own())

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return self.name


class SurveyTicket(models.Model):
    """A single-use link not used yet. It holds the hash of the link's token and whether it
    went to a peer (for the peer/non-peer comparison) — never the person, never a time. The
    group is null unless the round invited at least ``MIN_GROUP`` peers and as many others:
    in a smaller group the flag could point to one person. The
    ticket is deleted when its answers are saved, so nothing records who answered or when.
    The hash is the key: rows have no sequence whose order could follow the people list."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    peer = models.BooleanField(null=True, blank=True)

    objects = OrganisationScopedManager(own("round__organisation"))

    def __str__(self):
        return "Survey link"


class SurveyInvitation(models.Model):
    """A link still owed to a person: the round's job (``survey_invitations_send``) turns
    each into a ticket and an email, then deletes it, in one transaction. It holds the
    person and the group their ticket will carry (decided once, when the round opens) —
    never a token, a ticket or a time — and is gone once the link is sent or the round
    closes, so it can never be matched with a ticket afterwards."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Null unless the round records groups (see SurveyTicket).
    peer = models.BooleanField(null=True, blank=True)

    objects = OrganisationScopedManager(own("round__organisation"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="readiness_one_invitation_per_person"
            )
        ]

    def __str__(self):
        return "Survey link to send"


class SurveyResponse(models.Model):
    """One anonymous set of answers: the item code -> 1 (strongly disagree) to 5 (strongly
    agree). A random key and no timestamp, so neither the order of rows nor a time can be
    matched with a sign-in, a request log line or an email."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    # Null when the round was too small on either side to record groups (see SurveyTicket).
    peer = models.BooleanField(null=True, blank=True)
    answers = models.JSONField(default=dict)

    objects = OrganisationScopedManager(own("round__organisation"))

    def __str__(self):
        return "Survey response"


class Challenge(models.Model):
    """The toolkit's "Analyzing leadership challenges" form for one weak competency: the
    current situation, then the causes under Environment, People, Policies, and Processes
    & Procedures, each with why, details and a proposed action or intervention."""

    class Area(models.TextChoices):
        ENVIRONMENT = "environment", "Environment"
        PEOPLE = "people", "People"
        POLICIES = "policies", "Policies"
        PROCESSES = "processes", "Processes & Procedures"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="challenges")
    competency_code = models.CharField(max_length=10)
    current_situation = models.TextField()
    # Area -> {"causes", "why", "details", "action"}, the form's four rows.
    causes = models.JSONField(default=dict)

    objects = OrganisationScopedManager(own("cycle__organisation"))

    class Meta:
        ordering = ["competency_code", "pk"]

    def __str__(self):
        return f"Challenge under {self.competency_code}"


class Action(models.Model):
    """One action of the organisation's plan: what, who owns it, by when, and how far."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDERWAY = "underway", "Underway"
        DONE = "done", "Done"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="actions")
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    competency_code = models.CharField(max_length=10)
    text = models.TextField("action")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)

    objects = OrganisationScopedManager(own("cycle__organisation"))

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.text[:60]


class CyclePdf(GeneratedPdf):
    """The cycle's report for the board (``readiness.pdf``), rendered by the core pipeline
    and served only to the organisation's program admins."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="pdfs")

    objects = OrganisationScopedManager(own("cycle__organisation"))

    def __str__(self):
        return f"PDF of self-assessment cycle {self.cycle_id} ({self.status})"
