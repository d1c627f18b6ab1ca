"""Dates people give us: the one range every date filter, form and contact accepts.

A date typed into a URL or a form may be anything the calendar holds, from
1 Jan 0001 to 31 Dec 9999. The arithmetic behind a filter steps past those
ends (the day after the last day asked for, local midnight in TIME_ZONE, the
period before a period) and Python answers with OverflowError: a server
error where a message belongs. So every date read from a person is checked
against one range first, here, and refused with a message outside it.
Within the range no step that the filters, the dashboards or a time zone
take can leave the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moments.localisation import format_date

# Older than any contact an organisation will have logged here, and later
# than any it will log; far enough from the calendar's ends (year 1, year
# 9999) that ten years, a day or a time zone away is still a date.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def local_start(day: date) -> datetime:
    """The first instant of a local day in TIME_ZONE (midnight exists on every day of a DST change there)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _written(day: date) -> str:
    # The language's short date; Django writes every year with four digits (strftime drops leading zeros).
    return format_date(day, "COMPACT_DATE_FORMAT")


def validate_date_in_range(value: date | datetime) -> None:
    """Refuse a date, or a date-time on a date, outside EARLIEST_DATE–LATEST_DATE."""
    # An aware date-time's own date: within the range, no time zone can move it off the calendar.
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("%(day)s is outside %(earliest)s–%(latest)s; enter a date within those years."),
            code="date_out_of_range",
            params={"day": _written(day), "earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
        )


class BoundedDateField(forms.DateField):
    """A date from a form or a URL, refused with a message outside EARLIEST_DATE–LATEST_DATE."""

    default_validators = [validate_date_in_range]


class BoundedDateTimeField(forms.DateTimeField):
    """A date-time from a form, refused with a message when its date is outside EARLIEST_DATE–LATEST_DATE."""

    default_validators = [validate_date_in_range]
