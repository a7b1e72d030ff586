"""Messages the work plan services refuse with."""

LOCKED_MESSAGE = (
    "Both of you have signed this plan, so it can no longer be changed. "
    "You can still record follow-up meetings and mark steps done."
)


CONFLICT_MESSAGE = (
    "This work plan was changed by someone else since you opened it. Your changes were not "
    "saved: review the differences below, then save again to keep yours."
)

MISSING_REVISION = (
    "This form did not say which version of the work plan it was opened from, so nothing "
    "was saved. Reload the page and make your change again."
)
