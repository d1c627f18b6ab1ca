"""What the audit trail costs the writes, and what it leaves out on purpose.

The logging form is the page staff use most; its history is one INSERT.
The daily rollup is derived from the contacts and never audited, and the
demo seeder writes in bulk, unrecorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moments.models import Contact, ContactDayRollup, ContactPoint, Rating
from surveys.services import rating_correct
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

# Recording a logged contact: one INSERT of its entry. A staff-entered
# rating adds none (ratings are recorded only when corrected or deleted).
AUDIT_QUERIES_PER_LOGGED_CONTACT = 1
# A correction of the outcome or notes: the row before (SELECT) and the entry (INSERT).
AUDIT_QUERIES_PER_CORRECTION = 2


@pytest.fixture
def log_post(contact_point: ContactPoint) -> Callable[..., dict[str, object]]:
    customer = CustomerFactory(name="Maria Lopes")

    def post(**changes: object) -> dict[str, object]:
        occurred_at = timezone.localtime(timezone.now() - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M")
        return {
            "contact_point": contact_point.pk,
            "customer": customer.pk,
            "occurred_at": occurred_at,
            "duration_minutes": "7",
            "outcome": "resolved",
            "notes": "Router reset fixed it.",
            "rating_method": "none",
            **changes,
        }

    return post


def queries_of(client: Client, url: str, data: dict[str, object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, data).status_code == 302
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("rating", [{}, {"rating_method": "staff", "score": "4", "comment": "Quick"}])
def test_logging_a_contact_costs_one_insert_for_its_history(as_user, staff_a, log_post, rating):
    client = as_user(staff_a)
    queries_of(client, "/log/", log_post(**rating))  # the session and content types, read once
    audited = queries_of(client, "/log/", log_post(**rating))
    with disable_auditlog():
        unaudited = queries_of(client, "/log/", log_post(**rating))

    assert len(audited) - len(unaudited) == AUDIT_QUERIES_PER_LOGGED_CONTACT
    history = [sql for sql in audited if "auditlog_logentry" in sql]
    assert len(history) == 1 and history[0].startswith("INSERT")
    assert Contact.objects.count() == 3


def test_a_representatives_correction_costs_two_queries_for_its_history(as_user, staff_a, log_post):
    client = as_user(staff_a)
    queries_of(client, "/log/", log_post())
    contact = Contact.objects.get()
    url = f"/contacts/{contact.pk}/correct/"
    queries_of(client, url, {"outcome": "referred", "notes": "First"})
    audited = queries_of(client, url, {"outcome": "follow_up", "notes": "Second"})
    with disable_auditlog():
        unaudited = queries_of(client, url, {"outcome": "unresolved", "notes": "Third"})

    assert len(audited) - len(unaudited) == AUDIT_QUERIES_PER_CORRECTION


def test_rollup_rows_are_never_audited(as_user, staff_a, admin, log_post):
    as_user(staff_a).post("/log/", log_post(rating_method="staff", score="2"))
    contact = Contact.objects.get()
    as_user(staff_a).post(f"/contacts/{contact.pk}/correct/", {"outcome": "referred", "notes": ""})
    rating_correct(
        rating=Rating.objects.get(), corrected_by=admin, reason="Phoned", score=4, comment="", effort_score=None
    )
    assert ContactDayRollup.objects.exists()

    assert not auditlog.contains(ContactDayRollup)
    recorded = set(LogEntry.objects.values_list("content_type", flat=True))
    assert ContentType.objects.get_for_model(ContactDayRollup).pk not in recorded
    assert {ContentType.objects.get_for_model(Contact).pk, ContentType.objects.get_for_model(Rating).pk} <= recorded


def test_the_demo_seeder_records_nothing_and_still_replaces_its_data(db):
    out = StringIO()
    call_command("seed_demo", contacts=300, now="2026-03-31T18:00:00+02:00", stdout=out)
    call_command("seed_demo", contacts=300, now="2026-03-31T18:00:00+02:00", flush=True, stdout=out)

    assert Contact.objects.count() == 300
    assert not LogEntry.objects.exists()
