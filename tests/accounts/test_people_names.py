"""A person's name is made one way, whether read from a user or from plain rows."""

from __future__ import annotations

import pytest

from accounts.models import NAME_FIELDS, User, person_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_display_name_comes_first_then_the_full_name_then_the_username():
    assert person_name(display_name="Ana", first_name="Ana", last_name="Alves", username="ana") == "Ana"
    assert person_name(display_name="", first_name="Ana", last_name="Alves", username="ana") == "Ana Alves"
    assert person_name(display_name="", first_name="", last_name="Alves", username="ana") == "Alves"
    assert person_name(display_name="", first_name="", last_name="", username="ana") == "ana"


def test_a_row_of_name_fields_names_the_person_as_the_user_does():
    people = [
        UserFactory(display_name="Ana the Great"),
        UserFactory(display_name="", first_name="Bruno", last_name="Bento"),
        UserFactory(display_name="", first_name="", last_name="", username="olga"),
    ]

    rows = User.objects.filter(pk__in=[person.pk for person in people]).values("pk", *NAME_FIELDS)
    from_rows = {row.pop("pk"): person_name(**row) for row in rows}

    assert from_rows == {person.pk: person.name for person in people}
    assert sorted(from_rows.values()) == ["Ana the Great", "Bruno Bento", "olga"]
