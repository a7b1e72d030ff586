"""The one error a service raises when a business rule refuses a change.

Every app's services raise ``ApplicationError`` (or ``ConflictError``) with a message
written for the person who asked; views catch this one type and show it, on the form or
as a page message, with ``form_add_errors`` or ``messages_add_errors``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models

Errors = dict[str | None, list[str]]


class ApplicationError(Exception):
    """A refused change.

    ``message`` is the text for the person, or, when the refusal is about particular
    fields, a mapping of field name (None for the whole form) to messages; ``errors``
    is always that mapping. ``extra`` carries data a caller may need besides the text.
    """

    def __init__(self, message: str | Errors, extra: dict | None = None):
        self.errors: Errors = {None: [message]} if isinstance(message, str) else message
        self.extra = extra or {}
        self.message = "; ".join(self.messages)
        super().__init__(self.message)

    @property
    def messages(self) -> list[str]:
        return [m for found in self.errors.values() for m in found]


class ConflictError(ApplicationError):
    """The record changed since the person opened the page they are saving from."""


def full_clean(instance: models.Model, **options) -> None:
    """``instance.full_clean()``, refusing with ``ApplicationError``: a model's own checks
    (its fields, ``clean()``, its constraints) are business rules like any other, so every
    caller of a service handles one error type. Messages stay under their fields."""
    try:
        instance.full_clean(**options)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {
                None if field == "__all__" else field: list(found)
                for field, found in exc.message_dict.items()
            }
        else:
            errors = {None: exc.messages}
        raise ApplicationError(errors) from exc


def form_add_errors(form, exc: ApplicationError) -> None:
    """Each message under its field, or above the form when the form has no such field."""
    for field, found in exc.errors.items():
        for message in found:
            form.add_error(field if field in form.fields else None, message)


def messages_add_errors(request, exc: ApplicationError) -> None:
    """Each message as its own page message."""
    for message in exc.messages:
        messages.error(request, message)
