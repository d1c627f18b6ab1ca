from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


def entries_for(obj: models.Model) -> list[LogEntry]:
    """The audit entries of one object, oldest first."""
    return list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("actor")
        .order_by("timestamp", "pk")
    )


def changes_of(entry: LogEntry) -> dict[str, Any]:
    return {name: list(values) if isinstance(values, list) else values for name, values in entry.changes.items()}
