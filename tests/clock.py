"""The clock for tests written around fixed calendar dates.

The suite must pass on any day (tests/test_clock_rule.py enforces it). A test that names
a calendar day — `date(2026, 12, 7)`, `"2026-12-07"` — either works relative to
`timezone.localdate()` or runs with the clock frozen where that day still lies ahead:

    pytestmark = frozen                  # the whole module, at WRITTEN_ON
    with time_machine.travel(instant):   # one step, at another instant

`frozen` is time-machine's own marker; a test's own `travel()` nests inside it.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

AGENCY_TZ = ZoneInfo("America/Los_Angeles")

# Monday 23 November 2026, mid-morning at the agency: the fixed dates in the tests
# (onboarding starting Monday 7 December, plans from 1 December...) lie ahead of it.
WRITTEN_ON = datetime(2026, 11, 23, 10, 0, tzinfo=AGENCY_TZ)

frozen = pytest.mark.time_machine(WRITTEN_ON)


def at_agency(day: date, hour: int = 9) -> datetime:
    """That day at that hour on the agency's clock."""
    return datetime.combine(day, time(hour), tzinfo=AGENCY_TZ)
