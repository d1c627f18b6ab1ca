"""Dates and numbers written the way the reader's language writes them.

Every page and export formats through these helpers (templates through the
`date` filter in moments.templatetags.localised, which replaces Django's),
never with strftime and a fixed pattern: the pattern is the language's
(config/formats and Django's own), the month names are translated, and Thai
readers see years in the Buddhist Era when THAI_BUDDHIST_ERA is on — Django
and Babel do not do that, hence the small formatter below.
"""

from __future__ import annotations

from datetime import date, datetime
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

    def Y(self) -> str:
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


def format_number(value: float | int, decimals: int = 0) -> str:
    """A number with the language's decimal mark and digit grouping ("12,480", "12.480", "3,5")."""
    return formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(share: float, decimals: int = 0) -> str:
    """A share 0–1 as a percentage in the language's way of writing one ("85 %", "85%")."""
    return gettext("%(number)s %%") % {"number": format_number(share * 100, decimals)}


def format_points(change: float, decimals: int = 0) -> str:
    """A change of a share in percentage points, signed ("+4 pts")."""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return gettext("%(sign)s%(number)s pts") % {"sign": sign, "number": format_number(abs(change) * 100, decimals)}


def customer_language(customer: Customer, request: HttpRequest | None = None) -> str:
    """The language to ask a customer in: theirs, else their browser's (when at one), else the organisation's."""
    chosen = supported_language(customer.language)
    if chosen:
        return chosen
    if request is not None:
        return get_language_from_request(request)
    return settings.LANGUAGE_CODE
