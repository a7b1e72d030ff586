"""Sealed records: one append-only chain of keyed hashes over every finalized evaluation
and every work plan signed by both.

Each time such a record is sealed (finalized, amended, an amendment acknowledged,
signed by both) a ``RecordLink`` is appended. The link holds an HMAC of the record's
whole state (content, workflow history, amendments) and an HMAC over its own fields
and the previous link's. The keys come from ``RECORD_SIGNING_KEYS`` in the
environment; the database never holds them, so a person with the application's
database role can change rows but cannot make a link that verifies. Rewriting one
record therefore breaks its own link; rewriting a link breaks every later one.

``python manage.py verify_records`` walks the chain from the first link and compares
each record's latest link with what the record holds now (``records_verify``).
Which records are sealed, and what their state is, each app registers from its
``AppConfig.ready()`` (``register_sealed_record``).
"""

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from .models import RecordLink


@dataclass(frozen=True)
class SealedRecord:
    states: Callable[[list[int]], dict]  # {pk: (record, state)} for the given pks
    locked_ids: Callable[[], Iterable[int]]  # the pks of the records locked now


# record type (the model's label, lower case) -> how to read its records.
SEALED_RECORDS: dict[str, SealedRecord] = {}


def register_sealed_record(model, *, states, locked_ids) -> None:
    """Seal ``model``'s records: ``states(pks)`` gives {pk: (record, state)}, ``locked_ids()``
    the pks of those locked now (each must have a link)."""
    SEALED_RECORDS[model._meta.label_lower] = SealedRecord(states=states, locked_ids=locked_ids)


# Any constant: the advisory lock that makes appending to the chain one at a time.
_CHAIN_LOCK = 7_301_2026


class RecordMismatch(Exception):
    """A sealed record no longer matches its latest link; the message says which and how."""


def signing_keys() -> tuple[str, dict[str, bytes]]:
    """(the id new links are signed with, every key by id) from ``RECORD_SIGNING_KEYS``."""
    keys, current = {}, None
    for entry in settings.RECORD_SIGNING_KEYS:
        key_id, separator, secret = str(entry).partition(":")
        key_id = key_id.strip()
        if not separator or not key_id or not secret:
            raise ImproperlyConfigured(
                "RECORD_SIGNING_KEYS holds comma-separated id:secret pairs, the current key first."
            )
        keys.setdefault(key_id, secret.encode())
        current = current or key_id
    if current is None:
        raise ImproperlyConfigured("RECORD_SIGNING_KEYS is empty: records cannot be sealed.")
    return current, keys


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()


def _key(key_id: str | None) -> tuple[str, bytes]:
    current, keys = signing_keys()
    key_id = key_id or current
    if key_id not in keys:
        raise RecordMismatch(
            f"the key “{key_id}” is not in RECORD_SIGNING_KEYS (keep retired keys listed)"
        )
    return key_id, keys[key_id]


def content_hash(content: dict, *, key_id: str | None = None) -> str:
    """HMAC-SHA256 of ``content`` (as canonical JSON) with the named key, or the current one."""
    _, secret = _key(key_id)
    return hmac.new(secret, _canonical(content), hashlib.sha256).hexdigest()


def _link_fields(link: RecordLink) -> dict:
    return {
        "position": link.position,
        "previous": link.previous_mac,
        "record": f"{link.record_type}:{link.record_id}",
        "event": link.event,
        "digest": link.digest,
        "key": link.key_id,
        "at": link.at.isoformat(),
    }


def _record_type(record) -> str:
    return record._meta.label_lower


def _state_of(record_type: str, pk: int):
    found = SEALED_RECORDS[record_type].states([pk])
    return found.get(pk, (None, None))


def chain_head() -> RecordLink | None:
    """The latest link of the chain (shown on the audit page, written into backups)."""
    return RecordLink.objects.order_by("-position").first()


def record_latest_link(record) -> RecordLink | None:
    return (
        RecordLink.objects.filter(record_type=_record_type(record), record_id=record.pk)
        .order_by("-position")
        .first()
    )


def record_check(*, record) -> None:
    """Raise RecordMismatch unless ``record`` still matches its latest link.

    A service about to seal a record again calls this first, so a record changed
    behind the application's back is never sealed over with a fresh, valid link."""
    link = record_latest_link(record)
    if link is None:
        return
    _, state = _state_of(link.record_type, record.pk)
    if state is None or content_hash(state, key_id=link.key_id) != link.digest:
        raise RecordMismatch(
            f"{record} no longer matches what was sealed on {link.at:%B %-d, %Y} "
            f"(link {link.position}). Nothing was changed: ask a program administrator to run "
            "verify_records and find out what changed it."
        )


def record_seal(*, record, event: str) -> RecordLink:
    """Append a link sealing ``record``'s current state; call inside the service's transaction."""
    record_type = _record_type(record)
    if connection.vendor == "postgresql":
        # One at a time: the head read here is the one the new link follows. (SQLite
        # allows one writer at a time already.)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    _, state = _state_of(record_type, record.pk)
    head = chain_head()
    key_id, _ = _key(None)
    link = RecordLink(
        position=(head.position + 1) if head else 1,
        previous_mac=head.mac if head else "",
        record_type=record_type,
        record_id=record.pk,
        event=event,
        digest=content_hash(state, key_id=key_id),
        key_id=key_id,
        at=timezone.now(),
    )
    link.mac = content_hash(_link_fields(link), key_id=key_id)
    link.save()
    return link


@dataclass(frozen=True)
class Mismatch:
    record: object
    record_label: str
    stored: str
    current: str
    reason: str


@dataclass(frozen=True)
class BrokenLink:
    position: int
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    mismatches: list[Mismatch]
    broken: list[BrokenLink]
    head: RecordLink | None


def _walk_chain(latest: dict) -> list[BrokenLink]:
    broken, previous, expected = [], None, 1
    for link in RecordLink.objects.order_by("position").iterator(chunk_size=500):
        if link.position != expected:
            broken.append(BrokenLink(link.position, f"expected link {expected} here"))
        if link.previous_mac != (previous.mac if previous else ""):
            broken.append(BrokenLink(link.position, "does not follow the link before it"))
        try:
            if content_hash(_link_fields(link), key_id=link.key_id) != link.mac:
                broken.append(BrokenLink(link.position, "its own hash does not match"))
        except RecordMismatch as missing_key:
            broken.append(BrokenLink(link.position, str(missing_key)))
        latest[(link.record_type, link.record_id)] = link
        previous, expected = link, link.position + 1
    return broken


def records_verify() -> Verification:
    """Check the whole chain, then every record it ever sealed against its latest link,
    and every record locked now that was never sealed."""
    latest: dict[tuple[str, int], RecordLink] = {}
    broken = _walk_chain(latest)
    mismatches, checked = [], 0
    for record_type, sealed in SEALED_RECORDS.items():
        sealed_ids = {pk for kind, pk in latest if kind == record_type}
        ids = sorted(sealed_ids | set(sealed.locked_ids()))
        found = {}
        for start in range(0, len(ids), 200):
            found.update(sealed.states(ids[start : start + 200]))
        for pk in ids:
            checked += 1
            record, state = found.get(pk, (None, None))
            label = f"{record_type} {pk}"
            link = latest.get((record_type, pk))
            if link is None:
                mismatches.append(Mismatch(record, label, "", "", "locked but never sealed"))
                continue
            if record is None:
                mismatches.append(Mismatch(None, label, link.digest, "", "the record is gone"))
                continue
            try:
                current = content_hash(state, key_id=link.key_id)
            except RecordMismatch as missing_key:
                mismatches.append(Mismatch(record, label, link.digest, "", str(missing_key)))
                continue
            if current != link.digest:
                mismatches.append(
                    Mismatch(
                        record, label, link.digest, current, f"differs from link {link.position}"
                    )
                )
    return Verification(checked=checked, mismatches=mismatches, broken=broken, head=chain_head())
