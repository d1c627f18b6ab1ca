"""The audit trail in the Django admin: each audited model's "History" page shows it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from audit.history import object_history


class AuditHistoryAdminMixin[M: Model](admin.ModelAdmin[M]):
    """Mixed into the ModelAdmin of an audited model: the History page lists every change, field by field.

    Django's own history lists only what was done through the admin, as
    "Changed name."; the audit trail also holds the changes made on the
    configuration pages, by the logging service and by commands, with the
    old and new values. Django's view still checks the permission and finds
    the object; this only adds the entries to it.
    """

    object_history_template = "admin/audit_object_history.html"
    # Models recorded as parts of this one (audit.history.object_history).
    audit_history_parts: tuple[type[Model], ...] = ()

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        # Django's view answers a missing object or a refused permission itself.
        allowed = obj is not None and self.has_view_or_change_permission(request, obj)
        history = object_history(obj, parts=self.audit_history_parts) if allowed else None
        context = {**(extra_context or {}), "audit_history": history}
        return super().history_view(request, object_id, context)
