"""What every dashboard page shares: its filters, the links behind each number, the charts' data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from insights.filters import DashboardFilterForm, DashboardFilters, dashboard_filters
from insights.metrics import CSAT, FIGURES, Comparison, FigureSpec, min_sample
from insights.selectors import BreakdownRow, PeriodFigures, TrendPoint, period_figures, trend
from moments.models import ContactPoint

View = Callable[..., HttpResponse]


def require_manager_or_admin(user: User) -> None:
    """Pages about departments: a 404 for staff, as for anything they may not see."""
    if not user.sees_others:
        raise Http404("Only managers and admins compare departments.")


def managers_and_admins_only(view: View) -> View:
    """require_manager_or_admin as a decorator, so staff are refused before anything else is looked at."""

    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_manager_or_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def own_target(contact_point: ContactPoint) -> float | None:
    """A contact point's target CSAT as a share (0–1), if it has one."""
    return None if contact_point.target_csat is None else contact_point.target_csat / 100


def filters_for(request: AuthenticatedHttpRequest, **fixed: object) -> DashboardFilters:
    return dashboard_filters(request.GET, request.user, fixed=fixed)


def figure_url(
    filters: DashboardFilters,
    spec: FigureSpec,
    *,
    part: str = "numerator",
    narrow: dict[str, str] | None = None,
    previous: bool = False,
) -> str | None:
    """The contact list showing exactly the contacts counted in a figure's numerator (or its n)."""
    if not spec.links_to_contacts:
        return None
    extra = spec.denominator_query if part == "n" and spec.denominator is not None else spec.numerator_query
    start, end = (filters.previous_start, filters.previous_end) if previous else (filters.start, filters.end)
    return filters.contact_list_url(extra, start=start, end=end, narrow=narrow)


@dataclass(frozen=True)
class KpiCard:
    comparison: Comparison
    url: str | None
    n_url: str | None
    previous_url: str | None

    @property
    def spec(self) -> FigureSpec:
        return self.comparison.current.spec


def kpi_cards(filters: DashboardFilters, period: PeriodFigures) -> list[KpiCard]:
    return [
        KpiCard(
            comparison=period.comparisons[spec.key],
            url=figure_url(filters, spec),
            n_url=figure_url(filters, spec, part="n"),
            previous_url=figure_url(filters, spec, previous=True),
        )
        for spec in FIGURES
    ]


PAGES = {
    "channel": "insights_channel",
    "contact_point": "insights_contact_point",
    "representative": "insights_representative",
}


def _row_page_url(filters: DashboardFilters, row: BreakdownRow) -> str | None:
    """Where a table row's name leads: its own dashboard, with the same filters."""
    if row.pk is None:
        return None
    if row.dimension in PAGES:
        return f"{reverse(PAGES[row.dimension], args=[row.pk])}?{filters.querystring()}"
    if row.dimension in ("department", "customer_kind"):
        return f"{reverse('insights_overview')}?{filters.querystring({row.dimension: str(row.pk)})}"
    return None


def attach_links(filters: DashboardFilters, rows: list[BreakdownRow]) -> list[BreakdownRow]:
    """Each row's figures link to its own contacts; rows without an id (no department) cannot."""
    for row in rows:
        row.details["page_url"] = _row_page_url(filters, row)
        narrow = None if row.pk is None else {row.dimension: str(row.pk)}
        row.details["links"] = {
            spec.key: figure_url(filters, spec, narrow=narrow) if narrow else None for spec in FIGURES
        }
        row.details["n_links"] = {
            spec.key: figure_url(filters, spec, part="n", narrow=narrow) if narrow else None for spec in FIGURES
        }
    return rows


def trend_rows(filters: DashboardFilters, points: list[TrendPoint]) -> list[dict[str, Any]]:
    return [
        {
            "point": point,
            "csat": point.csat,
            "contacts_url": filters.contact_list_url(start=point.start, end=point.end),
            "ratings_url": filters.contact_list_url({"rated": ["true"]}, start=point.start, end=point.end),
            "satisfied_url": filters.contact_list_url(CSAT.numerator_query, start=point.start, end=point.end),
        }
        for point in points
    ]


def distribution_rows(filters: DashboardFilters, period: PeriodFigures) -> list[dict[str, Any]]:
    return [{**row, "url": filters.contact_list_url({"score": [str(row["score"])]})} for row in period.distribution]


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def trend_chart(points: list[TrendPoint], target: float | None) -> dict[str, Any]:
    """For Chart.js: CSAT per bucket, the line only through buckets rated at least the minimum sample.

    Thinner buckets are drawn apart, as grey hollow points off the line, so
    a bucket of three ratings never reads as a dip or a peak.
    """
    return {
        "labels": [point.label for point in points],
        "csat": [_percent(point.csat.value) if point.csat.comparable else None for point in points],
        "thin": [_percent(point.csat.value) if point.csat.small_sample else None for point in points],
        "ratings": [point.counts.ratings for point in points],
        "target": None if target is None else round(target * 100, 1),
    }


def chart_labels(filters: DashboardFilters) -> dict[str, str]:
    """The words the charts draw (legends, axes, tooltips), in the reader's language, for static/js/insights.js."""
    return {
        "csat": pgettext("figure", "CSAT"),
        "thin": gettext("Too few ratings to compare"),
        "target": gettext("Target"),
        "ratings": gettext("Ratings"),
        # The templates' message: their percent signs are doubled, as Django's translate tag doubles them.
        "interval": gettext("95 %% interval").replace("%%", "%"),
        "score": gettext("Score"),
        "bucket": gettext("Day") if filters.bucket == "day" else gettext("Week"),
        # "n = 12": the ratings behind a point, in the tooltip.
        "n": gettext("n = %(n)s"),
    }


def distribution_chart(period: PeriodFigures) -> dict[str, Any]:
    return {
        "labels": [str(row["score"]) for row in period.distribution],
        "counts": [row["count"] for row in period.distribution],
    }


def interval_chart(rows: list[BreakdownRow], target: float | None = None) -> dict[str, Any]:
    """CSAT with its interval per row, for rows rated at least the minimum sample; `target` as a line."""
    shown = [row for row in rows if row.csat.comparable]
    return {
        "labels": [row.label for row in shown],
        "csat": [_percent(row.csat.value) for row in shown],
        "intervals": [[_percent(end) for end in row.csat.interval or ()] for row in shown],
        "ratings": [row.csat.n for row in shown],
        "target": _percent(target),
    }


def period_sections(user: User, filters: DashboardFilters, target_csat: float | None) -> dict[str, Any]:
    """The headline figures, their trend and the scores of one scope, against `target_csat` (two queries)."""
    period = period_figures(user, filters, target_csat=target_csat)
    buckets = trend(user, filters)
    return {
        "period": period,
        "kpis": kpi_cards(filters, period),
        "target_csat": target_csat,
        "trend": trend_rows(filters, buckets),
        "trend_chart": trend_chart(buckets, target_csat),
        "distribution_chart": distribution_chart(period),
        "distribution": distribution_rows(filters, period),
    }


def page_context(request: AuthenticatedHttpRequest, filters: DashboardFilters, **extra: Any) -> dict[str, Any]:
    """The filter form shows the filters in force (not the raw URL), the problems above it."""
    initial: dict[str, Any] = {"period": filters.period}
    if filters.period == "custom":
        initial.update(date_from=filters.start, date_to=filters.end)
    for name in ("department", "channel", "contact_point", "customer_kind", "representative"):
        initial[name] = getattr(filters, name)
    form = DashboardFilterForm(initial=initial, user=request.user, fixed=filters.fixed)
    return {
        "filters": filters,
        "filter_form": form,
        "querystring": filters.querystring(),
        "export_querystring": filters.querystring(keep_fixed=True),
        "min_sample": min_sample(),
        "sees_others": request.user.sees_others,
        "chart_labels": chart_labels(filters),
        **extra,
    }
