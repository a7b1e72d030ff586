"""An iCalendar (RFC 5545) file for one session: one event per day of the session, and a
cancelled one for each day a change took off it.

Written by hand: the format needs only CRLF line ends, text escaping, line
folding at 75 octets and UTC times, and that is less than a new dependency.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from .models import Session


def escape(text: str) -> str:
    """TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        limit = 75 if not parts else 74
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_ics(*, session: Session, slots, now: datetime | None = None) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "peerworks"
    stamp = utc(now or timezone.now())
    place = session.location or session.online_url
    details = [session.course.description]
    if session.online_url:
        details.append(f"Online: {session.online_url}")
    if session.trainer:
        details.append(f"Trainer: {session.trainer}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(settings.AGENCY_NAME)}//PeerWorks trainings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    # A calendar replaces an event it has only with one of a higher SEQUENCE: each change
    # of days, times or place counts one, and so does the cancellation.
    sequence = session.changes + (session.status == Session.Status.CANCELLED)
    total = len(slots)
    for number, slot in enumerate(slots, start=1):
        summary = str(session.course)
        if total > 1:
            summary += f" (day {number} of {total})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-session-{session.pk}-slot-{slot.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART:{utc(slot.starts_at)}",
            f"DTEND:{utc(slot.ends_at)}",
            f"SUMMARY:{escape(summary)}",
            f"LOCATION:{escape(place)}",
            f"DESCRIPTION:{escape(chr(10).join(d for d in details if d))}",
            "STATUS:CANCELLED"
            if session.status == Session.Status.CANCELLED
            else "STATUS:CONFIRMED",
        ]
        # Every day of an online session has the link, not only the last.
        if session.online_url:
            lines.append(f"URL:{session.online_url}")
        lines.append("END:VEVENT")
    for day in session.dropped_days:
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-session-{session.pk}-slot-{day['id']}@{host}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART:{utc(datetime.fromisoformat(day['starts_at']))}",
            f"DTEND:{utc(datetime.fromisoformat(day['ends_at']))}",
            f"SUMMARY:{escape(f'{session.course} (day taken off the session)')}",
            "STATUS:CANCELLED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
