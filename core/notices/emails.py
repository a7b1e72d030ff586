"""Every email a person gets about their work is built here: the greeting, the link to
the settings page in the footer, and the one-click headers of RFC 8058."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .kinds import NOTICE_KINDS
from .preferences import preference_link, settings_link


def email_context(*, recipient, kind: str | None = None) -> dict:
    """What every email's template may use: who it is for, the agency, the site, and the
    links to how this person gets ``kind`` (or every kind, for an email of several)."""
    context = {
        "recipient": recipient,
        "agency_name": settings.AGENCY_NAME,
        "site_url": settings.SITE_URL,
        "settings_link": settings_link(),
        "notice_kind": NOTICE_KINDS.get(kind) if kind else None,
    }
    if context["notice_kind"] is not None:
        context["preference_link"] = preference_link(person_id=recipient.pk, kind=kind)
    return context


def email_build(
    *, recipient, subject: str, template: str, context: dict, kind: str | None = None
) -> EmailMultiAlternatives:
    """One email to ``recipient`` from ``template`` (.txt and .html).

    An email about one kind carries ``List-Unsubscribe`` and ``List-Unsubscribe-Post``
    (RFC 8058): a mail program's one-click button quietens that kind (a hand-off moves to
    the daily digest, a reminder stops); an email about several links to the settings page."""
    context = {**context, **email_context(recipient=recipient, kind=kind)}
    if "preference_link" in context:
        headers = {
            "List-Unsubscribe": f"<{context['preference_link']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    else:
        headers = {"List-Unsubscribe": f"<{context['settings_link']}>"}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[recipient.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
