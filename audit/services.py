"""Recording a change that the model signals do not see.

Most changes are recorded by django-auditlog as they are saved (the models
and fields are listed in settings). A write that goes around save(), such
as a queryset UPDATE, must say itself what it changed, in the same
transaction, through these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone

from audit.history import PART_OF_KEY


def _stored(value: Any) -> Any:
    """A value as auditlog stores it in its JSON: primitives as they are, anything else as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime):
        # As auditlog writes a DateTimeField: naive, in UTC.
        return str(timezone.make_naive(value, UTC) if timezone.is_aware(value) else value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record_update(
    *,
    instance: models.Model,
    changes: Mapping[str, tuple[Any, Any]],
    actor: AbstractBaseUser | None = None,
    reason: str = "",
    part_of: models.Model | None = None,
) -> LogEntry | None:
    """Record that `instance` changed, field name → (old, new); fields whose value stayed are left out.

    `actor` is who made the change when the caller knows it better than the
    request does; without one, the request's signed-in user (or the system).
    `part_of` is the object whose history shows the change too, even after
    `instance` is gone (a contact, for its rating).
    """
    changed = {
        name: [_stored(old), _stored(new)] for name, (old, new) in changes.items() if _stored(old) != _stored(new)
    }
    if not changed:
        return None
    return LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes=changed,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data=_additional_data(reason=reason, part_of=part_of),
    )


def audit_record_deletion(
    *, instance: models.Model, actor: AbstractBaseUser | None = None, part_of: models.Model | None = None
) -> LogEntry | None:
    """Record the deletion of `instance` with the values it had, for a model whose deletions auditlog does not see."""
    values = {
        field.name: [_stored(getattr(instance, field.attname)), None]
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    return LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.DELETE,
        changes=values,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data=_additional_data(part_of=part_of),
    )


def _additional_data(*, reason: str = "", part_of: models.Model | None = None) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    if reason:
        data["reason"] = reason
    if part_of is not None:
        # Read by audit.history.object_history(…, parts=…).
        data[PART_OF_KEY] = part_of.pk
    return data or None
