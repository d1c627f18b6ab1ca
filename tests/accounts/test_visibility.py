import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Department
from tests.factories import DepartmentFactory, ManagerFactory


@pytest.fixture
def departments(department_a, department_b):
    return department_a, department_b


def visible(user):
    return set(Department.objects.visible_to(user))


def test_staff_see_no_department_not_even_their_own(staff_a, departments):
    assert visible(staff_a) == set()


def test_a_manager_sees_only_the_departments_they_manage(manager_a, manager_b, departments):
    department_a, department_b = departments
    assert visible(manager_a) == {department_a}
    assert visible(manager_b) == {department_b}


def test_a_manager_of_two_departments_sees_both(departments):
    manager = ManagerFactory(managed_departments=list(departments))
    assert visible(manager) == set(departments)


def test_admins_see_every_department_retired_ones_too(admin, departments):
    retired = DepartmentFactory(name="Closed", is_active=False)
    assert visible(admin) == {*departments, retired}


def test_inactive_and_anonymous_users_see_none(manager_a, departments):
    manager_a.is_active = False
    assert visible(manager_a) == set()
    assert visible(AnonymousUser()) == set()


@pytest.mark.parametrize(("persona", "sees_others"), [("staff_a", False), ("manager_a", True), ("admin", True)])
def test_only_managers_and_admins_see_other_peoples_contacts(request, persona, sees_others):
    assert request.getfixturevalue(persona).sees_others is sees_others
