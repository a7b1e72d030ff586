"""Writes for people: accounts and how they sign in (``accounts``), and the people program
admins invite and manage (``staff``).

The names are also offered here, where callers in other apps have always found them."""

from .accounts import (
    CODE_DID_NOT_MATCH,
    TwoFactorThrottled,
    people_leavers_deactivate,
    person_create,
    person_identity_link,
    person_leave,
    person_reinstate,
    person_set_roles,
    roles_sync,
    sign_in_lockout_release,
    two_factor_setup_confirm,
    two_factor_setup_start,
    two_factor_turn_off,
    two_factor_verify,
)
from .staff import invitation_send, person_invite, person_invite_again, person_update

__all__ = [
    "CODE_DID_NOT_MATCH",
    "TwoFactorThrottled",
    "invitation_send",
    "people_leavers_deactivate",
    "person_create",
    "person_identity_link",
    "person_invite",
    "person_invite_again",
    "person_leave",
    "person_reinstate",
    "person_set_roles",
    "person_update",
    "roles_sync",
    "sign_in_lockout_release",
    "two_factor_setup_confirm",
    "two_factor_setup_start",
    "two_factor_turn_off",
    "two_factor_verify",
]
