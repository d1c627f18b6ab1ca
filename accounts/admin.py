from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Department, User
from audit.admin import AuditHistoryAdminMixin


@admin.register(Department)
class DepartmentAdmin(AuditHistoryAdminMixin[Department], admin.ModelAdmin[Department]):
    list_display = ["name", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AuditHistoryAdminMixin[User], DjangoUserAdmin[User]):
    list_display = ["username", "display_name", "email", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    list_select_related = ["department"]
    filter_horizontal = ["managed_departments", "groups", "user_permissions"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Moments", {"fields": ("display_name", "role", "department", "managed_departments", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Moments", {"fields": ("display_name", "email", "role", "department")}),
    )
