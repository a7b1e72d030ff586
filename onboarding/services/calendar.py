"""Business days: due dates never fall on a weekend or an agency holiday."""

import calendar
from datetime import date, timedelta

from django.db import transaction

from core.errors import full_clean
from organisations.models import Organisation

from ..models import Holiday


@transaction.atomic
def holiday_create(*, organisation: Organisation, date: date, name: str) -> Holiday:
    """A day ``organisation`` is closed: its plans started from now on avoid it."""
    holiday = Holiday(organisation=organisation, date=date, name=name)
    full_clean(holiday)
    holiday.save()
    return holiday


def closed_days(start: date, end: date, *, organisation_id: int) -> set[date]:
    """The organisation's holidays between ``start`` and ``end``: each agency closes on its own."""
    return set(
        Holiday.objects.filter(
            organisation_id=organisation_id, date__range=(start, end)
        ).values_list("date", flat=True)
    )


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
