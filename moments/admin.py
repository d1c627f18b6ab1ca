from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from moments.models import Channel, Contact, ContactPoint, Customer, Rating
from moments.rollup import rollup_contact_logged, rollup_rating_removed
from moments.services import contact_admin_update, contact_delete


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "default_rating_method", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "department", "target_csat", "is_active"]
    list_filter = ["is_active", "channel", "department"]
    search_fields = ["name", "purpose"]
    list_select_related = ["channel", "department"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "external_ref", "email", "phone", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "email", "external_ref", "phone"]


class RatingInline(admin.StackedInline):
    model = Rating
    can_delete = False
    extra = 0
    # A customer's rating is evidence: nobody edits it in the admin.
    readonly_fields = [f.name for f in Rating._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Contact | None = None) -> bool:
        return False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "contact_point", "representative", "customer", "outcome"]
    list_filter = ["outcome", "channel", "department", "customer_kind"]
    search_fields = ["customer__name", "notes"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["customer", "representative", "logged_by", "contact_point"]
    list_select_related = ["contact_point", "representative", "customer"]
    readonly_fields = ["channel", "department", "customer_kind", "logged_by", "logged_at", "updated_at"]
    inlines = [RatingInline]
    show_full_result_count = False

    # Edits and deletions go through the services so the dashboards' daily
    # rollup follows them in the same transaction.
    def save_model(self, request: HttpRequest, obj: Contact, form: ModelForm, change: bool) -> None:
        if change:
            contact_admin_update(contact=obj)
        else:
            super().save_model(request, obj, form, change)
            rollup_contact_logged(obj)

    def delete_model(self, request: HttpRequest, obj: Contact) -> None:
        contact_delete(contact=obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Contact]) -> None:
        for contact in queryset:
            contact_delete(contact=contact)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["contact", "score", "source", "submitted_at", "submitted_by", "handed_over_by_someone_else"]
    list_filter = ["score", "source", "submitted_in_staff_session"]
    # Each row names its contact, which names its contact point and customer, and whose login sent it.
    list_select_related = ["contact__contact_point", "contact__customer", "submitted_by"]
    raw_id_fields = ["contact", "entered_by", "submitted_by"]
    readonly_fields = [*(f.name for f in Rating._meta.fields), "handed_over_by_someone_else"]

    @admin.display(boolean=True, description="Kiosk handed over by someone else")
    def handed_over_by_someone_else(self, obj: Rating) -> bool:
        return obj.handed_over_by_someone_else

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rating | None = None) -> bool:
        return False

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Rating) -> None:
        obj.delete()
        rollup_rating_removed(obj.contact, obj.score)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Rating]) -> None:
        for rating in queryset.select_related("contact"):
            self.delete_model(request, rating)
