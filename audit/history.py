"""The audit trail as an admin reads it: who changed what, when, field by field.

auditlog stores, for each write, the changed fields as JSON: the field's
name and its old and new values as the database holds them (a choice's
code, a foreign key's id, a date-time in UTC). This module turns them into
what the pages show: the field's label, the choice's label, the related
object's name, the local time. Related objects are looked up once per model
for the whole page, never once per entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A page shows the latest changes; older ones stay in the Django admin's
# log entries. Fifty covers years of a contact point's edits.
HISTORY_LIMIT = 50
# Changes made outside a signed-in request: management commands, the task worker, the shell.
SYSTEM_ACTOR = _("System")
EMPTY = "—"
# In an entry's additional data: the primary key of the object it is part of (audit.services).
PART_OF_KEY = "part_of"
ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change. `old` is None for a value that had no before (a creation, an addition)."""

    label: str
    old: str | None
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    timestamp: datetime
    actor: str
    action: str
    subject: str
    changes: list[FieldChange]
    reason: str


@dataclass(frozen=True)
class ObjectHistory:
    entries: list[HistoryEntry]
    # More changes exist than the page shows.
    truncated: bool


def object_history(
    obj: models.Model | None, *, parts: Iterable[type[models.Model]] = (), limit: int = HISTORY_LIMIT
) -> ObjectHistory:
    """The latest changes of `obj`, newest first: one query, and one per kind of related object to name.

    `parts` are models whose changes are recorded as part of `obj`
    (a contact's rating): their entries are shown too, even those of a
    part deleted since. Only explicitly recorded entries carry that link,
    and they are few, so the content type narrows the search before the
    JSON is read.
    """
    if obj is None or obj.pk is None:
        return ObjectHistory(entries=[], truncated=False)
    own_type = ContentType.objects.get_for_model(obj)
    models_by_type: dict[int, type[models.Model]] = {own_type.pk: type(obj)}
    condition = Q(content_type=own_type, object_id=obj.pk)
    for part in parts:
        part_type = ContentType.objects.get_for_model(part)
        models_by_type[part_type.pk] = part
        condition |= Q(content_type=part_type, **{f"additional_data__{PART_OF_KEY}": obj.pk})
    rows = list(LogEntry.objects.filter(condition).select_related("actor").order_by("-timestamp", "-pk")[: limit + 1])
    shown = rows[:limit]
    names = _related_names([(models_by_type[row.content_type_id], row) for row in shown], known=_loaded_related(obj))
    return ObjectHistory(
        entries=[_entry(models_by_type[row.content_type_id], row, names) for row in shown],
        truncated=len(rows) > limit,
    )


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _loaded_related(obj: models.Model) -> dict[type[models.Model], dict[str, str]]:
    """The names of the objects `obj` points at and has already loaded (a page's select_related): no query."""
    known: dict[type[models.Model], dict[str, str]] = defaultdict(dict)
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None:
                known[field.related_model][str(related.pk)] = str(related)
    return known


def _related_names(
    rows: list[tuple[type[models.Model], LogEntry]], known: dict[type[models.Model], dict[str, str]]
) -> dict[type[models.Model], dict[str, str]]:
    """Names of the related objects the changes point at: related model → {str(pk): str(object)}.

    One query per related model for those `known` does not name already.
    """
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, row in rows:
        for name, values in (row.changes or {}).items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey) and isinstance(values, list):
                named = known.get(field.related_model, {})
                wanted[field.related_model].update(
                    value for value in values if value not in (None, "", "None") and str(value) not in named
                )
    names = {model: dict(named) for model, named in known.items()}
    for related_model, pks in wanted.items():
        if pks:
            found = related_model._base_manager.in_bulk(_valid_pks(related_model, pks))
            names.setdefault(related_model, {}).update({str(pk): str(obj) for pk, obj in found.items()})
    return names


def _valid_pks(model: type[models.Model], values: set[Any]) -> list[Any]:
    pks = []
    for value in values:
        try:
            pks.append(model._meta.pk.to_python(value))
        except ValidationError:
            continue
    return pks


def _entry(model: type[models.Model], row: LogEntry, names: dict[type[models.Model], dict[str, str]]) -> HistoryEntry:
    changes = row.changes or {}
    order = {field.name: position for position, field in enumerate(model._meta.get_fields())}
    field_changes = []
    for name in sorted(changes, key=lambda name: order.get(name, len(order))):
        field = _field(model, name) if name in order else None
        label = capfirst(str(field.verbose_name)) if field is not None else capfirst(name.replace("_", " "))
        values = changes[name]
        if isinstance(values, dict) and values.get("type") == "m2m":
            if values.get("operation") == "add":
                change = gettext("added %(objects)s")
            else:
                change = gettext("removed %(objects)s")
            field_changes.append(
                FieldChange(label=label, old=None, new=change % {"objects": ", ".join(values["objects"])})
            )
            continue
        old, new = values
        if row.action == LogEntry.Action.CREATE:
            field_changes.append(FieldChange(label=label, old=None, new=_display(field, new, names)))
        elif row.action == LogEntry.Action.DELETE:
            field_changes.append(FieldChange(label=label, old=None, new=_display(field, old, names)))
        else:
            field_changes.append(
                FieldChange(label=label, old=_display(field, old, names), new=_display(field, new, names))
            )
    return HistoryEntry(
        timestamp=row.timestamp,
        actor=_actor(row),
        action=str(ACTION_LABELS.get(row.action, row.get_action_display())),
        subject=capfirst(str(model._meta.verbose_name)),
        changes=field_changes,
        reason=(row.additional_data or {}).get("reason", "") if isinstance(row.additional_data, dict) else "",
    )


def _actor(row: LogEntry) -> str:
    if row.actor is not None:
        return str(row.actor)
    # The person's account was deleted since; the e-mail address kept with the entry still says who.
    return row.actor_email or str(SYSTEM_ACTOR)


def _display(field: models.Field[Any, Any] | None, value: Any, names: dict[type[models.Model], dict[str, str]]) -> str:
    """A stored value as the pages show it."""
    if value is None or value == "" or value == "None":
        return EMPTY
    if field is None:
        return str(value)
    if isinstance(field, models.ForeignKey):
        gone = gettext("%(model)s %(id)s (deleted)") % {
            "model": capfirst(str(field.related_model._meta.verbose_name)),
            "id": value,
        }
        return names.get(field.related_model, {}).get(str(value), gone)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value in (True, "True", "true", 1) else gettext("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_naive(moment):
            # auditlog stores date-times naive, in UTC.
            moment = moment.replace(tzinfo=UTC)
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return date_format(day, "COMPACT_DATE_FORMAT") if day is not None else str(value)
    return str(value)
