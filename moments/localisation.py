"""Dates and numbers written the way the reader's language writes them.

Every page and export formats through these helpers (templates through the
`date` filter in moments.templatetags.localised, which replaces Django's),
never with strftime and a fixed pattern: the pattern is the language's
(config/formats and Django's own), the month names are translated, and Thai
readers see years in the Buddhist Era when THAI_BUDDHIST_ERA is on — Django
and Babel do not do that, hence the small formatter below.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils import formats
from django.utils.dateformat import DateFormat
from django.utils.translation import get_language, get_language_from_request, gettext

from accounts.middleware import supported_language

if TYPE_CHECKING:
    from moments.models import Customer

# The Thai solar calendar counts years from the Buddha's death: 2026 CE is 2569 BE.
BUDDHIST_ERA_OFFSET = 543


def uses_buddhist_era(language: str | None = None) -> bool:
    """Whether years are written in the Buddhist Era: for Thai, unless the organisation turned it off."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return settings.THAI_BUDDHIST_ERA and language.split("-")[0] == "th"


class BuddhistEraDateFormat(DateFormat):
    """Django's date formatter with the year letters (Y, y, o) counted in the Buddhist Era."""

    data: date

    # Django's own Y() returns a string too; its stubs say int.
    def Y(self) -> str:  # type: ignore[override]
        return f"{self.data.year + BUDDHIST_ERA_OFFSET:04d}"

    def y(self) -> str:
        return f"{(self.data.year + BUDDHIST_ERA_OFFSET) % 100:02d}"

    def o(self) -> int:
        return self.data.isocalendar().year + BUDDHIST_ERA_OFFSET


def format_date(value: date | datetime, format_name: str = "DATE_FORMAT") -> str:
    """`value` in the active language's format: a name, or a pattern.

    Names are Django's ("SHORT_DATE_FORMAT") or ours in config/formats
    ("COMPACT_DATE_FORMAT"); get_format returns anything else unchanged, as
    a pattern. Aware datetimes should be local already (timezone.localtime),
    as the template filter makes them.
    """
    pattern = formats.get_format(format_name)
    formatter = BuddhistEraDateFormat(value) if uses_buddhist_era() else DateFormat(value)
    return formatter.format(pattern)


def format_date_range(start: date, end: date) -> str:
    """ "3 Nov – 2 Dec 2026": the year once when both ends share it, on each end otherwise."""
    end_text = format_date(end, "COMPACT_DATE_FORMAT")
    if start == end:
        return end_text
    start_format = "MONTH_DAY_FORMAT" if start.year == end.year else "COMPACT_DATE_FORMAT"
    return gettext("%(start)s – %(end)s") % {"start": format_date(start, start_format), "end": end_text}


def format_day_month(value: date) -> str:
    """ "3 Nov": a day without its year, where a page has little room (trend labels, chart axes)."""
    return format_date(value, "MONTH_DAY_FORMAT")


def format_day_month_range(start: date, end: date) -> str:
    """ "3 Nov – 9 Nov", or "3 Nov" for a single day: a span within a period whose years are said elsewhere."""
    if start == end:
        return format_day_month(start)
    return gettext("%(start)s – %(end)s") % {"start": format_day_month(start), "end": format_day_month(end)}


def first_day_of_week() -> int:
    """The day the active language's weeks start on, as Django counts it: 0 Sunday, 1 Monday (CLDR's choice)."""
    return int(formats.get_format("FIRST_DAY_OF_WEEK"))


def week_start(day: date, first_day: int | None = None) -> date:
    """The first day of the week holding `day`, weeks starting on `first_day` (default: the language's)."""
    first = first_day_of_week() if first_day is None else first_day
    # isoweekday counts Monday 1 … Sunday 7, so Sunday is 0 modulo 7 as in Django's numbering.
    return day - timedelta(days=(day.isoweekday() - first) % 7)


def format_number(value: float | int, decimals: int = 0) -> str:
    """A number with the language's decimal mark and digit grouping ("12,480", "12.480", "3,5")."""
    return formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(share: float, decimals: int = 0) -> str:
    """A share 0–1 as a percentage in the language's way of writing one ("85 %", "85%")."""
    return gettext("%(number)s %%") % {"number": format_number(share * 100, decimals)}


def _sign(change: float) -> str:
    return "+" if change > 0 else ("−" if change < 0 else "±")


def format_change(change: float, decimals: int = 0) -> str:
    """A change of a count or a mean, signed ("+5", "−0.25", "±0")."""
    return f"{_sign(change)}{format_number(abs(change), decimals)}"


def format_points(change: float, decimals: int = 0) -> str:
    """A change of a share in percentage points, signed ("+4 pts")."""
    number = format_number(abs(change) * 100, decimals)
    return gettext("%(sign)s%(number)s pts") % {"sign": _sign(change), "number": number}


def customer_language(customer: Customer, request: HttpRequest | None = None) -> str:
    """The language to ask a customer in: theirs, else their browser's (when at one), else the organisation's."""
    chosen = supported_language(customer.language)
    if chosen:
        return chosen
    if request is not None:
        return get_language_from_request(request)
    return settings.LANGUAGE_CODE
