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

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Case, Func, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from accounts.models import person_name
from insights.csv_stream import Chunk, counted_stream, lines, postgresql_copy_chunks, row_chunks, safe_text
from insights.filters import DashboardFilters
from insights.metrics import FIGURES, Figure
from insights.selectors import (
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
from moments.scale import MEMORABLE_SCORES

# Rows fetched per round trip while streaming: big enough to be quick, small
# enough that memory stays flat however many contacts the file holds.
STREAM_CHUNK_SIZE = 2000


def _csv_response(filename: str, content: Iterable[str | bytes]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# How the files write an instant: local time in the current time zone, to the minute.
OCCURRED_AT_FORMAT = "%Y-%m-%d %H:%M"
# The same in PostgreSQL's to_char.
OCCURRED_AT_SQL_FORMAT = "YYYY-MM-DD HH24:MI"


def _local_minute(moment: datetime) -> str:
    # ISO 8601 in TIME_ZONE, to the minute: the same in every language, and sorted as text sorts.
    return timezone.localtime(moment).strftime(OCCURRED_AT_FORMAT)


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


def _breakdown_table(rows: list[BreakdownRow], with_target: bool = False) -> Table:
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


def _figures_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
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


def _trend_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
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


def _distribution_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
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


def _moments_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
    """As the memorable moments page shows them: its score and comment choices apply."""
    score = request.GET.get("score", "")
    scores = (int(score),) if score in {str(memorable) for memorable in MEMORABLE_SCORES} else MEMORABLE_SCORES
    commented = request.GET.get("commented", "") in ("on", "true", "1")
    moments = memorable_moments(request.user, filters, scores=scores, with_comment=commented)
    return MOMENT_HEADER, _contact_rows(moments.iterator(chunk_size=STREAM_CHUNK_SIZE))


def _comments_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
    return MOMENT_HEADER, _contact_rows(comments(request.user, filters).iterator(chunk_size=STREAM_CHUNK_SIZE))


def _departments_table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
    require_manager_or_admin(request.user)
    return _breakdown_table(departments_compared(request.user, filters))


Table = tuple[list[str], Iterator[list[Any]]]


def _breakdown_of(dimension: str) -> Callable[[AuthenticatedHttpRequest, DashboardFilters], Table]:
    def table(request: AuthenticatedHttpRequest, filters: DashboardFilters) -> Table:
        rows = breakdown(request.user, filters, dimension)
        return _breakdown_table(rows, with_target=dimension == "contact_point")

    return table


TABLES: dict[str, Callable[[AuthenticatedHttpRequest, DashboardFilters], Table]] = {
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
def table_export(request: AuthenticatedHttpRequest, table: str) -> HttpResponseBase:
    """/insights/export/<table>.csv?<the page's filters>: the table as the page shows it."""
    if table not in TABLES:
        raise Http404("No such table.")
    filters = filters_for(request)
    if filters.problems:
        return _refuse(filters.problems)
    header, rows = TABLES[table](request, filters)
    return _csv_response(f"{table}-{filters.start}-{filters.end}.csv", lines(header, rows))


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


def _outcome_labels() -> dict[str, str]:
    """The outcomes' labels in the request's language, fixed before the file streams."""
    return {value: str(label) for value, label in Contact.Outcome.choices}


def contact_orm_chunks(contacts: QuerySet[Contact]) -> Iterator[Chunk]:
    """The contact list's rows built in Python (SQLite, and the reference the COPY path must equal)."""
    outcomes = _outcome_labels()

    def rows() -> Iterator[list[Any]]:
        values = contacts.values_list(*CONTACT_COLUMNS).iterator(chunk_size=STREAM_CHUNK_SIZE)
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
            yield [
                pk,
                _local_minute(occurred_at),
                point,
                channel,
                department or "",
                person_name(display_name=display_name, first_name=first_name, last_name=last_name, username=username),
                customer,
                kind,
                "" if duration is None else duration,
                outcomes.get(outcome, outcome),
                "" if score is None else score,
                source or "",
                comment or "",
                notes,
            ]

    return row_chunks(rows())


class _LocalMinute(Func):
    """An instant as the wall-clock minute of a time zone: to_char(instant AT TIME ZONE zone, format)."""

    arg_joiner = " AT TIME ZONE "
    template = f"to_char(%(expressions)s, '{OCCURRED_AT_SQL_FORMAT}')"
    output_field = TextField()


def contact_copy_chunks(contacts: QuerySet[Contact]) -> Iterator[Chunk]:
    """The same rows written by PostgreSQL's COPY: each column of `contact_orm_chunks` as an SQL expression."""
    outcomes = _outcome_labels()
    full_name = NullIf(Trim(Concat("representative__first_name", Value(" "), "representative__last_name")), Value(""))
    columns = contacts.values_list(
        "pk",
        _LocalMinute("occurred_at", Value(timezone.get_current_timezone_name())),
        safe_text("contact_point__name"),
        safe_text("channel__name"),
        safe_text("department__name"),
        safe_text(
            Coalesce(
                NullIf("representative__display_name", Value("")),
                full_name,
                "representative__username",
                output_field=TextField(),
            )
        ),
        safe_text("customer__name"),
        safe_text("customer_kind"),
        "duration_minutes",
        safe_text(
            Case(
                *(When(outcome=value, then=Value(label)) for value, label in outcomes.items()),
                default="outcome",
                output_field=TextField(),
            )
        ),
        "rating__score",
        safe_text("rating__source"),
        safe_text("rating__comment"),
        safe_text("notes"),
    )
    return postgresql_copy_chunks(columns)


def contacts_response(
    request: AuthenticatedHttpRequest, chunks: Callable[[QuerySet[Contact]], Iterator[Chunk]]
) -> HttpResponseBase:
    """The contact list as filtered on screen, its rows written by `chunks`."""
    contacts = Contact.objects.visible_to(request.user).order_by("-occurred_at", "-id")
    contact_filter = ContactFilter(request.GET or None, queryset=contacts, user=request.user)
    if contact_filter.is_bound and not contact_filter.is_valid():
        problems = [f"{name}: {' '.join(map(str, errors))}" for name, errors in contact_filter.form.errors.items()]
        return _refuse(problems)
    content = counted_stream(CONTACT_HEADER, chunks(contact_filter.qs), language=translation.get_language())
    return _csv_response(f"contacts-{timezone.localdate():%Y-%m-%d}.csv", content)


@login_required
@require_GET
def contacts_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The contact list as filtered on screen, streamed: memory stays flat for a million rows.

    On PostgreSQL the database writes the CSV (COPY), many times faster than
    building each row in Python; the file is the same to the byte.
    """
    return contacts_response(request, contact_copy_chunks if connection.vendor == "postgresql" else contact_orm_chunks)
