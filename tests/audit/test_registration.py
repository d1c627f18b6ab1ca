"""Which models and fields the audit trail records, as configured in settings."""

from __future__ import annotations

import pytest
from auditlog.registry import auditlog
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Department, User
from audit.apps import register_audited_models
from moments.models import Channel, Contact, ContactDayRollup, ContactPoint, Customer, Rating


def test_configuration_contacts_and_people_are_audited_and_derived_rows_are_not():
    assert set(auditlog.get_models()) == {Channel, ContactPoint, Department, User, Contact}
    for model in (ContactDayRollup, Rating, Customer):
        assert not auditlog.contains(model)


def test_a_users_password_and_reverse_relations_are_never_read():
    fields = auditlog.get_model_fields(User)["include_fields"]
    assert "password" not in fields and "last_login" not in fields
    assert "contacts" not in fields and "role" in fields and "department" in fields
    assert "rating" not in auditlog.get_model_fields(Contact)["include_fields"]


@pytest.mark.parametrize("options", [{"exclude": ["pasword"]}, {"m2m": ["managed_department"]}], ids=["exclude", "m2m"])
def test_a_misspelt_field_stops_the_start(options):
    with pytest.raises(ImproperlyConfigured, match="accounts.user has no field"):
        register_audited_models({"accounts.user": options})
    # The refusal came before anything was registered: the password is still left out.
    assert "password" not in auditlog.get_model_fields(User)["include_fields"]
