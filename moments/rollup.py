"""The daily rollup (ContactDayRollup), kept in step with contacts and ratings.

Every write that changes a figure calls one of these functions inside its own
transaction, so the rollup commits or rolls back with the contact or rating.
The changes are applied as increments (UPDATE … SET n = n + 1), which the
database serialises per row: two representatives logging at the same moment
both count, whatever the isolation level.

It lives here, next to the writes, because the dashboards (insights) stand on
moments and moments must not import them. Rating invitations live one floor
up, in surveys: surveys reports their changes here (rollup_invitation_changed)
and registers what a contact's invitation adds to its row, so that deleting,
moving or rebuilding counts it too (register_contribution, as
moments.rating_requests does for the logging form).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any, Protocol

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from moments.models import Contact, ContactDayRollup
from moments.scale import SCORES

logger = logging.getLogger(__name__)

KEY_FIELDS = ("day", "contact_point_id", "channel_id", "department_id", "representative_id", "customer_kind")
OUTCOME_FIELDS = {outcome.value: f"outcome_{outcome.value}" for outcome in Contact.Outcome}
SCORE_FIELDS = {score: f"score_{score}" for score in SCORES}
INVITATION_FIELDS = ("invitations_sent", "invitations_answered")
COUNT_FIELDS = (
    "contacts",
    *OUTCOME_FIELDS.values(),
    "timed_contacts",
    "duration_minutes_total",
    *SCORE_FIELDS.values(),
    *INVITATION_FIELDS,
)


class RollupContribution(Protocol):
    """Counts a higher floor keeps in the rollup about contacts (surveys: invitations)."""

    def aggregates(self) -> dict[str, Any]:
        """Aggregates over Contact rows filling some of INVITATION_FIELDS, for the rebuild."""
        ...

    def counts_for(self, contact: Contact) -> dict[str, int]:
        """What `contact` adds to its row now, read before it is deleted or moved."""
        ...


_contributions: list[RollupContribution] = []


def register_contribution(contribution: RollupContribution) -> None:
    if all(type(existing) is not type(contribution) for existing in _contributions):
        _contributions.append(contribution)


def _contributed_counts(contact: Contact) -> dict[str, int]:
    counts: dict[str, int] = {}
    for contribution in _contributions:
        counts.update(contribution.counts_for(contact))
    return counts


def invitation_counts(*, sent: bool, answered: bool) -> dict[str, int]:
    """An invitation's share of its row: the response rate counts answers among invitations sent."""
    return {"invitations_sent": int(sent), "invitations_answered": int(sent and answered)}


def rollup_day(occurred_at: datetime) -> date:
    """The local day a contact counts on: the configured TIME_ZONE's, never the viewer's."""
    return timezone.localdate(occurred_at, timezone.get_default_timezone())


def _key(contact: Contact) -> dict[str, Any]:
    return {
        "day": rollup_day(contact.occurred_at),
        "contact_point_id": contact.contact_point_id,
        "channel_id": contact.channel_id,
        "department_id": contact.department_id,
        "representative_id": contact.representative_id,
        "customer_kind": contact.customer_kind,
    }


def _contact_counts(contact: Contact, sign: int) -> dict[str, int]:
    counts = {"contacts": sign, OUTCOME_FIELDS[contact.outcome]: sign}
    if contact.duration_minutes is not None:
        counts["timed_contacts"] = sign
        counts["duration_minutes_total"] = sign * contact.duration_minutes
    return counts


def _apply(key: dict[str, Any], changes: dict[str, int]) -> None:
    changes = {field: value for field, value in changes.items() if value}
    if not changes:
        return
    rows = ContactDayRollup.objects.filter(**key)
    if rows.update(**{field: F(field) + value for field, value in changes.items()}):
        if changes.get("contacts", 0) < 0:
            # The last contact of the row is gone: drop the row, so it never
            # holds back the deletion of a contact point or a person.
            rows.filter(contacts__lte=0).delete()
        return
    if any(value < 0 for value in changes.values()):
        logger.warning("Daily rollup out of step for %s; run `manage.py rollup_rebuild`.", key)
        return
    try:
        with transaction.atomic():
            ContactDayRollup.objects.create(**key, **changes)
    except IntegrityError:
        # Another transaction created the row first; it is ours to add to now.
        rows.update(**{field: F(field) + value for field, value in changes.items()})


def rollup_contact_logged(contact: Contact, *, score: int | None = None) -> None:
    """A new contact, with the score given on the spot if any: one UPDATE for both."""
    changes = _contact_counts(contact, +1)
    if score is not None:
        changes[SCORE_FIELDS[score]] = +1
    _apply(_key(contact), changes)


def rollup_rating_recorded(contact: Contact, score: int) -> None:
    _apply(_key(contact), {SCORE_FIELDS[score]: +1})


def rollup_rating_rescored(contact: Contact, previous_score: int, score: int) -> None:
    """An admin's correction of what the customer tapped."""
    if previous_score == score:
        return
    _apply(_key(contact), {SCORE_FIELDS[previous_score]: -1, SCORE_FIELDS[score]: +1})


def rollup_outcome_changed(contact: Contact, previous_outcome: str) -> None:
    if previous_outcome == contact.outcome:
        return
    _apply(_key(contact), {OUTCOME_FIELDS[previous_outcome]: -1, OUTCOME_FIELDS[contact.outcome]: +1})


def rollup_invitation_changed(
    contact: Contact, *, before: dict[str, int] | None = None, after: dict[str, int] | None = None
) -> None:
    """An invitation created, sent, answered, renewed or removed: `before` and `after` from invitation_counts."""
    before, after = before or {}, after or {}
    _apply(_key(contact), {field: after.get(field, 0) - before.get(field, 0) for field in INVITATION_FIELDS})


def rollup_contact_removed(contact: Contact, score: int | None, contributed: dict[str, int] | None = None) -> None:
    """`contact` as it was stored, with its rating's score (None when unrated) and what it contributed."""
    changes = _contact_counts(contact, -1)
    if score is not None:
        changes[SCORE_FIELDS[score]] = -1
    for field, value in (contributed or {}).items():
        changes[field] = -value
    _apply(_key(contact), changes)


def rollup_contributions_of(contact: Contact) -> dict[str, int]:
    """Read before deleting or moving a contact: what the higher floors count for it."""
    return _contributed_counts(contact)


def rollup_rating_removed(contact: Contact, score: int) -> None:
    _apply(_key(contact), {SCORE_FIELDS[score]: -1})


def rollup_contact_replaced(
    before: Contact, after: Contact, score: int | None, contributed: dict[str, int] | None = None
) -> None:
    """An edit that may move a contact to another day, contact point or person (the admin's)."""
    rollup_contact_removed(before, score, contributed)
    rollup_contact_logged(after, score=score)
    if contributed:
        _apply(_key(after), contributed)


def contact_count_aggregates() -> dict[str, Any]:
    """The rollup's counts computed straight from contacts: the reference the rollup must always equal."""

    def count(condition: Q) -> Count:
        return Count("id", filter=condition)

    aggregates: dict[str, Any] = {
        "contacts": Count("id"),
        **{field: count(Q(outcome=outcome)) for outcome, field in OUTCOME_FIELDS.items()},
        "timed_contacts": Count("duration_minutes"),
        "duration_minutes_total": Coalesce(Sum("duration_minutes"), 0, output_field=models.BigIntegerField()),
        **{field: count(Q(rating__score=score)) for score, field in SCORE_FIELDS.items()},
        **{field: models.Value(0, output_field=models.IntegerField()) for field in INVITATION_FIELDS},
    }
    for contribution in _contributions:
        aggregates.update(contribution.aggregates())
    return aggregates


def contact_rollup_rows(contacts: models.QuerySet[Contact]) -> models.QuerySet[Contact, dict[str, Any]]:
    """Contacts grouped by the rollup's key, with the rollup's counts."""
    rows: models.QuerySet[Contact, dict[str, Any]] = (
        contacts.annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_default_timezone()))
        .values(*KEY_FIELDS)
        .annotate(**contact_count_aggregates())
        .order_by()
    )
    return rows


@transaction.atomic
def rollup_rebuild() -> int:
    """Recompute the whole rollup from contacts and ratings, in one INSERT … SELECT; returns its row count.

    For data loaded behind the services' back (bulk imports, the benchmark)
    or after a change of TIME_ZONE.
    """
    table = ContactDayRollup._meta.db_table
    columns = [*KEY_FIELDS, *COUNT_FIELDS]
    select_sql, params = contact_rollup_rows(Contact.objects.all()).query.sql_with_params()
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        # Columns picked by name from the grouped query, whatever order the ORM put them in;
        # in day order, so a period's rows sit together on disk as they do when written day by day.
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "
            f"SELECT {quoted} FROM ({select_sql}) AS grouped ORDER BY day",
            params,
        )
    return ContactDayRollup.objects.count()
