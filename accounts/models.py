from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class DepartmentQuerySet(models.QuerySet["Department"]):
    def active(self) -> DepartmentQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, viewer: User) -> DepartmentQuerySet:
        """The departments whose figures `viewer` may compare and filter on: staff see none, only their own."""
        if not viewer.is_active:  # an anonymous user is never active
            return self.none()
        if viewer.is_admin:
            return self
        if viewer.is_manager:
            return self.filter(pk__in=viewer.managed_department_ids())
        return self.none()


class Department(models.Model):
    """A part of the organisation whose people meet customers."""

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Retired departments keep their history but get no new people or contact points."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="department_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


# What a person's name is made of, for reads that take plain rows (values()) rather than users.
NAME_FIELDS = ("display_name", "first_name", "last_name", "username")


def person_name(*, display_name: str, first_name: str, last_name: str, username: str) -> str:
    """How Moments names a person everywhere: the display name, else the full name, else the username."""
    return display_name or f"{first_name} {last_name}".strip() or username


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, viewer: User) -> UserQuerySet:
        """The people whose contacts and figures `viewer` may see."""
        if not viewer.is_active:  # an anonymous user is never active
            return self.none()
        if viewer.is_admin:
            return self
        if viewer.is_manager:
            return self.filter(models.Q(department_id__in=viewer.managed_department_ids()) | models.Q(pk=viewer.pk))
        return self.filter(pk=viewer.pk)


class UserManagerWithVisibility(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True


class User(AbstractUser):
    """A person of the organisation. Customers never have an account."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        MANAGER = "manager", _("Manager")
        ADMIN = "admin", _("Admin")

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
        help_text=_("The department this person works in and logs contacts for."),
    )
    managed_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="managers",
        verbose_name=_("managed departments"),
        help_text=_("For managers: the departments whose contacts and figures they see."),
    )

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language Moments speaks to this person; empty follows their browser."),
    )

    objects: ClassVar[UserManagerWithVisibility] = UserManagerWithVisibility()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "username"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return person_name(
            display_name=self.display_name, first_name=self.first_name, last_name=self.last_name, username=self.username
        )

    @property
    def first_name_for_customers(self) -> str:
        """What a customer sees of the representative: a first name only."""
        return self.first_name or self.name.split()[0]

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def sees_others(self) -> bool:
        """Managers and admins see other people's contacts and figures; staff only their own."""
        return self.is_admin or self.is_manager

    def managed_department_ids(self) -> list[int]:
        """Cached per request object: several views and querysets ask for it."""
        if not hasattr(self, "_managed_department_ids"):
            self._managed_department_ids = list(self.managed_departments.values_list("id", flat=True))
        return self._managed_department_ids
