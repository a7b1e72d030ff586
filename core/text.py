"""Wording shared by pages and messages."""

import math


def duration_words(seconds: float) -> str:
    """A wait as people say it, rounded up: "45 seconds", "1 minute", "2 hours", "3 days"."""
    seconds = max(1, math.ceil(seconds))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = math.ceil(seconds / size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"
