"""People views, split by concept: the people who work here (``people``), and one's own
account and signing in (``account``)."""

from .account import (
    InvitationAcceptView,
    LockoutListView,
    LockoutUnlockView,
    PasswordResetConfirmView,
    PasswordResetView,
    SessionKeepAliveView,
    SignInView,
    TwoFactorSetupView,
    TwoFactorTurnOffView,
    TwoFactorVerifyView,
)
from .people import (
    PersonDetailView,
    PersonInviteAgainView,
    PersonInviteView,
    PersonLeaveView,
    PersonListView,
    PersonUpdateView,
)

__all__ = [
    "InvitationAcceptView",
    "LockoutListView",
    "LockoutUnlockView",
    "PasswordResetConfirmView",
    "PasswordResetView",
    "PersonDetailView",
    "PersonInviteAgainView",
    "PersonInviteView",
    "PersonLeaveView",
    "PersonListView",
    "PersonUpdateView",
    "SessionKeepAliveView",
    "SignInView",
    "TwoFactorSetupView",
    "TwoFactorTurnOffView",
    "TwoFactorVerifyView",
]
