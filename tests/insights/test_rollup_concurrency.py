"""Two representatives logging on the same row of the rollup at the same moment: both count."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from moments.models import Contact, ContactDayRollup
from moments.services import contact_log
from tests.factories import CustomerFactory

pytestmark = [
    # Needs two connections writing at once; SQLite serialises writers. CI runs PostgreSQL.
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_first_two_contacts_of_a_row_logged_at_once_both_count(staff_a, contact_point, monkeypatch):
    customers = [CustomerFactory(), CustomerFactory()]
    real_create = ContactDayRollup.objects.create

    def slow_create(**kwargs):
        # Both transactions have found no row yet; now both insert it.
        time.sleep(0.3)
        return real_create(**kwargs)

    monkeypatch.setattr(ContactDayRollup.objects, "create", slow_create)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    when = timezone.now()

    def log(customer) -> None:
        try:
            barrier.wait(timeout=10)
            contact_log(
                logged_by=staff_a, contact_point=contact_point, customer=customer, occurred_at=when, outcome="resolved"
            )
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log, args=(customer,)) for customer in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Contact.objects.count() == 2
    row = ContactDayRollup.objects.get()
    assert row.contacts == 2
    assert row.outcome_resolved == 2
