"""A contact's history: logged, corrected by its representative, edited or deleted by an admin, its rating corrected.

Only admins read it, on the contact's page and in the Django admin.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from audit.history import ObjectHistory
from moments.models import Contact, Customer, Rating
from surveys.models import RatingCorrection
from tests.audit.conftest import changes_of, entries_for
from tests.factories import ContactFactory, CustomerFactory, RatingFactory

pytestmark = pytest.mark.django_db

CORRECTION_URL = "/admin/surveys/ratingcorrection/add/"


@pytest.fixture
def customer(db: None) -> Customer:
    return CustomerFactory(name="Maria Lopes", email="maria@example.org")


@pytest.fixture
def contact_a(staff_a, contact_point, customer) -> Contact:
    # Whole seconds, as the admin's form sends them back.
    occurred_at = timezone.now().replace(microsecond=0)
    return ContactFactory(
        representative=staff_a,
        contact_point=contact_point,
        customer=customer,
        notes="Ana's note",
        occurred_at=occurred_at,
    )


def log_post(contact_point, customer, **changes: object) -> dict[str, object]:
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


def history_of(as_user: Callable[[User | None], Client], admin: User, contact: Contact) -> ObjectHistory:
    return as_user(admin).get(contact.get_absolute_url()).context["history"]


def test_logging_a_contact_records_who_logged_it_and_what(as_user, staff_a, contact_point, customer):
    assert as_user(staff_a).post("/log/", log_post(contact_point, customer)).status_code == 302

    contact = Contact.objects.get()
    [entry] = entries_for(contact)
    assert entry.action == LogEntry.Action.CREATE and entry.actor == staff_a
    changes = changes_of(entry)
    assert changes["outcome"] == [None, "resolved"] and changes["notes"] == [None, "Router reset fixed it."]
    assert changes["contact_point"] == [None, contact_point.pk] and changes["customer"] == [None, customer.pk]
    assert "logged_at" not in changes and "updated_at" not in changes


def test_the_representatives_correction_is_recorded_old_and_new(as_user, staff_a, admin, contact_a):
    as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "follow_up", "notes": "Call back Monday"})

    entry = entries_for(contact_a)[-1]
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == staff_a
    assert changes_of(entry) == {"outcome": ["resolved", "follow_up"], "notes": ["Ana's note", "Call back Monday"]}
    newest = history_of(as_user, admin, contact_a).entries[0]
    assert newest.actor == staff_a.name
    assert {(c.label, c.old, c.new) for c in newest.changes} == {
        ("Outcome", "Resolved", "Follow-up needed"),
        ("Notes", "Ana's note", "Call back Monday"),
    }


def test_an_admins_edit_in_the_django_admin_is_recorded(as_user, admin, contact_a, staff_b):
    occurred = timezone.localtime(contact_a.occurred_at)
    response = as_user(admin).post(
        f"/admin/moments/contact/{contact_a.pk}/change/",
        {
            "contact_point": contact_a.contact_point_id,
            "representative": staff_b.pk,
            "customer": contact_a.customer_id,
            "occurred_at_0": occurred.strftime("%d/%m/%Y"),
            "occurred_at_1": occurred.strftime("%H:%M:%S"),
            "duration_minutes": "12",
            "outcome": "unresolved",
            "notes": "Ana's note",
            "rating-TOTAL_FORMS": "0",
            "rating-INITIAL_FORMS": "0",
            "rating-MIN_NUM_FORMS": "0",
            "rating-MAX_NUM_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    entry = entries_for(contact_a)[-1]
    assert entry.actor == admin
    assert changes_of(entry) == {
        "representative": [contact_a.representative_id, staff_b.pk],
        "duration_minutes": [10, 12],
        "outcome": ["resolved", "unresolved"],
    }
    changes = {c.label: (c.old, c.new) for c in history_of(as_user, admin, contact_a).entries[0].changes}
    assert changes["Representative"] == (contact_a.representative.name, staff_b.name)


def test_an_admins_deletion_is_recorded_with_what_the_contact_held(as_user, admin, contact_a):
    pk = contact_a.pk
    response = as_user(admin).post(f"/admin/moments/contact/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Contact.objects.filter(pk=pk).exists()

    entry = entries_for(contact_a)[-1]
    assert entry.action == LogEntry.Action.DELETE and entry.actor == admin
    assert changes_of(entry)["notes"] == ["Ana's note", None]


def test_a_rating_correction_shows_on_the_contacts_history_with_its_reason(as_user, admin, contact_a):
    rating = RatingFactory(contact=contact_a, score=1, comment="Awful", source=Rating.Source.LINK)
    response = as_user(admin).post(
        CORRECTION_URL,
        {"rating": rating.pk, "new_score": "5", "new_comment": "Awful", "new_effort_score": "", "reason": "Tapped 1"},
    )
    assert response.status_code == 302 and RatingCorrection.objects.count() == 1

    [entry] = entries_for(rating)
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == admin
    assert changes_of(entry) == {"score": [1, 5]}
    newest = history_of(as_user, admin, contact_a).entries[0]
    assert (newest.subject, newest.action, newest.reason) == ("Rating", "Changed", "Tapped 1")
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("Score", "1", "5")]


def test_a_deleted_rating_stays_in_the_contacts_history(as_user, admin, contact_a):
    rating = RatingFactory(contact=contact_a, score=2, comment="Slow", source=Rating.Source.LINK)
    client = as_user(admin)
    assert client.post(f"/admin/moments/rating/{rating.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Rating.objects.filter(pk=rating.pk).exists()

    newest = history_of(as_user, admin, contact_a).entries[0]
    assert (newest.subject, newest.action, newest.actor) == ("Rating", "Deleted", admin.name)
    values = {c.label: c.new for c in newest.changes}
    assert values["Score"] == "2" and values["Comment"] == "Slow" and values["Source"] == "Customer link"


def test_the_contact_page_shows_the_history_to_admins(as_user, admin, staff_a, contact_a):
    as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "referred", "notes": "Sent to billing"})

    page = as_user(admin).get(contact_a.get_absolute_url()).content.decode()

    assert 'data-testid="audit-history"' in page
    assert "<del>Ana&#x27;s note</del> → <ins>Sent to billing</ins>" in page


@pytest.mark.parametrize("persona", ["staff_a", "manager_a"])
def test_the_representative_and_their_manager_do_not_see_the_history(as_user, request, staff_a, contact_a, persona):
    as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "referred", "notes": "Sent to billing"})

    response = as_user(request.getfixturevalue(persona)).get(contact_a.get_absolute_url())

    assert response.status_code == 200 and response.context["history"] is None
    page = response.content.decode()
    assert 'data-testid="audit-history"' not in page and "Ana&#x27;s note" not in page


@pytest.mark.parametrize("persona", ["staff_a", "manager_a", "manager_b", None])
def test_nobody_but_admins_opens_a_contacts_admin_history(as_user, request, contact_a, persona):
    user = request.getfixturevalue(persona) if persona else None

    response = as_user(user).get(f"/admin/moments/contact/{contact_a.pk}/history/")

    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_django_admins_contact_history_includes_its_rating(as_user, admin, contact_a):
    rating = RatingFactory(contact=contact_a, score=1, source=Rating.Source.LINK)
    as_user(admin).post(
        CORRECTION_URL, {"rating": rating.pk, "new_score": "4", "new_comment": "", "reason": "Phoned to say"}
    )

    page = as_user(admin).get(f"/admin/moments/contact/{contact_a.pk}/history/").content.decode()

    assert "1 → 4" in page and "Reason: Phoned to say" in page


def test_a_long_history_costs_no_more_queries_than_a_short_one(as_user, admin, staff_a, contact_a):
    client = as_user(admin)
    correct = as_user(staff_a)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(contact_a.get_absolute_url()).status_code == 200
        return len(captured)

    correct.post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "referred", "notes": "One"})
    page_queries()  # content types, read once per process
    short = page_queries()
    for number in range(8):
        correct.post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "follow_up", "notes": f"Again {number}"})

    assert page_queries() == short
    assert len(client.get(contact_a.get_absolute_url()).context["history"].entries) == 10


def test_the_history_adds_one_query_to_an_admins_contact_page(as_user, admin, staff_a, contact_a):
    """The entries, and nothing for the names: the page has loaded the contact's related objects already."""
    as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "referred", "notes": "One"})
    client = as_user(admin)
    client.get(contact_a.get_absolute_url())

    with CaptureQueriesContext(connection) as captured:
        client.get(contact_a.get_absolute_url())

    assert len([query for query in captured if "auditlog_logentry" in query["sql"]]) == 1
    assert not [query for query in captured if '"id" IN (' in query["sql"]]
