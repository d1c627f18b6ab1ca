"""Two customers' browsers (or one double tap) submitting the same link at the same moment."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from django.test import Client

from moments.models import Rating
from surveys import services

pytestmark = [
    # Needs row locks (SELECT … FOR UPDATE) between two connections; SQLite has neither. CI runs PostgreSQL.
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMITTERS = 2


def test_two_simultaneous_submissions_make_exactly_one_rating(invitation, monkeypatch):
    real_rating_record = services.rating_record

    def slow_rating_record(**kwargs):
        # Hold the critical section open long enough that, without the lock,
        # both submissions would be inside it at once.
        time.sleep(0.3)
        return real_rating_record(**kwargs)

    monkeypatch.setattr(services, "rating_record", slow_rating_record)
    barrier = threading.Barrier(SUBMITTERS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def submit(score: int) -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            statuses.append(client.post(f"/r/{invitation.token}/", {"score": str(score)}).status_code)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(score,)) for score in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(statuses) == [302, 409]  # one recorded; the other told "already rated"
    assert Rating.objects.filter(contact=invitation.contact).count() == 1
    invitation.refresh_from_db()
    assert invitation.answered_at is not None


def test_a_link_and_the_kiosk_racing_make_exactly_one_rating(invitation, monkeypatch):
    """The contact row lock in rating_record covers two different ways of answering."""
    real_rating_record = services.rating_record

    def slow_rating_record(**kwargs):
        time.sleep(0.3)
        return real_rating_record(**kwargs)

    monkeypatch.setattr(services, "rating_record", slow_rating_record)
    barrier = threading.Barrier(SUBMITTERS)
    outcomes: list[str] = []

    def by_link() -> None:
        try:
            barrier.wait(timeout=10)
            services.invitation_answer(invitation=invitation, score=4)
            outcomes.append("rated")
        except services.RatingAlreadyGiven:
            outcomes.append("already")
        finally:
            connections.close_all()

    def by_kiosk() -> None:
        try:
            barrier.wait(timeout=10)
            services.kiosk_answer(contact=invitation.contact, submitted_by=invitation.contact.representative, score=1)
            outcomes.append("rated")
        except services.RatingAlreadyGiven:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=by_link), threading.Thread(target=by_kiosk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already", "rated"]
    assert Rating.objects.filter(contact=invitation.contact).count() == 1
