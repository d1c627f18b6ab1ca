"""The dashboards' reads: a fixed handful of aggregate queries per page, whatever the number of contacts.

Figures are added up by the database from the daily rollup (moments'
ContactDayRollup, one row per day, contact point, representative and
customer kind); only the lists of memorable moments and comments read
contacts, a page at a time, newest first. Every query starts from the
visibility querysets, so a figure never counts a contact its viewer may not
see; the figures' meaning is in metrics.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import DateField, DurationField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext

from accounts.models import NAME_FIELDS, Department, User, person_name
from insights.filters import DashboardFilters
from insights.metrics import (
    CSAT,
    Comparison,
    Counts,
    Figure,
    comparisons,
    figure,
    figures,
    rollup_sums,
)
from moments.localisation import first_day_of_week, format_day_month_range, week_start
from moments.models import Contact, ContactDayRollup, Customer
from moments.scale import MEMORABLE_SCORES, SCORES

# How many contact points the overview names as best and as worst.
RANKED_COUNT = 5


def rollup_rows(user: User, filters: DashboardFilters) -> QuerySet[ContactDayRollup]:
    return ContactDayRollup.objects.visible_to(user).filter(filters.dimension_q())


def contact_rows(user: User, filters: DashboardFilters) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user).filter(filters.dimension_q())


# ---------------------------------------------------------------------------
# The period's figures, with the previous period of equal length
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    current: Counts
    previous: Counts
    comparisons: dict[str, Comparison]

    @property
    def distribution(self) -> list[dict[str, Any]]:
        """Ratings per score, with each score's share of the ratings."""
        total = self.current.ratings
        return [
            {
                "score": score,
                "count": self.current.count_of(score),
                "share": self.current.count_of(score) / total if total else None,
            }
            for score in SCORES
        ]


def period_figures(user: User, filters: DashboardFilters, *, target_csat: float | None = None) -> PeriodFigures:
    """One query: the rollup's counts for both periods at once."""
    current = Q(day__gte=filters.start)
    row = (
        rollup_rows(user, filters)
        .filter(day__gte=filters.previous_start, day__lte=filters.end)
        .aggregate(**rollup_sums("current_", current), **rollup_sums("previous_", ~current))
    )
    now, before = Counts.from_row(row, "current_"), Counts.from_row(row, "previous_")
    return PeriodFigures(current=now, previous=before, comparisons=comparisons(now, before, target_csat))


# ---------------------------------------------------------------------------
# Trend
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    start: date
    end: date
    counts: Counts

    @property
    def csat(self) -> Figure:
        return figure(CSAT, self.counts)

    @property
    def label(self) -> str:
        return format_day_month_range(self.start, self.end)


def _week_bucket(shift: int) -> Any:
    """The SQL for the ISO week (from Monday, as the databases count) of a rollup row's day `shift` days on.

    Weeks starting on another day are the ISO weeks of a shifted day: with
    weeks from Sunday, Saturday the 7th and Sunday the 8th are shifted to
    the 8th and the 9th, in the ISO weeks of Monday the 2nd and the 9th —
    the Sunday weeks of the 1st and the 8th, `shift` days earlier.
    """
    if not shift:
        return TruncWeek("day", output_field=DateField())
    shifted = ExpressionWrapper(F("day") + Value(timedelta(days=shift), DurationField()), output_field=DateField())
    return TruncWeek(shifted, output_field=DateField())


def _as_date(value: date | datetime) -> date:
    # Truncating a shifted day gives a timestamp on PostgreSQL (a date plus an interval is one).
    return value.date() if isinstance(value, datetime) else value


def trend(user: User, filters: DashboardFilters, *, first_day: int | None = None) -> list[TrendPoint]:
    """One query: days up to a month, weeks beyond; the days are TIME_ZONE's local days.

    Weeks start on `first_day` (0 Sunday, 1 Monday), by default the day the
    reader's language starts them on. Every bucket of the period is
    returned, empty ones too, so a quiet day shows as a gap rather than
    vanishing from the chart. Weeks are clipped to the period, so each
    bucket's drill-down matches its counts.
    """
    daily = filters.bucket == "day"
    first_day = first_day_of_week() if first_day is None else first_day
    # Django counts 0 Sunday … 6 Saturday: the days from a week's first day to the next Monday.
    shift = 0 if daily else (1 - first_day) % 7
    bucket = F("day") if daily else _week_bucket(shift)
    rows = (
        rollup_rows(user, filters)
        .filter(day__gte=filters.start, day__lte=filters.end)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(**rollup_sums())
        .order_by("bucket")
    )
    # Back from the shifted day's Monday to the week's own first day.
    by_bucket = {_as_date(row["bucket"]) - timedelta(days=shift): Counts.from_row(row) for row in rows}
    points = []
    step = timedelta(days=1 if daily else 7)
    cursor = filters.start if daily else week_start(filters.start, first_day)
    while cursor <= filters.end:
        points.append(
            TrendPoint(
                start=max(cursor, filters.start),
                end=min(cursor + step - timedelta(days=1), filters.end),
                counts=by_bucket.get(cursor, Counts()),
            )
        )
        cursor += step
    return points


# ---------------------------------------------------------------------------
# Breakdowns: the same figures per channel, contact point, department, person
# ---------------------------------------------------------------------------

BREAKDOWNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "channel": ("channel_id", ("channel__name",)),
    "contact_point": (
        "contact_point_id",
        (
            "contact_point__name",
            "contact_point__target_csat",
            "contact_point__channel__name",
            "contact_point__is_active",
        ),
    ),
    "department": ("department_id", ("department__name",)),
    "representative": (
        "representative_id",
        tuple(f"representative__{name}" for name in NAME_FIELDS),
    ),
    "customer_kind": ("customer_kind", ()),
}


@dataclass
class BreakdownRow:
    dimension: str
    pk: Any
    label: str
    counts: Counts
    figures: dict[str, Figure]
    target_csat: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def csat(self) -> Figure:
        return self.figures["csat"]

    @property
    def target_comparison(self) -> Comparison:
        current = self.figures["csat"]
        return Comparison(current, current, None if self.target_csat is None else self.target_csat / 100)


def _label(dimension: str, row: dict[str, Any]) -> str:
    if dimension == "representative":
        return person_name(**{name: row[f"representative__{name}"] for name in NAME_FIELDS})
    if dimension == "customer_kind":
        return str(dict(Customer.Kind.choices).get(row["customer_kind"], row["customer_kind"]))
    if dimension == "department":
        return row["department__name"] or gettext("No department")
    return str(row[f"{dimension}__name"])


def breakdown(user: User, filters: DashboardFilters, dimension: str) -> list[BreakdownRow]:
    """One query: the period's figures for each channel / contact point / department / person, by name."""
    key, label_fields = BREAKDOWNS[dimension]
    rows = (
        rollup_rows(user, filters)
        .filter(day__gte=filters.start, day__lte=filters.end)
        .values(key, *label_fields)
        .annotate(**rollup_sums())
        .order_by(key)
    )
    result = []
    for row in rows:
        counts = Counts.from_row(row)
        result.append(
            BreakdownRow(
                dimension=dimension,
                pk=row[key],
                label=_label(dimension, row),
                counts=counts,
                figures=figures(counts),
                target_csat=row.get("contact_point__target_csat"),
                details={
                    "channel": row.get("contact_point__channel__name"),
                    "is_active": row.get("contact_point__is_active", True),
                },
            )
        )
    result.sort(key=lambda r: r.label.lower())
    return result


def departments_compared(user: User, filters: DashboardFilters) -> list[BreakdownRow]:
    """Every department the user may see, those without contacts in the period too (two queries)."""
    departments = Department.objects.visible_to(user)
    if filters.department is not None:
        departments = departments.filter(pk=filters.department.pk)
    rows = {row.pk: row for row in breakdown(user, filters, "department")}
    for department in departments:
        if department.pk not in rows and department.is_active:
            rows[department.pk] = BreakdownRow(
                "department", department.pk, department.name, Counts(), figures(Counts())
            )
    return sorted(rows.values(), key=lambda r: (r.pk is None, r.label.lower()))


def ranked(rows: list[BreakdownRow], count: int = RANKED_COUNT) -> tuple[list[BreakdownRow], list[BreakdownRow]]:
    """Best and worst by CSAT, among those rated at least the minimum sample; the others are never ranked."""
    eligible = sorted(
        (row for row in rows if row.csat.comparable),
        key=lambda row: (-(row.csat.value or 0), -row.csat.n, row.label),
    )
    # With few eligible, half of them are "best" and the rest "worst", never both.
    best = eligible[: min(count, (len(eligible) + 1) // 2)]
    worst = [row for row in reversed(eligible) if row not in best][:count]
    return best, worst


# ---------------------------------------------------------------------------
# Contacts one by one: memorable moments and comments
# ---------------------------------------------------------------------------


def memorable_moments(
    user: User,
    filters: DashboardFilters,
    *,
    scores: tuple[int, ...] = MEMORABLE_SCORES,
    with_comment: bool = False,
) -> QuerySet[Contact]:
    """The period's 1s and 5s, newest first; slice it (a page), never list it whole."""
    contacts = contact_rows(user, filters).filter(filters.contact_period_q(), rating__score__in=scores)
    if with_comment:
        contacts = contacts.exclude(rating__comment="")
    return contacts.select_related("rating", "contact_point", "channel", "representative", "customer").order_by(
        "-occurred_at", "-id"
    )


def comments(user: User, filters: DashboardFilters) -> QuerySet[Contact]:
    """Rated contacts with the customer's own words, newest first; slice it."""
    return (
        contact_rows(user, filters)
        .filter(filters.contact_period_q(), rating__isnull=False)
        .exclude(rating__comment="")
        .select_related("rating", "contact_point", "channel", "representative", "customer")
        .order_by("-occurred_at", "-id")
    )
