"""How each person wants each kind of email, and the signed links that change it."""

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from ..errors import ApplicationError, full_clean
from ..models import NoticePreference
from .kinds import NOTICE_KINDS, notice_kind

_SALT = "core.notices.preference"
# An email read months later should still switch its kind off, as RFC 8058 expects.
LINK_MAX_AGE = 60 * 60 * 24 * 365


def notice_deliveries(*, person_ids: Iterable[int], kind: str) -> dict[int, str]:
    """How each of ``person_ids`` wants ``kind``: their choice, or the kind's default."""
    person_ids = set(person_ids)
    chosen = dict(
        NoticePreference.objects.filter(person_id__in=person_ids, kind=kind).values_list(
            "person_id", "delivery"
        )
    )
    default = notice_kind(kind).default
    return {pk: chosen.get(pk, default) for pk in person_ids}


def notice_preferences(*, person) -> dict[str, str]:
    """Every registered kind and how ``person`` wants it."""
    chosen = dict(NoticePreference.objects.filter(person=person).values_list("kind", "delivery"))
    return {key: chosen.get(key, kind.default) for key, kind in NOTICE_KINDS.items()}


@transaction.atomic
def notice_preferences_save(*, person, deliveries: dict[str, str]) -> int:
    """Record how ``person`` wants each kind in ``deliveries``; returns how many changed.

    A choice a kind does not offer (turning off a hand-off) is refused."""
    current = notice_preferences(person=person)
    changed = 0
    for key, delivery in deliveries.items():
        kind = NOTICE_KINDS.get(key)
        if kind is None or delivery not in dict(kind.choices):
            raise ApplicationError("That choice is not offered for this kind of email.")
        if current[key] == delivery:
            continue
        preference = NoticePreference(person=person, kind=key, delivery=delivery)
        full_clean(preference, validate_unique=False, validate_constraints=False)
        NoticePreference.objects.update_or_create(
            person=person, kind=key, defaults={"delivery": delivery}
        )
        changed += 1
    return changed


def preference_token(*, person_id: int, kind: str) -> str:
    """A signed token naming one person and one kind: the link in each email."""
    return signing.dumps({"p": person_id, "k": kind}, salt=_SALT, compress=True)


def preference_token_read(token: str) -> tuple[int, str]:
    """The person and kind a token names; ``signing.BadSignature`` if it was not ours,
    was changed, or is too old."""
    data = signing.loads(token, salt=_SALT, max_age=LINK_MAX_AGE)
    if not isinstance(data, dict) or data.get("k") not in NOTICE_KINDS:
        raise signing.BadSignature("Unknown kind of email")
    return int(data["p"]), data["k"]


def preference_link(*, person_id: int, kind: str) -> str:
    """The absolute one-click address for ``kind`` in ``person_id``'s emails."""
    token = preference_token(person_id=person_id, kind=kind)
    return settings.SITE_URL + reverse("notice-preference-link", args=[token])


def settings_link() -> str:
    return settings.SITE_URL + reverse("notice-settings")
