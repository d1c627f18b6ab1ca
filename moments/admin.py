from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.http import signed_in_user
from accounts.models import User
from audit.admin import AuditHistoryAdminMixin
from audit.services import audit_record_deletion
from moments.forms import add_service_errors
from moments.models import Channel, Contact, ContactPoint, Customer, Rating
from moments.rollup import rollup_rating_removed
from moments.services import contact_admin_update, contact_delete, contact_log, contact_prepare, representative_check

# The admin's title and header name the product, in the reader's language, rather than "Django administration".
admin.site.site_header = _("Moments administration")
admin.site.site_title = _("Moments admin")


class DateDrillDownChangeList(ChangeList):
    """An admin list whose date drill-down refuses a date past the calendar's end like any bad lookup.

    Django turns ?<field>__year=9999&<field>__month=12 into a range ending on
    the day after it, which is past year 9999, and catches only the
    ValueError of the range's start (Django ticket #37357): the OverflowError
    of its end was a server error. Refused as a bad lookup, the list sends
    the admin back to itself unfiltered (?e=1), as for any parameter it
    cannot use.
    """

    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateDrillDownRefusesOverflow:
    """For a ModelAdmin with a date_hierarchy."""

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return DateDrillDownChangeList


@admin.register(Channel)
class ChannelAdmin(AuditHistoryAdminMixin[Channel], admin.ModelAdmin[Channel]):
    list_display = ["name", "default_rating_method", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(ContactPoint)
class ContactPointAdmin(AuditHistoryAdminMixin[ContactPoint], admin.ModelAdmin[ContactPoint]):
    list_display = ["name", "channel", "department", "target_csat", "is_active"]
    list_filter = ["is_active", "channel", "department"]
    search_fields = ["name", "purpose"]
    list_select_related = ["channel", "department"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "kind", "external_ref", "email", "phone", "created_at"]
    list_filter = ["kind"]
    # search_name too: "jose" finds "José", "กอง" finds "ก้อง".
    search_fields = ["name", "search_name", "email", "external_ref", "phone"]


class RatingInline(admin.StackedInline[Rating, Contact]):
    model = Rating
    can_delete = False
    extra = 0
    # A customer's rating is evidence: nobody edits it in the admin.
    readonly_fields = [f.name for f in Rating._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Contact | None = None) -> bool:
        return False


class ContactAdminForm(forms.ModelForm[Contact]):
    """An admin's new or corrected contact, checked as the logging service checks it.

    A refusal of the service (a retired contact point, a representative in no
    department) shows on the form rather than as a server error on saving.
    """

    # Who saves the form: the admin that `ContactAdmin.get_form` hands it.
    logged_by: User

    def service_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ContactAdmin.add_fields}

    def _post_clean(self) -> None:  # the stubs leave out ModelForm's _post_clean
        super()._post_clean()  # type: ignore[misc]
        if any(name not in self.cleaned_data for name in ContactAdmin.add_fields):
            return
        try:
            if self.instance._state.adding:
                contact_prepare(logged_by=self.logged_by, **self.service_arguments())
            elif "representative" in self.changed_data:
                representative_check(self.cleaned_data["representative"])
        except ValidationError as error:
            add_service_errors(self, error)


@admin.register(Contact)
class ContactAdmin(AuditHistoryAdminMixin[Contact], DateDrillDownRefusesOverflow, admin.ModelAdmin[Contact]):
    """Contacts, added and corrected through the logging service and the rollup.

    Adding stays possible, through contact_log, rather than being removed:
    it is the one way to record a contact on behalf of a representative
    (the logging page always logs the person using it), and going through
    the service gives it the same checks, snapshots and rollup counts as a
    contact logged on the page; only the customer's rating is left to the
    survey or the representative.
    """

    form = ContactAdminForm
    list_display = ["occurred_at", "contact_point", "representative", "customer", "outcome"]
    list_filter = ["outcome", "channel", "department", "customer_kind"]
    search_fields = ["customer__name", "customer__search_name", "notes"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["customer", "representative", "logged_by", "contact_point"]
    list_select_related = ["contact_point", "representative", "customer"]
    readonly_fields = ["channel", "department", "customer_kind", "logged_by", "logged_at", "updated_at"]
    # What an admin gives for a new contact; the service takes the snapshots and who logged it.
    add_fields = ["contact_point", "representative", "customer", "occurred_at", "duration_minutes", "outcome", "notes"]
    inlines = [RatingInline]
    show_full_result_count = False
    audit_history_parts = (Rating,)

    def get_fields(self, request: HttpRequest, obj: Contact | None = None) -> Any:
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_form(self, request: HttpRequest, obj: Contact | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = cast(type[ContactAdminForm], super().get_form(request, obj, change=change, **kwargs))
        # A class made for this request by the admin's form factory, so the attribute is this admin's alone.
        form.logged_by = signed_in_user(request)
        return form

    # Additions, edits and deletions go through the services so the
    # dashboards' daily rollup follows them in the same transaction.
    def save_model(self, request: HttpRequest, obj: Contact, form: forms.ModelForm[Contact], change: bool) -> None:
        if change:
            contact_admin_update(contact=obj)
            return
        contact = contact_log(logged_by=signed_in_user(request), **cast(ContactAdminForm, form).service_arguments())
        # The admin goes on with `obj` (its log entry, the redirect): make it the saved contact.
        for field in Contact._meta.concrete_fields:
            setattr(obj, field.attname, getattr(contact, field.attname))
        obj._state.adding = False
        obj._state.db = contact._state.db

    def delete_model(self, request: HttpRequest, obj: Contact) -> None:
        contact_delete(contact=obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        for contact in queryset:
            contact_delete(contact=contact)


@admin.register(Rating)
class RatingAdmin(AuditHistoryAdminMixin[Rating], admin.ModelAdmin[Rating]):
    list_display = ["contact", "score", "source", "submitted_at", "submitted_by", "handed_over_by_someone_else"]
    list_filter = ["score", "source", "submitted_in_staff_session"]
    # Each row names its contact, which names its contact point and customer, and whose login sent it.
    list_select_related = ["contact__contact_point", "contact__customer", "submitted_by"]
    raw_id_fields = ["contact", "entered_by", "submitted_by"]
    readonly_fields = [*(f.name for f in Rating._meta.fields), "handed_over_by_someone_else"]

    @admin.display(boolean=True, description=_("Kiosk handed over by someone else"))
    def handed_over_by_someone_else(self, obj: Rating) -> bool:
        return obj.handed_over_by_someone_else

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Rating) -> None:
        # Ratings are not audited on save (they are never edited; corrections
        # record themselves), so their deletion is recorded here.
        audit_record_deletion(instance=obj, actor=signed_in_user(request), part_of=obj.contact)
        obj.delete()
        rollup_rating_removed(obj.contact, obj.score)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Rating]) -> None:
        for rating in queryset.select_related("contact"):
            self.delete_model(request, rating)
