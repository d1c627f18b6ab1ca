"""A database that cannot be reached is a 503 with Retry-After, and the app recovers when it is back.

The outage is real: the connection is pointed at a port where no server
listens, so psycopg's own connect fails the way it does when PostgreSQL is
down or restarting. It needs a connection that is not wrapped in the test's
transaction (transactional_db), and is restored before the database is
flushed.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from moments.views.errors import DATABASE_RETRY_AFTER_SECONDS

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]


def _closed_port() -> int:
    """A loopback port nobody listens on: bound by us for a moment, then let go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable() -> Iterator[None]:
    settings_dict = connection.settings_dict
    address = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", _closed_port()
    try:
        yield
    finally:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = address


@pytest.fixture
def logged_in(staff_a: User) -> Client:
    # Errors are answered as pages here, as they are in production, not re-raised into the test.
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    return client


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    assert "Moments cannot reach its database right now" in response.content.decode()


def test_a_page_behind_login_is_503_with_retry_after_while_the_database_is_down(logged_in):
    assert logged_in.get("/contacts/").status_code == 200

    with database_unreachable():
        response = logged_in.get("/contacts/")

    assert_unavailable(response)
    assert "no-store" in response["Cache-Control"]


def test_logging_in_during_an_outage_is_503_not_500(db):
    client = Client(raise_request_exception=False)

    with database_unreachable():
        response = client.post("/login/", {"username": "ana", "password": "password"})

    assert_unavailable(response)


def test_a_missing_page_during_an_outage_is_still_a_404_in_plain_text(logged_in):
    # The 404 page's layout needs the user, who is in the database: plain text instead.
    with database_unreachable():
        response = logged_in.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "Not found" in response.content.decode()


def test_healthz_stays_503_until_the_database_is_back(logged_in):
    with database_unreachable():
        first = logged_in.get("/healthz")
        second = logged_in.get("/healthz")

    assert (first.status_code, second.status_code) == (503, 503)
    assert first.json()["database"] == "unreachable"
    assert first["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    back = logged_in.get("/healthz")
    assert back.status_code == 200
    assert back.json() == {"status": "ok", "database": "ok"}
    assert logged_in.get("/contacts/").status_code == 200
