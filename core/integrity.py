"""Signed records: their content hash, the check of every stored hash, and the one
door through which a locked row may still change.

A finalized evaluation or a work plan signed by both keeps a SHA-256 hash of what
it says. ``python manage.py verify_records`` recomputes every hash through the
functions listed in ``SIGNED_RECORDS``: each yields ``(record, stored_hash,
current_content)`` for its app's locked records.

On PostgreSQL, triggers refuse changes to locked rows (see the evaluations and
workplans migrations). An amendment is the one sanctioned change; its service
opens the door for that one row, for its own transaction only.
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.utils.module_loading import import_string

SIGNED_RECORDS = [
    "evaluations.services.workflow.signed_evaluations",
    "workplans.services.plans.signed_workplans",
]


def content_hash(content: dict) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


@dataclass(frozen=True)
class Mismatch:
    record: object
    stored: str
    current: str


def records_verify() -> tuple[int, list[Mismatch]]:
    """Recompute the hash of every signed record: (how many were checked, the mismatches)."""
    checked, mismatches = 0, []
    for path in SIGNED_RECORDS:
        for record, stored, content in import_string(path)():
            checked += 1
            current = content_hash(content)
            if current != stored:
                mismatches.append(Mismatch(record=record, stored=stored, current=current))
    return checked, mismatches


@contextmanager
def allow_locked_change(*, table: str, pk: int) -> Iterator[None]:
    """Let the statements inside change one locked row of ``table`` (an amendment).

    The setting is transaction-local and is cleared on the way out, so the door is open
    for exactly these statements, even inside a longer transaction. Without PostgreSQL
    there is no trigger to tell, and the services' own checks are the guard."""
    if connection.vendor != "postgresql":
        yield
        return
    name = f"peerworks.unlocked_{table}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, str(pk)])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [name])
