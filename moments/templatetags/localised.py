"""Template filters every template has without loading them (TEMPLATES' "builtins").

`date` replaces Django's filter of the same name so that every date on every
page — the admin's too — goes through moments.localisation, and Thai readers
see years in the Buddhist Era. It takes the same arguments as Django's:
a format name ("SHORT_DATETIME_FORMAT") or a pattern.
"""

from __future__ import annotations

from datetime import date as date_type
from typing import Literal

from django import template

from accounts.middleware import language_name as name_of_language
from moments.localisation import format_date, format_number, format_percent

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: date_type | None, arg: str | None = None) -> str:
    if value in (None, "") or not isinstance(value, date_type):
        return ""
    return format_date(value, arg or "DATE_FORMAT")


@register.filter(is_safe=False)
def number(value: float | int | Literal[""] | None, decimals: int = 0) -> str:
    """{{ count|number }} → "12,480" in English, "12 480" in Spanish."""
    if value is None or value == "":
        return ""
    return format_number(value, int(decimals))


@register.filter(is_safe=False)
def percent(share: float | Literal[""] | None, decimals: int = 0) -> str:
    """{{ 0.853|percent }} → "85 %"; an empty share is an empty cell."""
    if share is None or share == "":
        return ""
    return format_percent(share, int(decimals))


@register.filter
def language_name(code: str) -> str:
    """A language code as its speakers name the language ("Español", "ไทย"), for a language switch."""
    return name_of_language(code)
