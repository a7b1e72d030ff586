"""The refusal raised by work plan services."""


class WorkPlanError(Exception):
    """A refused change. ``errors`` maps a field name (or None) to messages."""

    def __init__(self, errors: dict[str | None, list[str]] | str):
        if isinstance(errors, str):
            errors = {None: [errors]}
        self.errors = errors
        super().__init__("; ".join(m for messages in errors.values() for m in messages))


LOCKED_MESSAGE = (
    "Both of you have signed this plan, so it can no longer be changed. "
    "You can still record follow-up meetings and mark steps done."
)


class WorkPlanConflict(WorkPlanError):
    """The plan changed since the person opened the page they are saving from."""


CONFLICT_MESSAGE = (
    "This work plan was changed by someone else since you opened it. Your changes were not "
    "saved: review the differences below, then save again to keep yours."
)

MISSING_REVISION = (
    "This form did not say which version of the work plan it was opened from, so nothing "
    "was saved. Reload the page and make your change again."
)
