"""Messages of Django and of the libraries we use that their own Spanish or Thai catalogues lack.

Never imported: `make messages` reads the strings below into our catalogues,
and a message in LOCALE_PATHS takes precedence over the library's own, so
the Django admin and the forms read in Thai throughout (Django's Thai
catalogue predates the admin's sidebar, its theme switch and the new
"time since" wording). Each string is exactly the library's message.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.db.models.fields: the empty choice of a select.
gettext_noop("- Select an option -")

# django.utils.timesince ("3 days ago", "in 5 minutes").
ngettext_lazy("%(num)d year", "%(num)d years", "num")
ngettext_lazy("%(num)d month", "%(num)d months", "num")
ngettext_lazy("%(num)d week", "%(num)d weeks", "num")
ngettext_lazy("%(num)d day", "%(num)d days", "num")
ngettext_lazy("%(num)d hour", "%(num)d hours", "num")
ngettext_lazy("%(num)d minute", "%(num)d minutes", "num")

# django.contrib.admin's templates.
gettext_noop("Skip to main content")
gettext_noop("Breadcrumbs")
gettext_noop("Sidebar")
gettext_noop("Start typing to filter…")
gettext_noop("Filter navigation items")
gettext_noop("Model name")
gettext_noop("Add link")
gettext_noop("Change or view list link")
gettext_noop("Toggle theme (current theme: auto)")
gettext_noop("Toggle theme (current theme: light)")
gettext_noop("Toggle theme (current theme: dark)")
gettext_noop("Search")
gettext_noop("Search %(name)s")
gettext_noop("Pagination %(name)s")
gettext_noop("Filter by %(field_name)s")
gettext_noop("Clear all filters")
gettext_noop("Show counts")
gettext_noop("Run")

# django-axes, django-auditlog and django-tasks-db: their models in the admin.
gettext_noop("access attempts")
gettext_noop("access failures")
gettext_noop("access logs")
gettext_noop("Audit log")
gettext_noop("log entries")
gettext_noop("Task Results")
gettext_noop("Remove from sorting")
gettext_noop("Toggle sorting")
gettext_noop("Sorting priority: %(priority_number)s")
gettext_noop("Select all objects on this page for an action")
gettext_noop("Select this object for an action - {}")
