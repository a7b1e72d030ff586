"""Cross-app records: the reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SentReminder(models.Model):
    """One scheduled reminder that went out; its key is unique, so it never goes out twice.

    The key names the thing, the kind and the day it is about, for example
    ``onboarding-item:12:overdue:2026-12-01``.
    """

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


class ReminderLock(models.Model):
    """A single row locked while reminders are sent, so two runs at once take turns."""

    name = models.CharField(max_length=50, unique=True)

    def __str__(self):
        return self.name


class GeneratedPdf(models.Model):
    """What every PDF export records (see ``core.pdfs``): who asked, when, and how it went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # core.pdfs.pdf_fingerprint of what the file shows; reused only while it is unchanged.
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]


class RecordLink(models.Model):
    """One link of the chain of sealed records (``core.integrity``). Append-only: triggers
    refuse UPDATE and DELETE on both engines, and each link's HMAC covers the one before."""

    position = models.PositiveBigIntegerField(unique=True)
    previous_mac = models.CharField(max_length=64, blank=True)
    # The record sealed, as "app_label.model" and its primary key.
    record_type = models.CharField(max_length=100)
    record_id = models.BigIntegerField()
    event = models.CharField(max_length=40)
    # HMAC of the record's whole state, and of this link's own fields, with the key named.
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=40)
    mac = models.CharField(max_length=64, unique=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["record_type", "record_id", "position"])]

    EVENT_LABELS = {
        "finalized": "finalized",
        "amended": "amended",
        "amendment_acknowledged": "amended version signed by the peer",
        "signed": "signed by both",
    }

    def __str__(self):
        return f"Link {self.position}: {self.record_type} {self.record_id} {self.event}"

    @property
    def event_label(self) -> str:
        return self.EVENT_LABELS.get(self.event, self.event)


class Notice(models.Model):
    """One email telling one person of a hand-off (``core.notices``), recorded in the
    transaction that made it: the row is the outbox.

    Sent on commit when its person wants that kind at once; kept for the daily digest
    otherwise. Its key names the thing, the event and the person, so a notice is recorded
    once however often a service asks for it."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "By email as it happens"
        DIGEST = "digest", "In one email a day (the daily digest)"
        # Offered for reminders only: a hand-off is someone's next step, it always arrives.
        OFF = "off", "Not by email"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    subject = models.CharField(max_length=300)
    # Rendered from the kind's template when recorded: what happened, said then.
    body = models.TextField()
    path = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "delivery", "created_at"])]

    def __str__(self):
        return self.key

    # What the outbox sweep (core.queueing.notices_requeue_unsent) watches.
    SENT_ON_COMMIT = {"delivery": Delivery.IMMEDIATE}

    def task_args(self) -> tuple:
        return (self.pk,)


class NoticePreference(models.Model):
    """How one person wants one kind of email; without a row, the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=20, choices=Notice.Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="notice_preference_once")
        ]

    def __str__(self):
        return f"{self.kind} for {self.person_id}: {self.delivery}"
