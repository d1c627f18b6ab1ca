"""What each dashboard figure means: one definition each, used by every page, export and the benchmark.

A figure is arithmetic on a handful of counts (contacts, ratings per score,
outcomes, minutes) that the database adds up (selectors.py); nothing here
touches a row. Each figure also says which contacts are behind it, as the
contact list's URL filters, so every number can link to exactly them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django_stubs_ext import StrOrPromise

from insights.statistics import proportions_differ, wilson_interval
from moments.localisation import format_change, format_number, format_percent, format_points
from moments.scale import MAX_SCORE, MIN_SCORE, SATISFIED_SCORES, SCORES

# CSAT counts the ratings of 4 and 5 ("satisfied" and "very satisfied").


def min_sample() -> int:
    """Below this many observations a share or an average is shown, greyed, but never compared or ranked."""
    return settings.INSIGHTS_MIN_SAMPLE


@dataclass(frozen=True)
class Counts:
    """What the database adds up for any set of contacts; every figure is computed from these."""

    contacts: int = 0
    # How many ratings gave each score, from MIN_SCORE up.
    scores: tuple[int, ...] = tuple(0 for _ in SCORES)
    unresolved: int = 0
    referred: int = 0
    timed_contacts: int = 0
    duration_minutes_total: int = 0
    invitations_sent: int = 0
    invitations_answered: int = 0

    @property
    def ratings(self) -> int:
        return sum(self.scores)

    @property
    def satisfied(self) -> int:
        return sum(self.count_of(score) for score in SATISFIED_SCORES)

    @property
    def score_total(self) -> int:
        return sum(score * count for score, count in zip(SCORES, self.scores, strict=True))

    def count_of(self, score: int) -> int:
        return self.scores[score - MIN_SCORE]

    @classmethod
    def from_row(cls, row: Mapping[str, Any], prefix: str = "") -> Counts:
        return cls(
            contacts=row[f"{prefix}contacts"] or 0,
            scores=tuple(row[f"{prefix}score_{score}"] or 0 for score in SCORES),
            unresolved=row[f"{prefix}outcome_unresolved"] or 0,
            referred=row[f"{prefix}outcome_referred"] or 0,
            timed_contacts=row[f"{prefix}timed_contacts"] or 0,
            duration_minutes_total=row[f"{prefix}duration_minutes_total"] or 0,
            invitations_sent=row[f"{prefix}invitations_sent"] or 0,
            invitations_answered=row[f"{prefix}invitations_answered"] or 0,
        )


ROLLUP_COLUMNS = (
    "contacts",
    *(f"score_{score}" for score in SCORES),
    "outcome_unresolved",
    "outcome_referred",
    "timed_contacts",
    "duration_minutes_total",
    "invitations_sent",
    "invitations_answered",
)


def rollup_sums(prefix: str = "", condition: Q | None = None) -> dict[str, Coalesce]:
    """The SQL for Counts over the daily rollup: named aggregates for .aggregate() or .annotate()."""
    return {f"{prefix}{column}": Coalesce(Sum(column, filter=condition), 0) for column in ROLLUP_COLUMNS}


@dataclass(frozen=True)
class FigureSpec:
    """One figure's definition: its value from Counts, its n, and the contacts behind both."""

    key: str
    label: StrOrPromise
    kind: str  # "count", "share" (0–1) or "mean"
    numerator: Callable[[Counts], int]
    denominator: Callable[[Counts], int] | None = None
    # The contact list's filters selecting the contacts counted in the numerator and in n.
    numerator_query: dict[str, list[str]] = field(default_factory=dict)
    denominator_query: dict[str, list[str]] = field(default_factory=dict)
    unit: str = ""  # "%", "/5" or "min": how the value is written
    higher_is_better: bool | None = True
    with_interval: bool = False
    help_text: StrOrPromise = ""
    # False where the contact list cannot select the rows behind the figure.
    links_to_contacts: bool = True


RATED = {"rated": ["true"]}

CONTACTS = FigureSpec(
    "contacts", gettext_lazy("Contacts"), "count", lambda c: c.contacts, help_text=gettext_lazy("Contacts logged.")
)
RATINGS = FigureSpec(
    "ratings",
    gettext_lazy("Ratings"),
    "count",
    lambda c: c.ratings,
    numerator_query=RATED,
    help_text=gettext_lazy("Contacts the customer rated."),
)
CSAT = FigureSpec(
    "csat",
    # CSAT is the name the trade uses in every language; translators may still write it their way.
    pgettext_lazy("figure", "CSAT"),
    "share",
    lambda c: c.satisfied,
    lambda c: c.ratings,
    numerator_query={"score": [str(score) for score in SATISFIED_SCORES]},
    denominator_query=RATED,
    unit="%",
    with_interval=True,
    # xgettext:no-python-format
    help_text=gettext_lazy("Share of ratings of 4 or 5, with its 95 % interval."),
)
AVERAGE_SCORE = FigureSpec(
    "average_score",
    gettext_lazy("Average score"),
    "mean",
    lambda c: c.score_total,
    lambda c: c.ratings,
    numerator_query=RATED,
    denominator_query=RATED,
    unit="/5",
    help_text=gettext_lazy("Mean of the 1–5 scores."),
)
SHARE_OF_ONES = FigureSpec(
    "share_1",
    gettext_lazy("Share of 1s"),
    "share",
    lambda c: c.count_of(1),
    lambda c: c.ratings,
    numerator_query={"score": [str(MIN_SCORE)]},
    denominator_query=RATED,
    unit="%",
    higher_is_better=False,
    help_text=gettext_lazy("Ratings of 1, the bad moments customers remember."),
)
SHARE_OF_FIVES = FigureSpec(
    "share_5",
    gettext_lazy("Share of 5s"),
    "share",
    lambda c: c.count_of(5),
    lambda c: c.ratings,
    numerator_query={"score": [str(MAX_SCORE)]},
    denominator_query=RATED,
    unit="%",
    help_text=gettext_lazy("Ratings of 5, the good moments customers remember."),
)
UNRESOLVED_OR_REFERRED = FigureSpec(
    "unresolved_referred",
    gettext_lazy("Unresolved or referred"),
    "share",
    lambda c: c.unresolved + c.referred,
    lambda c: c.contacts,
    numerator_query={"outcome": ["unresolved", "referred"]},
    unit="%",
    higher_is_better=False,
    help_text=gettext_lazy("Share of contacts that ended unresolved or referred elsewhere."),
)
HANDLING_MINUTES = FigureSpec(
    "handling_minutes",
    gettext_lazy("Average handling time"),
    "mean",
    lambda c: c.duration_minutes_total,
    lambda c: c.timed_contacts,
    numerator_query={"timed": ["true"]},
    denominator_query={"timed": ["true"]},
    unit="min",
    higher_is_better=None,
    help_text=gettext_lazy("Mean duration of the contacts whose duration was logged."),
)

RESPONSE_RATE = FigureSpec(
    "response_rate",
    gettext_lazy("Response rate"),
    "share",
    lambda c: c.invitations_answered,
    lambda c: c.invitations_sent,
    unit="%",
    help_text=gettext_lazy(
        "Survey invitations answered, among those that reached the customer (for the period's contacts)."
    ),
    links_to_contacts=False,
)

# Every figure, in the order pages and exports show them.
FIGURES = (
    CONTACTS,
    RATINGS,
    RESPONSE_RATE,
    CSAT,
    AVERAGE_SCORE,
    SHARE_OF_ONES,
    SHARE_OF_FIVES,
    UNRESOLVED_OR_REFERRED,
    HANDLING_MINUTES,
)


@dataclass(frozen=True)
class Figure:
    """One figure computed for one set of contacts."""

    spec: FigureSpec
    numerator: int
    n: int
    value: float | None
    interval: tuple[float, float] | None
    small_sample: bool

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def label(self) -> str:
        return str(self.spec.label)

    @property
    def comparable(self) -> bool:
        """Fit to compare or rank: a count always, a share or mean from at least the minimum sample."""
        return self.value is not None and not self.small_sample

    @property
    def display(self) -> str:
        return format_value(self.spec, self.value)

    @property
    def interval_display(self) -> str:
        if self.interval is None:
            return ""
        low, high = self.interval
        # "58–92 %": the percent sign once, written as the language writes it.
        return f"{format_number(low * 100)}–{format_percent(high)}"

    @property
    def small_sample_note(self) -> str:
        if not self.small_sample:
            return ""
        return gettext("n = %(n)s, too few to compare") % {"n": format_number(self.n)}


def _with_unit(number: str, unit: str) -> str:
    if unit == "min":
        return gettext("%(number)s min") % {"number": number}
    return number


def format_value(spec: FigureSpec, value: float | None) -> str:
    if value is None:
        return "—"
    if spec.kind == "count":
        return format_number(value)
    if spec.unit == "%":
        return format_percent(value)
    if spec.unit == "/5":
        return format_number(value, 2)
    return _with_unit(format_number(value, 1), spec.unit)


def figure(spec: FigureSpec, counts: Counts) -> Figure:
    numerator = spec.numerator(counts)
    if spec.denominator is None:
        return Figure(spec, numerator, numerator, float(numerator), None, small_sample=False)
    n = spec.denominator(counts)
    value = numerator / n if n else None
    interval = wilson_interval(numerator, n) if spec.with_interval else None
    return Figure(spec, numerator, n, value, interval, small_sample=n < min_sample())


@dataclass(frozen=True)
class Comparison:
    """A figure now, the same figure over the previous period of equal length, and the target if any."""

    current: Figure
    previous: Figure
    target: float | None = None  # a share 0–1, for CSAT

    @property
    def comparable(self) -> bool:
        return self.current.comparable and self.previous.comparable

    @property
    def change(self) -> float | None:
        current, previous = self.current.value, self.previous.value
        if not self.comparable or current is None or previous is None:
            return None
        return current - previous

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return ""
        spec = self.current.spec
        if spec.kind == "count":
            return format_change(change, 0)
        if spec.unit == "%":
            return format_points(change)
        if spec.unit == "/5":
            return format_change(change, 2)
        return _with_unit(format_change(change, 1), spec.unit)

    @property
    def change_is_real(self) -> bool:
        """For shares: whether the change is larger than chance; counts and means are shown as they are."""
        if not self.comparable:
            return False
        if self.current.spec.kind != "share":
            return True
        return proportions_differ(self.current.numerator, self.current.n, self.previous.numerator, self.previous.n)

    @property
    def trend(self) -> str:
        """ "better", "worse" or "" (no change, no direction, not comparable or within chance)."""
        change = self.change
        better = self.current.spec.higher_is_better
        if not change or better is None or not self.change_is_real:
            return ""
        return "better" if (change > 0) == better else "worse"

    @property
    def target_display(self) -> str:
        return "" if self.target is None else format_percent(self.target)

    @property
    def target_status(self) -> str:
        """ "meets", "below", "uncertain" (the target lies within the interval) or "" (no target, too few)."""
        value = self.current.value
        if self.target is None or not self.current.comparable or value is None:
            return ""
        interval = self.current.interval
        if interval and interval[0] <= self.target <= interval[1]:
            return "uncertain"
        return "meets" if value >= self.target else "below"


def figures(counts: Counts) -> dict[str, Figure]:
    return {spec.key: figure(spec, counts) for spec in FIGURES}


def comparisons(current: Counts, previous: Counts, target_csat: float | None = None) -> dict[str, Comparison]:
    """Every headline figure now and before; `target_csat` (0–1) applies to CSAT."""
    return {
        spec.key: Comparison(figure(spec, current), figure(spec, previous), target_csat if spec is CSAT else None)
        for spec in FIGURES
    }


def weighted_target(rows: list[tuple[int | None, int]]) -> float | None:
    """The CSAT a mix of contact points would reach if each met its own target, weighted by its ratings.

    `rows` are (target %, ratings) per contact point; those without a target are left out.
    """
    weighted = [(target, ratings) for target, ratings in rows if target is not None and ratings]
    total = sum(ratings for _, ratings in weighted)
    if not total:
        return None
    return sum(target * ratings for target, ratings in weighted) / total / 100
