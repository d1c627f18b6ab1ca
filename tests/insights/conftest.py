"""Contacts for the dashboard tests, logged through the services so the daily rollup follows."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from moments.models import Contact, ContactPoint, Customer
from moments.services import contact_log
from tests.factories import ChannelFactory, ContactPointFactory, CustomerFactory


def log(
    representative: User,
    contact_point: ContactPoint,
    *,
    when: datetime | None = None,
    days_ago: float = 1,
    score: int | None = None,
    comment: str = "",
    outcome: str = Contact.Outcome.RESOLVED,
    duration: int | None = 10,
    kind: str = Customer.Kind.CURRENT,
) -> Contact:
    return contact_log(
        logged_by=representative,
        contact_point=contact_point,
        customer=CustomerFactory(kind=kind),
        occurred_at=when or timezone.now() - timedelta(days=days_ago),
        outcome=outcome,
        duration_minutes=duration,
        score=score,
        comment=comment,
    )


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body, newline="")))


def read_contacts(response) -> list[dict[str, str]]:
    """The contact list's rows, after checking the trailer that says the file is complete."""
    *rows, trailer = read_csv(response)
    noun = "contact" if len(rows) == 1 else "contacts"
    assert trailer["contact"] == f"# Export complete: {len(rows)} {noun}."
    return rows


@pytest.fixture
def visit_point(department_b):
    return ContactPointFactory(
        name="Home visit", channel=ChannelFactory(name="Visit"), department=department_b, target_csat=None
    )


@pytest.fixture
def figures_data(staff_a, staff_b, staff_other, contact_point, visit_point):
    """Ana (department A): 12 rated contacts, 10 of them 4s or 5s; Bruno (A): 3; Olga (B): 2. Plus older ones."""
    ana = [log(staff_a, contact_point, score=5, comment="Lovely") for _ in range(6)]
    ana += [log(staff_a, contact_point, score=4, duration=20) for _ in range(4)]
    ana += [log(staff_a, contact_point, score=1, comment="Rude", outcome="unresolved", duration=None)]
    ana += [log(staff_a, contact_point, score=3, outcome="referred", kind=Customer.Kind.PROSPECT)]
    ana += [log(staff_a, visit_point)]
    bruno = [log(staff_b, contact_point, score=2), log(staff_b, contact_point, score=5), log(staff_b, contact_point)]
    olga = [log(staff_other, visit_point, score=1, comment="Never came"), log(staff_other, visit_point, score=5)]
    # The previous 30 days, and one contact long before both periods.
    before = [log(staff_a, contact_point, score=s, days_ago=40) for s in (5, 5, 4, 2)]
    before.append(log(staff_b, contact_point, score=1, days_ago=200))
    return {"ana": ana, "bruno": bruno, "olga": olga, "before": before}
