"""Business days: due dates never fall on a weekend or an agency holiday."""

import calendar
from datetime import date, timedelta

from ..models import Holiday


def closed_days(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def business_day(day: date, *, backwards: bool, closed: set[date]) -> date:
    """The nearest open day: earlier for dates before the start (they must stay before it), later otherwise."""
    step = timedelta(days=-1 if backwards else 1)
    while day.weekday() >= 5 or day in closed:
        day += step
    return day


def due_date_for(start: date, offset_days: int, *, closed: set[date]) -> date:
    return business_day(
        start + timedelta(days=offset_days), backwards=offset_days < 0, closed=closed
    )


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
