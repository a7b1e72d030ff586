"""The link in an invitation email: Django's password-reset token under its own salt.

It expires ``PASSWORD_RESET_TIMEOUT`` after it is made and is used up once a password is
set (the token signs the password hash). Its own salt keeps the two kinds of link apart:
an invitation link does not open the password-reset page, nor the other way round."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "people.tokens.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()
