"""The admin's pages for people and departments, driven as an admin uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Department, User
from moments.models import Contact
from moments.services import contact_log
from tests.admin_pages import change_form_data, rollup_is_exact
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
DEPARTMENTS = "/admin/accounts/department/"


@pytest.fixture
def logged(staff_a, contact_point) -> Contact:
    return contact_log(
        logged_by=staff_a,
        contact_point=contact_point,
        customer=CustomerFactory(),
        occurred_at=timezone.now() - timedelta(days=1),
        outcome=Contact.Outcome.RESOLVED,
        score=4,
    )


class TestPeople:
    def new_person(self, client, **changes):
        page = client.get(f"{USERS}add/")
        assert page.status_code == 200
        data = {
            "username": "nora",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "display_name": "Nora Núñez",
            "email": "nora@example.org",
            **changes,
        }
        return client.post(f"{USERS}add/", change_form_data(page, **data))

    def test_a_person_is_added_with_a_role_and_a_department(self, as_user, admin, department_a):
        response = self.new_person(as_user(admin), role=User.Role.MANAGER, department=department_a.pk)

        assert response.status_code == 302
        nora = User.objects.get(username="nora")
        assert (nora.role, nora.department, nora.name) == (User.Role.MANAGER, department_a, "Nora Núñez")
        assert nora.check_password("a long enough passphrase")

    @pytest.mark.parametrize(
        "changes",
        [
            {"password2": "another passphrase"},
            {"username": "ana"},
            {"username": "with spaces and ✓"},
            {"role": "owner"},
            {"department": "999999"},
            {"department": "99999999999999999999"},
            {"email": "not an address"},
            {"display_name": "Nul\x00"},
        ],
    )
    def test_bad_data_is_refused_on_the_form(self, as_user, admin, staff_a, department_a, changes):
        response = self.new_person(
            as_user(admin), **{"role": User.Role.STAFF, "department": department_a.pk, **changes}
        )

        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert not User.objects.filter(display_name__startswith="Nora").exists()

    def test_a_manager_is_given_the_departments_they_see(self, as_user, admin, staff_a, department_a, logged):
        client = as_user(admin)
        page = client.get(f"{USERS}{staff_a.pk}/change/")

        response = client.post(
            f"{USERS}{staff_a.pk}/change/",
            change_form_data(page, role=User.Role.MANAGER, managed_departments=[str(department_a.pk)]),
        )

        assert response.status_code == 302
        staff_a.refresh_from_db()
        assert staff_a.is_manager and list(staff_a.managed_departments.all()) == [department_a]
        assert rollup_is_exact()

    def test_a_person_who_moves_department_leaves_their_past_contacts_where_they_were(
        self, as_user, admin, staff_a, department_a, department_b, logged, manager_a
    ):
        client = as_user(admin)
        page = client.get(f"{USERS}{staff_a.pk}/change/")

        response = client.post(f"{USERS}{staff_a.pk}/change/", change_form_data(page, department=department_b.pk))

        assert response.status_code == 302
        logged.refresh_from_db()
        assert logged.department == department_a
        assert as_user(manager_a).get(f"/contacts/{logged.pk}/").status_code == 200
        assert rollup_is_exact()

    def test_someone_with_contacts_cannot_be_deleted(self, as_user, admin, staff_a, logged):
        client = as_user(admin)

        page = client.get(f"{USERS}{staff_a.pk}/delete/")
        single = client.post(f"{USERS}{staff_a.pk}/delete/", {"post": "yes"})
        bulk = client.post(USERS, {"action": "delete_selected", "_selected_action": [staff_a.pk], "post": "yes"})

        assert page.status_code == single.status_code == bulk.status_code == 200
        assert "Cannot delete" in page.content.decode()
        assert User.objects.filter(pk=staff_a.pk).exists()
        assert rollup_is_exact()


class TestDepartments:
    def test_a_department_is_added_and_a_name_taken_in_other_case_is_refused(self, as_user, admin, department_a):
        client = as_user(admin)
        page = client.get(f"{DEPARTMENTS}add/")

        added = client.post(f"{DEPARTMENTS}add/", change_form_data(page, name="Claims"))
        taken = client.post(f"{DEPARTMENTS}add/", change_form_data(page, name="SUPPORT"))

        assert added.status_code == 302
        assert taken.status_code == 200 and taken.context["adminform"].form.errors
        assert sorted(Department.objects.values_list("name", flat=True)) == ["Claims", "Support"]

    def test_retiring_a_department_keeps_its_contacts_figures(self, as_user, admin, department_a, logged):
        client = as_user(admin)
        page = client.get(f"{DEPARTMENTS}{department_a.pk}/change/")

        response = client.post(f"{DEPARTMENTS}{department_a.pk}/change/", change_form_data(page, is_active=""))

        assert response.status_code == 302
        department_a.refresh_from_db()
        assert not department_a.is_active
        assert rollup_is_exact()

    def test_a_department_with_people_or_contacts_cannot_be_deleted(self, as_user, admin, department_a, logged):
        client = as_user(admin)

        page = client.get(f"{DEPARTMENTS}{department_a.pk}/delete/")
        single = client.post(f"{DEPARTMENTS}{department_a.pk}/delete/", {"post": "yes"})
        bulk = client.post(
            DEPARTMENTS, {"action": "delete_selected", "_selected_action": [department_a.pk], "post": "yes"}
        )

        assert page.status_code == single.status_code == bulk.status_code == 200
        assert "Cannot delete" in page.content.decode()
        assert Department.objects.filter(pk=department_a.pk).exists()
        assert rollup_is_exact()

    def test_an_unused_department_is_deleted(self, as_user, admin):
        unused = Department.objects.create(name="Unused")

        response = as_user(admin).post(f"{DEPARTMENTS}{unused.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not Department.objects.filter(pk=unused.pk).exists()
