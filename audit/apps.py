from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        register_audited_models(settings.AUDIT_TRAIL_MODELS)


def register_audited_models(audited: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
    """Register each model with auditlog: its own columns, less those excluded, and the many-to-many fields named.

    Naming the columns (rather than leaving auditlog to take every field)
    keeps reverse relations out: auditlog would read each reverse one-to-one
    when a row is created, a query per relation, and record the others as
    "accounts.User.None". A field added to a model later is audited without
    a change here; a name that is no field stops the start, so a typo
    cannot quietly record what was meant to be left out (a password hash).
    """
    from auditlog.registry import auditlog

    for label, options in audited.items():
        model = apps.get_model(label)
        columns = {field.name for field in model._meta.concrete_fields}
        many_to_many = {field.name for field in model._meta.many_to_many}
        excluded, m2m = set(options.get("exclude", ())), set(options.get("m2m", ()))
        if unknown := (excluded - columns) | (m2m - many_to_many):
            raise ImproperlyConfigured(f"AUDIT_TRAIL_MODELS: {label} has no field {', '.join(sorted(unknown))}.")
        auditlog.register(
            model,
            include_fields=[field.name for field in model._meta.concrete_fields if field.name not in excluded],
            m2m_fields=m2m,
        )
