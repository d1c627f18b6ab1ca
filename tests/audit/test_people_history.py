"""Changes to people: role, department, managed departments, activation. Never a password hash."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.audit.conftest import changes_of, entries_for

pytestmark = pytest.mark.django_db


def user_change_post(user: User, **changes: object) -> dict[str, object]:
    """The Django admin's change form for `user`, as the browser would send it back."""
    joined = timezone.localtime(user.date_joined)
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [],
        "user_permissions": [],
        "date_joined_0": joined.strftime("%d/%m/%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "display_name": user.display_name,
        "role": user.role,
        "department": user.department_id or "",
        "managed_departments": [d.pk for d in user.managed_departments.all()],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def change_user(as_user, admin: User, user: User, **changes: object) -> None:
    response = as_user(admin).post(f"/admin/accounts/user/{user.pk}/change/", user_change_post(user, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_promotion_to_manager_of_two_departments_is_recorded(as_user, admin, staff_a, department_a, department_b):
    change_user(
        as_user,
        admin,
        staff_a,
        role=User.Role.MANAGER,
        department=department_b.pk,
        managed_departments=[department_a.pk, department_b.pk],
    )

    entries = [entry for entry in entries_for(staff_a) if entry.actor == admin]
    assert all(entry.action == LogEntry.Action.UPDATE for entry in entries)
    changes: dict[str, object] = {}
    for entry in entries:
        changes.update(changes_of(entry))
    assert changes["role"] == ["staff", "manager"]
    assert changes["department"] == [department_a.pk, department_b.pk]
    assert changes["managed_departments"]["operation"] == "add"
    assert sorted(changes["managed_departments"]["objects"]) == ["Billing", "Support"]


def test_the_users_admin_history_reads_as_labels_and_names(as_user, admin, staff_a, department_a, department_b):
    change_user(as_user, admin, staff_a, role=User.Role.MANAGER, managed_departments=[department_b.pk])

    page = as_user(admin).get(f"/admin/accounts/user/{staff_a.pk}/history/").content.decode()

    assert "<strong>Role:</strong> Staff → Manager" in page
    assert "<strong>Managed departments:</strong> added Billing" in page


def test_taking_a_managed_department_away_is_recorded(as_user, admin, manager_a, department_a, department_b):
    change_user(as_user, admin, manager_a, managed_departments=[department_b.pk])

    changes = [changes_of(entry) for entry in entries_for(manager_a) if entry.actor == admin]
    operations = {(c["managed_departments"]["operation"], *c["managed_departments"]["objects"]) for c in changes}
    assert operations == {("delete", "Support"), ("add", "Billing")}


def test_deactivating_and_reactivating_someone_is_recorded(as_user, admin, staff_a):
    change_user(as_user, admin, staff_a, is_active="")
    staff_a.refresh_from_db()
    change_user(as_user, admin, staff_a, is_active="on")

    changes = [changes_of(entry) for entry in entries_for(staff_a) if entry.actor == admin]
    assert changes == [{"is_active": [True, False]}, {"is_active": [False, True]}]


def test_a_new_group_is_recorded_too(as_user, admin, staff_a):
    group = Group.objects.create(name="Trainers")
    change_user(as_user, admin, staff_a, groups=[group.pk])

    [entry] = [entry for entry in entries_for(staff_a) if entry.actor == admin]
    assert changes_of(entry)["groups"]["objects"] == ["Trainers"]


def test_a_password_hash_is_never_recorded(as_user, admin, staff_a):
    response = as_user(admin).post(
        f"/admin/accounts/user/{staff_a.pk}/password/",
        {
            "password1": "A fresh long passphrase 42",
            "password2": "A fresh long passphrase 42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("A fresh long passphrase 42")

    assert not [entry for entry in entries_for(staff_a) if entry.actor == admin]
    for entry in LogEntry.objects.all():
        assert "password" not in entry.changes
        assert staff_a.password not in str(entry.changes) and staff_a.password not in entry.changes_text


def test_a_login_records_nothing(client, staff_a):
    before = LogEntry.objects.count()

    assert client.post(reverse("login"), {"username": "ana", "password": "password"}).status_code == 302

    assert LogEntry.objects.count() == before


@pytest.mark.parametrize("persona", ["staff_a", "manager_a"])
def test_nobody_but_admins_reads_a_persons_history(as_user, request, persona, staff_b):
    response = as_user(request.getfixturevalue(persona)).get(f"/admin/accounts/user/{staff_b.pk}/history/")

    assert response.status_code == 302 and "/admin/login/" in response.url
