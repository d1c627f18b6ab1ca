"""The libraries' apps under names a reader of the Django admin understands, in their language.

django-axes shows as its own name ("Axes") and django-tasks-db as "Tasks
Database Backend", neither translatable; these say what they hold instead.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class LoginProtectionConfig(AxesAppConfig):  # type: ignore[misc]  # axes ships no type information
    verbose_name = _("Login protection")


class BackgroundTasksConfig(TasksAppConfig):
    # Django takes a lazy name here; the library's own is a plain str, which mypy holds it to.
    verbose_name = _("Background tasks")  # type: ignore[assignment]
