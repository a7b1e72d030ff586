"""Emails that tell a person what is theirs to do next, and how each person wants them.

Apps register the kinds of email they send (``notice_kind_register``, from their
``AppConfig.ready()``) and call ``notice_queue`` from the service that makes a hand-off;
core records the notice with the change, sends it once the transaction commits, or keeps
it for the person's daily digest (sent by the daily job in ``core.reminders``, with the
reminders). Core names no app: a kind is a key such as ``"evaluations.handoffs"``.
"""

from .emails import email_build, email_context
from .kinds import NoticeKind, notice_kind, notice_kind_register, notice_kinds
from .outbox import notice_hold, notice_message, notice_queue, notice_send
from .preferences import (
    notice_deliveries,
    notice_preferences,
    notice_preferences_save,
    preference_link,
    preference_token,
    preference_token_read,
    settings_link,
)

__all__ = [
    "NoticeKind",
    "email_build",
    "email_context",
    "notice_deliveries",
    "notice_hold",
    "notice_kind",
    "notice_kind_register",
    "notice_kinds",
    "notice_message",
    "notice_preferences",
    "notice_preferences_save",
    "notice_queue",
    "notice_send",
    "preference_link",
    "preference_token",
    "preference_token_read",
    "settings_link",
]
