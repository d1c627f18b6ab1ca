"""The dashboards' filters, read from the URL so a view can be bookmarked and shared.

Each filter is read on its own: a malformed or forbidden value (a date that
is no date or lies outside the years moments.dates accepts, an end before
the start, the id of a department the user does not manage) is dropped with
a message on the page, and the rest still apply.
Choices are limited to what the user may see, so a foreign id is refused
like an unknown one and never reaches a query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from accounts.models import Department, User
from moments.dates import BoundedDateField, local_start
from moments.filters import filter_problems
from moments.localisation import format_date, format_date_range, format_number
from moments.models import Channel, ContactPoint, Customer

PERIODS = {
    "7": gettext_lazy("Last 7 days"),
    "30": gettext_lazy("Last 30 days"),
    "90": gettext_lazy("Last 90 days"),
    "quarter": gettext_lazy("This quarter"),
    "custom": gettext_lazy("Custom dates"),
}
DEFAULT_PERIOD = "30"
# Up to a month the trend shows days; beyond, weeks (starting on the reader's language's first day of the week).
DAILY_BUCKETS_UP_TO_DAYS = 31
# Ten years (leap days included): some 520 weekly points, as many as a chart
# and its table can show; a longer span drew tens of megabytes of page.
MAX_PERIOD_DAYS = 3653
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILTER_FIELDS = ("department", "channel", "contact_point", "customer_kind", "representative")
NOT_VISIBLE = gettext_lazy("is unknown or not one you can see")
ALL = pgettext_lazy("dashboard filter", "All")
# Filters staff cannot use: their figures are their own already.
OWN_FIGURES_ONLY = {
    "department": gettext_lazy("You see your own figures only; the department filter is not applied."),
    "representative": gettext_lazy("You see your own figures only; the person filter is not applied."),
}


class ContactPointChannelChoiceField(forms.ModelChoiceField[ContactPoint]):
    def label_from_instance(self, obj: ContactPoint) -> str:
        return f"{obj.name} · {obj.channel.name}"


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=list(PERIODS.items()), required=False)
    # Dates outside the years moments.dates allows are refused there, so the
    # previous-period arithmetic below never steps off the calendar.
    date_from = BoundedDateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT)
    date_to = BoundedDateField(label=gettext_lazy("To"), required=False, widget=DATE_INPUT)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False, empty_label=ALL
    )
    channel = forms.ModelChoiceField(
        label=gettext_lazy("Channel"), queryset=Channel.objects.all(), required=False, empty_label=ALL
    )
    contact_point = ContactPointChannelChoiceField(
        label=gettext_lazy("Contact point"),
        queryset=ContactPoint.objects.select_related("channel"),
        required=False,
        empty_label=ALL,
    )
    customer_kind = forms.ChoiceField(
        label=gettext_lazy("Customer kind"), choices=[("", ALL), *Customer.Kind.choices], required=False
    )
    representative = forms.ModelChoiceField(
        label=gettext_lazy("Person"), queryset=User.objects.none(), required=False, empty_label=ALL
    )

    def __init__(self, *args: Any, user: User, fixed: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        department = cast(forms.ModelChoiceField[Department], self.fields["department"])
        department.queryset = Department.objects.visible_to(user)
        representative = cast(forms.ModelChoiceField[User], self.fields["representative"])
        representative.queryset = User.objects.visible_to(user)
        if not user.sees_others:
            # Staff see their own figures only: no department or person to choose.
            del self.fields["department"]
            del self.fields["representative"]
        for name in fixed:
            self.fields.pop(name, None)
        for name in FILTER_FIELDS:
            if name in self.fields and "invalid_choice" in self.fields[name].error_messages:
                self.fields[name].error_messages["invalid_choice"] = NOT_VISIBLE


@dataclass
class DashboardFilters:
    """The period and narrowing a dashboard shows, and what in the URL was not understood."""

    period: str
    start: date
    end: date
    department: Department | None = None
    channel: Channel | None = None
    contact_point: ContactPoint | None = None
    customer_kind: str = ""
    representative: User | None = None
    problems: list[str] = field(default_factory=list)
    form: DashboardFilterForm | None = None
    # Filters fixed by the page itself (the channel of a channel page…): not repeated in its links.
    fixed: tuple[str, ...] = ()
    own_figures_only: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous_end(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def previous_start(self) -> date:
        return self.start - timedelta(days=self.days)

    @property
    def bucket(self) -> str:
        return "day" if self.days <= DAILY_BUCKETS_UP_TO_DAYS else "week"

    @property
    def label(self) -> str:
        dates = format_date_range(self.start, self.end)
        if self.period != "custom":
            return gettext("%(period)s (%(dates)s)") % {"period": PERIODS[self.period], "dates": dates}
        return dates

    def dimension_q(self) -> Q:
        """The narrowing as a condition on the fields contacts and rollup rows share."""
        condition = Q()
        for name in ("department", "channel", "contact_point", "representative"):
            value = getattr(self, name)
            if value is not None:
                condition &= Q(**{f"{name}_id": value.pk})
        if self.customer_kind:
            condition &= Q(customer_kind=self.customer_kind)
        return condition

    def contact_period_q(self, start: date | None = None, end: date | None = None) -> Q:
        """Contacts of a span of local days, as a range on occurred_at that its indexes can serve."""
        start, end = start or self.start, end or self.end
        return Q(occurred_at__gte=local_start(start), occurred_at__lt=local_start(end + timedelta(days=1)))

    def _narrowing_params(self, narrow: dict[str, str] | None = None) -> dict[str, str]:
        params: dict[str, str] = {}
        for name in ("department", "channel", "contact_point", "representative"):
            value = getattr(self, name)
            if value is not None:
                params[name] = str(value.pk)
        if self.customer_kind:
            params["customer_kind"] = self.customer_kind
        params.update(narrow or {})
        if self.own_figures_only:
            # The contact list of staff has neither filter: it is theirs already.
            params.pop("department", None)
            params.pop("representative", None)
        return params

    def contact_list_url(
        self,
        extra: dict[str, list[str]] | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
        narrow: dict[str, str] | None = None,
    ) -> str:
        """The contact list filtered to exactly the contacts behind a figure (`narrow`: one row of a table)."""
        params: list[tuple[str, str]] = [
            ("date_from", (start or self.start).isoformat()),
            ("date_to", (end or self.end).isoformat()),
            *self._narrowing_params(narrow).items(),
        ]
        for name, values in (extra or {}).items():
            params.extend((name, value) for value in values)
        return f"{self._contact_list_path}?{urlencode(params)}"

    @cached_property
    def _contact_list_path(self) -> str:
        # A page builds hundreds of these links; resolving the URL once is enough.
        return reverse("contact_list")

    def query_params(self, *, keep_fixed: bool = False) -> dict[str, str]:
        """These filters as dashboard URL parameters, to carry them from page to page."""
        params = {"period": self.period}
        if self.period == "custom":
            params.update(date_from=self.start.isoformat(), date_to=self.end.isoformat())
        params.update(self._narrowing_params())
        if not keep_fixed:
            for name in self.fixed:
                params.pop(name, None)
        return params

    def querystring(self, overrides: dict[str, str] | None = None, *, keep_fixed: bool = False) -> str:
        params = {**self.query_params(keep_fixed=keep_fixed), **(overrides or {})}
        return urlencode({key: value for key, value in params.items() if value})


def _period_dates(period: str, today: date) -> tuple[date, date]:
    if period == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), today
    return today - timedelta(days=int(period) - 1), today


def dashboard_filters(
    data: QueryDict, user: User, *, fixed: dict[str, object] | None = None, today: date | None = None
) -> DashboardFilters:
    """Read the filters from the URL; what cannot be used is dropped and explained, never raised."""
    fixed = fixed or {}
    today = today or timezone.localdate(timezone.now(), timezone.get_default_timezone())
    form = DashboardFilterForm(data, user=user, fixed=tuple(fixed))
    form.is_valid()
    problems = filter_problems(form)
    cleaned = form.cleaned_data
    staff = not user.sees_others
    if staff:
        for name in ("department", "representative"):
            if data.get(name) and not (name == "representative" and data.get(name) == str(user.pk)):
                problems.append(str(OWN_FIGURES_ONLY[name]))

    period = cleaned.get("period") or ""
    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    if (date_from or date_to or "date_from" in form.errors or "date_to" in form.errors) and period in ("", "custom"):
        period = "custom"
    start = end = None
    if period == "custom":
        date_errors = "date_from" in form.errors or "date_to" in form.errors
        start, end = _custom_dates(date_from, date_to, today, [] if date_errors else problems)
        if start is None:
            period = DEFAULT_PERIOD
    elif not period:
        period = DEFAULT_PERIOD
    if start is None or end is None:
        start, end = _period_dates(period, today)

    filters = DashboardFilters(
        period=period,
        start=start,
        end=end,
        department=cleaned.get("department"),
        channel=cleaned.get("channel"),
        contact_point=cleaned.get("contact_point"),
        customer_kind=cleaned.get("customer_kind") or "",
        representative=None if staff else cleaned.get("representative"),
        problems=problems,
        form=form,
        fixed=tuple(fixed),
        own_figures_only=staff,
    )
    for name, value in fixed.items():
        setattr(filters, name, value)
    return filters


def _custom_dates(
    date_from: date | None, date_to: date | None, today: date, problems: list[str]
) -> tuple[date | None, date | None]:
    if date_from is None and date_to is None:
        problems.append(
            gettext("Custom dates need a start or an end date; showing last %(days)s days.") % {"days": DEFAULT_PERIOD}
        )
        return None, None
    end = date_to or today
    start = date_from or end - timedelta(days=int(DEFAULT_PERIOD) - 1)
    if end < start:
        problems.append(
            gettext("The end date (%(end)s) is before the start date (%(start)s); showing last %(days)s days.")
            % {"end": _written(end), "start": _written(start), "days": DEFAULT_PERIOD}
        )
        return None, None
    if (end - start).days >= MAX_PERIOD_DAYS:
        start = end - timedelta(days=MAX_PERIOD_DAYS - 1)
        problems.append(
            gettext("A period covers at most %(days)s days (ten years); showing %(dates)s.")
            % {"days": format_number(MAX_PERIOD_DAYS), "dates": format_date_range(start, end)}
        )
    return start, end


def _written(day: date) -> str:
    return format_date(day, "COMPACT_DATE_FORMAT")
