"""The kinds of email a person may choose how to receive: each app registers its own."""

from dataclasses import dataclass

from ..models import Notice

Delivery = Notice.Delivery


@dataclass(frozen=True)
class NoticeKind:
    """One kind of email, as a person chooses how to get it on their settings page.

    ``reminder`` kinds are the daily job's reminders (``core.reminders``): by default they
    come in the daily digest, and may be turned off. The others are hand-offs, someone's
    next step: by default they come at once, and always come one way or the other."""

    key: str  # "<app label>.<what>", e.g. "evaluations.handoffs"
    label: str  # completes "Email me about …" on the settings page
    reminder: bool = False
    order: int = 0

    @property
    def default(self) -> str:
        return Delivery.DIGEST if self.reminder else Delivery.IMMEDIATE

    @property
    def choices(self) -> list[tuple[str, str]]:
        allowed = [Delivery.IMMEDIATE, Delivery.DIGEST]
        if self.reminder:
            allowed.append(Delivery.OFF)
        return [(d.value, d.label) for d in allowed]

    @property
    def quieter(self) -> str:
        """What the one-click link in an email switches this kind to."""
        return Delivery.OFF if self.reminder else Delivery.DIGEST


NOTICE_KINDS: dict[str, NoticeKind] = {}


def notice_kind_register(kind: NoticeKind) -> None:
    """Offer ``kind`` on every person's settings page (an app calls this from its
    ``AppConfig.ready()``; calling it again with the same kind changes nothing)."""
    NOTICE_KINDS[kind.key] = kind


def notice_kinds() -> list[NoticeKind]:
    """The registered kinds in the order the settings page shows them."""
    return sorted(NOTICE_KINDS.values(), key=lambda k: (k.reminder, k.order, k.key))


def notice_kind(key: str) -> NoticeKind:
    """The kind registered under ``key`` (KeyError for a kind no app registered)."""
    return NOTICE_KINDS[key]
