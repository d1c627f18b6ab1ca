"""The baseline: each dashboard page's figures as hand-written SQL straight on contacts and ratings.

What a careful engineer would write without the daily rollup: the same
figures (counts per score, outcomes, minutes, invitations), the same
periods, visibility and narrowing, the same lists, on the same rows. The
page is measured against the sum of its statements here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection

from moments.dates import local_start

MOMENTS_PAGE = 26  # a page of 25 and one more to know there is a next
LATEST_MOMENTS = 6
COMMENTS = 20


@dataclass(frozen=True)
class Scope:
    """Who looks (None: an admin, else a manager's departments and id), at what, over which days."""

    start: date
    end: date
    manager: tuple[list[int], int] | None = None
    narrowing: dict[str, int] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> dict[str, datetime]:
        return {
            "prev_start": local_start(self.start - timedelta(days=self.days)),
            "start": local_start(self.start),
            "end": local_start(self.end + timedelta(days=1)),
        }

    def where(self, *, previous_too: bool = False) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = self.bounds()
        clauses = ["c.occurred_at >= %(prev_start)s" if previous_too else "c.occurred_at >= %(start)s"]
        clauses.append("c.occurred_at < %(end)s")
        if self.manager is not None:
            clauses.append("(c.department_id = ANY(%(departments)s) OR c.representative_id = %(viewer)s)")
            params["departments"], params["viewer"] = self.manager
        for column, value in self.narrowing.items():
            clauses.append(f"c.{column}_id = %({column})s")
            params[column] = value
        return " AND ".join(clauses), params


def _counts(condition: str = "TRUE") -> str:
    """The counts every figure is computed from, for the rows meeting `condition`."""
    scores = ", ".join(f"count(*) FILTER (WHERE r.score = {s} AND {condition})" for s in range(1, 6))
    return (
        f"count(*) FILTER (WHERE {condition}), {scores}, "
        f"count(*) FILTER (WHERE c.outcome = 'unresolved' AND {condition}), "
        f"count(*) FILTER (WHERE c.outcome = 'referred' AND {condition}), "
        f"count(c.duration_minutes) FILTER (WHERE {condition}), "
        f"coalesce(sum(c.duration_minutes) FILTER (WHERE {condition}), 0)"
    )


FROM_CONTACTS = "FROM moments_contact c LEFT JOIN moments_rating r ON r.contact_id = c.id"


def kpis(scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    where, params = scope.where(previous_too=True)
    current, previous = "c.occurred_at >= %(start)s", "c.occurred_at < %(start)s"
    return [
        (f"SELECT {_counts(current)}, {_counts(previous)} {FROM_CONTACTS} WHERE {where}", params),
        (
            "SELECT count(*) FILTER (WHERE c.occurred_at >= %(start)s),"
            " count(i.answered_at) FILTER (WHERE c.occurred_at >= %(start)s),"
            " count(*) FILTER (WHERE c.occurred_at < %(start)s),"
            " count(i.answered_at) FILTER (WHERE c.occurred_at < %(start)s)"
            " FROM moments_contact c JOIN surveys_surveyinvitation i ON i.contact_id = c.id"
            f" WHERE i.sent_at IS NOT NULL AND {where}",
            params,
        ),
    ]


def trend(scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    where, params = scope.where()
    bucket = "(c.occurred_at AT TIME ZONE %(tz)s)::date"
    if scope.days > 31:
        bucket = f"date_trunc('week', {bucket})::date"
    params["tz"] = settings.TIME_ZONE
    return [(f"SELECT {bucket} AS bucket, {_counts()} {FROM_CONTACTS} WHERE {where} GROUP BY 1 ORDER BY 1", params)]


BREAKDOWNS = {
    "channel": ("c.channel_id, ch.name", "JOIN moments_channel ch ON ch.id = c.channel_id"),
    "contact_point": (
        "c.contact_point_id, p.name, p.target_csat, p.is_active, pch.name",
        "JOIN moments_contactpoint p ON p.id = c.contact_point_id JOIN moments_channel pch ON pch.id = p.channel_id",
    ),
    "department": ("c.department_id, d.name", "LEFT JOIN accounts_department d ON d.id = c.department_id"),
    "representative": (
        "c.representative_id, u.display_name, u.first_name, u.last_name, u.username",
        "JOIN accounts_user u ON u.id = c.representative_id",
    ),
}


def breakdown(scope: Scope, dimension: str) -> list[tuple[str, dict[str, Any]]]:
    where, params = scope.where()
    columns, joins = BREAKDOWNS[dimension]
    sql = f"SELECT {columns}, {_counts()} {FROM_CONTACTS} {joins} WHERE {where} GROUP BY {columns}"
    return [(sql, params)]


def _contact_list(scope: Scope, condition: str, limit: int) -> tuple[str, dict[str, Any]]:
    where, params = scope.where()
    return (
        "SELECT c.*, r.*, p.name, ch.name, u.display_name, u.username, cu.name"
        " FROM moments_contact c JOIN moments_rating r ON r.contact_id = c.id"
        " JOIN moments_contactpoint p ON p.id = c.contact_point_id JOIN moments_channel ch ON ch.id = c.channel_id"
        " JOIN accounts_user u ON u.id = c.representative_id JOIN moments_customer cu ON cu.id = c.customer_id"
        f" WHERE {where} AND {condition} ORDER BY c.occurred_at DESC, c.id DESC LIMIT {limit}",
        params,
    )


def latest_moments(scope: Scope, limit: int = LATEST_MOMENTS) -> list[tuple[str, dict[str, Any]]]:
    return [_contact_list(scope, "r.score IN (1, 5) AND r.comment <> ''", limit)]


def comments(scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    return [_contact_list(scope, "r.comment <> ''", COMMENTS)]


def moment_totals(scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    where, params = scope.where()
    return [
        (
            "SELECT count(*) FILTER (WHERE r.score = 1), count(*) FILTER (WHERE r.score = 5)"
            f" FROM moments_contact c JOIN moments_rating r ON r.contact_id = c.id WHERE {where}",
            params,
        )
    ]


def page_statements(page: str, scope: Scope) -> list[tuple[str, dict[str, Any]]]:
    """The statements computing what `page` shows, for `scope`."""
    if page in ("overview", "channel"):
        return [
            *kpis(scope),
            *trend(scope),
            *breakdown(scope, "channel"),
            *breakdown(scope, "contact_point"),
            *latest_moments(scope),
        ]
    if page == "contact_point":
        return [*kpis(scope), *trend(scope), *breakdown(scope, "representative"), *latest_moments(scope)]
    if page == "representative":
        return [*kpis(scope), *trend(scope), *breakdown(scope, "contact_point"), *comments(scope)]
    if page == "departments":
        return [*breakdown(scope, "department"), *breakdown(scope, "contact_point")]
    if page == "moments":
        return [_contact_list(scope, "r.score IN (1, 5)", MOMENTS_PAGE), *moment_totals(scope)]
    raise ValueError(page)


def run(statements: list[tuple[str, dict[str, Any]]]) -> list[list[tuple]]:
    results = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results
