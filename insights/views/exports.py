"""CSV exports: every dashboard table, and the filtered contact list streamed row by row.

The exports read through the same filters, selectors and visibility as the
pages, so a file never holds a number the page would not show. A filter the
page would drop with a message makes the export refuse instead: a file has
no place for the message, and a silently wider file would mislead.

Files are the same in every language: their column headers are names
(the figures' keys of metrics.py, snake_case), their dates ISO and their
numbers plain, so a spreadsheet or a script that read last month's file
reads this month's, whoever downloaded it. What a person reads in the
response itself, the refusal, is in their language.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from insights.filters import DashboardFilters
from insights.metrics import FIGURES, Figure
from insights.selectors import (
    MEMORABLE_SCORES,
    BreakdownRow,
    breakdown,
    comments,
    departments_compared,
    memorable_moments,
    period_figures,
    trend,
)
from insights.views.common import filters_for, require_manager_or_admin
from moments.filters import ContactFilter
from moments.models import Contact

# Rows fetched per round trip while streaming: big enough to be quick, small
# enough that memory stays flat however many contacts the file holds.
STREAM_CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to a spreadsheet; customers'
# comments come from a public page, so they are neutralised.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object csv.writer can write to, handing each line back to the stream."""

    def write(self, value: str) -> str:
        return value


def _lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def _csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _local_minute(moment: datetime) -> str:
    # ISO 8601 in TIME_ZONE, to the minute: the same in every language, and sorted as text sorts.
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _number(value: float | None, digits: int = 4) -> float | str:
    return "" if value is None else round(value, digits)


def _figure_cells(figure: Figure) -> list[Any]:
    low, high = figure.interval or (None, None)
    cells = [_number(figure.value), figure.n]
    if figure.spec.with_interval:
        cells += [_number(low), _number(high)]
    return cells + ["yes" if figure.small_sample else ""]


def _figure_header(prefix: str = "") -> list[str]:
    header: list[str] = []
    for spec in FIGURES:
        header += [f"{prefix}{spec.key}", f"{prefix}{spec.key}_n"]
        if spec.with_interval:
            header += [f"{prefix}{spec.key}_low", f"{prefix}{spec.key}_high"]
        header.append(f"{prefix}{spec.key}_too_few")
    return header


def _breakdown_table(rows: list[BreakdownRow], with_target: bool = False) -> tuple[list[str], Iterator[list[Any]]]:
    header = ["id", "name", *(["target_csat"] if with_target else []), *_figure_header()]

    def cells() -> Iterator[list[Any]]:
        for row in rows:
            values: list[Any] = [row.pk if row.pk is not None else "", row.label]
            if with_target:
                values.append("" if row.target_csat is None else row.target_csat / 100)
            for spec in FIGURES:
                values += _figure_cells(row.figures[spec.key])
            yield values

    return header, cells()


def _figures_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    period = period_figures(request.user, filters)
    header = ["figure", "value", "n", "low", "high", "too_few", "previous_value", "previous_n", "change"]

    def cells() -> Iterator[list[Any]]:
        for key, comparison in period.comparisons.items():
            current, previous = comparison.current, comparison.previous
            low, high = current.interval or (None, None)
            yield [
                key,
                _number(current.value),
                current.n,
                _number(low),
                _number(high),
                "yes" if current.small_sample else "",
                _number(previous.value),
                previous.n,
                _number(comparison.change),
            ]

    return header, cells()


def _trend_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    points = trend(request.user, filters)
    header = ["start", "end", "contacts", "ratings", "csat", "csat_low", "csat_high", "csat_too_few"]

    def cells() -> Iterator[list[Any]]:
        for point in points:
            csat = point.csat
            low, high = csat.interval or (None, None)
            yield [
                point.start.isoformat(),
                point.end.isoformat(),
                point.counts.contacts,
                point.counts.ratings,
                _number(csat.value),
                _number(low),
                _number(high),
                "yes" if csat.small_sample else "",
            ]

    return header, cells()


def _distribution_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    period = period_figures(request.user, filters)
    rows = ([row["score"], row["count"], _number(row["share"])] for row in period.distribution)
    return ["score", "ratings", "share"], rows


def _contact_rows(contacts: Iterable[Contact]) -> Iterator[list[Any]]:
    for contact in contacts:
        rating = contact.rating
        yield [
            contact.pk,
            _local_minute(contact.occurred_at),
            contact.contact_point.name,
            contact.channel.name,
            contact.representative.name,
            contact.customer.name,
            rating.score,
            rating.comment,
        ]


MOMENT_HEADER = ["contact", "occurred_at", "contact_point", "channel", "representative", "customer", "score", "comment"]


def _moments_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    """As the memorable moments page shows them: its score and comment choices apply."""
    score = request.GET.get("score", "")
    scores = (int(score),) if score in ("1", "5") else MEMORABLE_SCORES
    commented = request.GET.get("commented", "") in ("on", "true", "1")
    moments = memorable_moments(request.user, filters, scores=scores, with_comment=commented)
    return MOMENT_HEADER, _contact_rows(moments.iterator(chunk_size=STREAM_CHUNK_SIZE))


def _comments_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    return MOMENT_HEADER, _contact_rows(comments(request.user, filters).iterator(chunk_size=STREAM_CHUNK_SIZE))


def _departments_table(request: HttpRequest, filters: DashboardFilters) -> tuple[list[str], Iterator[list[Any]]]:
    require_manager_or_admin(request.user)
    return _breakdown_table(departments_compared(request.user, filters))


Table = tuple[list[str], Iterator[list[Any]]]


def _breakdown_of(dimension: str) -> Callable[[HttpRequest, DashboardFilters], Table]:
    def table(request: HttpRequest, filters: DashboardFilters) -> Table:
        rows = breakdown(request.user, filters, dimension)
        return _breakdown_table(rows, with_target=dimension == "contact_point")

    return table


TABLES: dict[str, Callable[[HttpRequest, DashboardFilters], Table]] = {
    "figures": _figures_table,
    "trend": _trend_table,
    "distribution": _distribution_table,
    "channels": _breakdown_of("channel"),
    "contact-points": _breakdown_of("contact_point"),
    "representatives": _breakdown_of("representative"),
    "customer-kinds": _breakdown_of("customer_kind"),
    "departments": _departments_table,
    "moments": _moments_table,
    "comments": _comments_table,
}


def _refuse(problems: list[str]) -> HttpResponse:
    return HttpResponseBadRequest(
        "\n".join([gettext("Nothing exported: some filters could not be used."), *problems]),
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_GET
def table_export(request: HttpRequest, table: str) -> HttpResponse:
    """/insights/export/<table>.csv?<the page's filters>: the table as the page shows it."""
    if table not in TABLES:
        raise Http404("No such table.")
    filters = filters_for(request)
    if filters.problems:
        return _refuse(filters.problems)
    header, rows = TABLES[table](request, filters)
    return _csv_response(f"{table}-{filters.start}-{filters.end}.csv", header, rows)


CONTACT_HEADER = [
    "contact",
    "occurred_at",
    "contact_point",
    "channel",
    "department",
    "representative",
    "customer",
    "customer_kind",
    "duration_minutes",
    "outcome",
    "score",
    "rating_source",
    "comment",
    "notes",
]
CONTACT_COLUMNS = (
    "pk",
    "occurred_at",
    "contact_point__name",
    "channel__name",
    "department__name",
    "representative__display_name",
    "representative__first_name",
    "representative__last_name",
    "representative__username",
    "customer__name",
    "customer_kind",
    "duration_minutes",
    "outcome",
    "rating__score",
    "rating__source",
    "rating__comment",
    "notes",
)


def _contact_list_rows(values: Iterable[tuple]) -> Iterator[list[Any]]:
    outcomes = dict(Contact.Outcome.choices)
    for (
        pk,
        occurred_at,
        point,
        channel,
        department,
        display_name,
        first_name,
        last_name,
        username,
        customer,
        kind,
        duration,
        outcome,
        score,
        source,
        comment,
        notes,
    ) in values:
        full_name = f"{first_name} {last_name}".strip()
        yield [
            pk,
            _local_minute(occurred_at),
            point,
            channel,
            department or "",
            display_name or full_name or username,
            customer,
            kind,
            "" if duration is None else duration,
            outcomes.get(outcome, outcome),
            "" if score is None else score,
            source or "",
            comment or "",
            notes,
        ]


@login_required
@require_GET
def contacts_export(request: HttpRequest) -> HttpResponse:
    """The contact list as filtered on screen, streamed: memory stays flat for a million rows."""
    contacts = Contact.objects.visible_to(request.user).order_by("-occurred_at", "-id")
    contact_filter = ContactFilter(request.GET or None, queryset=contacts, user=request.user)
    if contact_filter.is_bound and not contact_filter.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in contact_filter.form.errors.items()]
        return _refuse(problems)
    values = contact_filter.qs.values_list(*CONTACT_COLUMNS).iterator(chunk_size=STREAM_CHUNK_SIZE)
    filename = f"contacts-{timezone.localdate().isoformat()}.csv"
    return _csv_response(filename, CONTACT_HEADER, _contact_list_rows(values))
