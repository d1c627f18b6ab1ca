"""Configuration pages for admins: channels, departments and contact points.

The three kinds of thing follow one life cycle — create, edit, retire,
reactivate, delete while unused — so the views share one implementation,
driven by a `Section` that says what differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Department
from audit.history import object_history
from moments.configuration_forms import ChannelForm, ContactPointForm, DepartmentForm
from moments.models import Channel, ContactPoint

STATUS_CHOICES = [("active", _("Active")), ("retired", _("Retired")), ("all", _("All"))]
DEFAULT_STATUS = "active"

View = Callable[..., HttpResponse]


def _require_admin(view: View) -> View:
    """Anonymous people go to the login page; logged-in people who are not admins get a 403."""

    @wraps(view)
    @login_required
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_admin:
            raise PermissionDenied(gettext("Only admins configure channels, departments and contact points."))
        return view(request, *args, **kwargs)

    return wrapper


def _in_use(*counts: tuple[int, StrOrPromise]) -> list[str]:
    """Phrases such as "2 contact points" for each (count, ngettext_lazy phrase with %(count)d) that is not zero."""
    return [phrase % {"count": count} for count, phrase in counts if count]


CONTACT_POINTS_IN_USE = ngettext_lazy("%(count)d contact point", "%(count)d contact points", "count")
CONTACTS_IN_USE = ngettext_lazy("%(count)d contact", "%(count)d contacts", "count")


@dataclass(frozen=True)
class Section:
    model: type[models.Model]
    form_class: type[ModelForm[Any]]
    prefix: str
    noun: StrOrPromise
    title: StrOrPromise
    # What retiring does, in the words an admin needs before clicking.
    retire_effect: StrOrPromise
    list_queryset: Callable[[], models.QuerySet[Any]]
    # What still points at one object; anything listed blocks deleting it.
    usage: Callable[[Any], list[str]]

    @property
    def urls(self) -> dict[str, str]:
        return {
            action: f"{self.prefix}_{action}" for action in ("list", "create", "edit", "retire", "reactivate", "delete")
        }

    @property
    def list_template(self) -> str:
        return f"moments/configuration/{self.prefix}_list.html"


def _channel_usage(channel: Channel) -> list[str]:
    return _in_use(
        (channel.contact_points.count(), CONTACT_POINTS_IN_USE),
        (channel.contacts.count(), CONTACTS_IN_USE),
    )


def _department_usage(department: Department) -> list[str]:
    return _in_use(
        (department.members.count(), ngettext_lazy("%(count)d person", "%(count)d people", "count")),
        (department.managers.count(), ngettext_lazy("%(count)d manager", "%(count)d managers", "count")),
        (department.contact_points.count(), CONTACT_POINTS_IN_USE),
        (department.contacts.count(), CONTACTS_IN_USE),
    )


def _contact_point_usage(contact_point: ContactPoint) -> list[str]:
    return _in_use((contact_point.contacts.count(), CONTACTS_IN_USE))


CHANNELS = Section(
    model=Channel,
    form_class=ChannelForm,
    prefix="channel",
    noun=_("channel"),
    title=_("Channels"),
    retire_effect=_("its contact points are hidden from new logging; all contacts and figures are kept"),
    list_queryset=lambda: Channel.objects.annotate(contact_point_count=Count("contact_points")),
    usage=_channel_usage,
)
DEPARTMENTS = Section(
    model=Department,
    form_class=DepartmentForm,
    prefix="department",
    noun=_("department"),
    title=_("Departments"),
    retire_effect=_("its contact points are hidden from new logging; all contacts and figures are kept"),
    # Two counts over two joins multiply each other's rows; distinct keeps them true.
    list_queryset=lambda: Department.objects.annotate(
        people_count=Count("members", distinct=True),
        contact_point_count=Count("contact_points", distinct=True),
    ),
    usage=_department_usage,
)
CONTACT_POINTS = Section(
    model=ContactPoint,
    form_class=ContactPointForm,
    prefix="contact_point",
    noun=_("contact point"),
    title=_("Contact points"),
    retire_effect=_("it is hidden from new logging; its contacts and figures are kept"),
    list_queryset=lambda: ContactPoint.objects.select_related("channel", "department").annotate(
        contact_count=Count("contacts")
    ),
    usage=_contact_point_usage,
)


def _get_object(section: Section, pk: int) -> Any:
    return get_object_or_404(section.model, pk=pk)


def _redirect_back(request: AuthenticatedHttpRequest, section: Section) -> HttpResponse:
    """Back to the list the admin came from (with its filter), never to another site."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(section.urls["list"])


def _object_list(request: AuthenticatedHttpRequest, section: Section) -> HttpResponse:
    status = request.GET.get("status", DEFAULT_STATUS)
    if status not in dict(STATUS_CHOICES):
        status = DEFAULT_STATUS
    objects = section.list_queryset()
    if status != "all":
        objects = objects.filter(is_active=status == "active")
    return render(
        request,
        section.list_template,
        {"section": section, "objects": objects, "status": status, "status_choices": STATUS_CHOICES},
    )


def _object_form(request: AuthenticatedHttpRequest, section: Section, instance: Any = None) -> HttpResponse:
    form = section.form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
        except IntegrityError:
            # Two admins saving the same name at the same moment: the form's
            # check passed for both, the database constraint stops the second.
            form.add_error(
                "name",
                gettext("A %(noun)s with this name was just saved by someone else; choose another.")
                % {"noun": section.noun},
            )
        else:
            done = (
                gettext("%(noun)s “%(name)s” saved.")
                if instance is not None
                else gettext("%(noun)s “%(name)s” created.")
            )
            messages.success(request, done % {"noun": capfirst(section.noun), "name": saved})
            return redirect(section.urls["list"])
    return render(
        request,
        "moments/configuration/form.html",
        {
            "section": section,
            "form": form,
            "object": instance,
            "usage": section.usage(instance) if instance is not None else [],
            # Only admins reach these pages (_require_admin), so the history is theirs to read.
            "history": object_history(instance) if instance is not None else None,
        },
    )


def _set_active(request: AuthenticatedHttpRequest, section: Section, pk: int, *, active: bool) -> HttpResponse:
    obj = _get_object(section, pk)
    obj.is_active = active
    obj.save(update_fields=["is_active"])
    if active:
        messages.success(
            request, gettext("%(noun)s “%(name)s” is active again.") % {"noun": capfirst(section.noun), "name": obj}
        )
    else:
        messages.success(
            request,
            gettext("%(noun)s “%(name)s” retired: %(effect)s.")
            % {"noun": capfirst(section.noun), "name": obj, "effect": section.retire_effect},
        )
    return _redirect_back(request, section)


def _refusal(section: Section, obj: Any, usage: list[str]) -> str:
    return gettext(
        "%(noun)s “%(name)s” can't be deleted: it has %(usage)s. "
        "Retire it instead: it disappears from new logging and its history is kept."
    ) % {"noun": capfirst(section.noun), "name": obj, "usage": ", ".join(usage)}


def _object_delete(request: AuthenticatedHttpRequest, section: Section, pk: int) -> HttpResponse:
    obj = _get_object(section, pk)
    usage = section.usage(obj)
    if request.method == "POST":
        if usage:
            messages.error(request, _refusal(section, obj, usage))
            return redirect(section.urls["list"])
        name = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except models.ProtectedError:
            # Something started using it between the check and the delete.
            messages.error(request, _refusal(section, obj, [gettext("contacts or other records that depend on it")]))
            return redirect(section.urls["list"])
        messages.success(
            request, gettext("%(noun)s “%(name)s” deleted.") % {"noun": capfirst(section.noun), "name": name}
        )
        return redirect(section.urls["list"])
    return render(
        request,
        "moments/configuration/confirm_delete.html",
        {"section": section, "object": obj, "usage": usage, "refusal": _refusal(section, obj, usage) if usage else ""},
    )


# Channels


@_require_admin
@require_GET
def channel_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_list(request, CHANNELS)


@_require_admin
@require_http_methods(["GET", "POST"])
def channel_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_form(request, CHANNELS)


@_require_admin
@require_http_methods(["GET", "POST"])
def channel_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_form(request, CHANNELS, _get_object(CHANNELS, pk))


@_require_admin
@require_POST
def channel_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, CHANNELS, pk, active=False)


@_require_admin
@require_POST
def channel_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, CHANNELS, pk, active=True)


@_require_admin
@require_http_methods(["GET", "POST"])
def channel_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_delete(request, CHANNELS, pk)


# Departments


@_require_admin
@require_GET
def department_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_list(request, DEPARTMENTS)


@_require_admin
@require_http_methods(["GET", "POST"])
def department_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_form(request, DEPARTMENTS)


@_require_admin
@require_http_methods(["GET", "POST"])
def department_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_form(request, DEPARTMENTS, _get_object(DEPARTMENTS, pk))


@_require_admin
@require_POST
def department_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, DEPARTMENTS, pk, active=False)


@_require_admin
@require_POST
def department_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, DEPARTMENTS, pk, active=True)


@_require_admin
@require_http_methods(["GET", "POST"])
def department_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_delete(request, DEPARTMENTS, pk)


# Contact points


@_require_admin
@require_GET
def contact_point_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_list(request, CONTACT_POINTS)


@_require_admin
@require_http_methods(["GET", "POST"])
def contact_point_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _object_form(request, CONTACT_POINTS)


@_require_admin
@require_http_methods(["GET", "POST"])
def contact_point_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_form(request, CONTACT_POINTS, _get_object(CONTACT_POINTS, pk))


@_require_admin
@require_POST
def contact_point_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, CONTACT_POINTS, pk, active=False)


@_require_admin
@require_POST
def contact_point_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, CONTACT_POINTS, pk, active=True)


@_require_admin
@require_http_methods(["GET", "POST"])
def contact_point_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _object_delete(request, CONTACT_POINTS, pk)
