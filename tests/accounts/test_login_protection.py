"""Guessing passwords is pointless: failed logins lock the username and the address, before any hashing.

Failed attempts are rows in the database (django-axes' database handler),
so each test starts with none and leaves none behind. The tests lock after
three failures instead of the configured ten: the same mechanism, fewer
requests.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import ClassVar

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import User
from surveys.ratelimit import client_address

pytestmark = pytest.mark.django_db

LIMIT = 3
ADMIN_LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def _lock_after_three_failures(settings) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting every password it hashes (checking one hashes it too)."""

    calls: ClassVar[int] = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings) -> type[CountingHasher]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def log_in(client: Client, username: str, password: str, *, address: str = "192.0.2.10", path: str = "/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(username: str, times: int, *, address: str = "192.0.2.10", path: str = "/login/") -> list[int]:
    return [log_in(Client(), username, "wrong-guess", address=address, path=path).status_code for _ in range(times)]


def test_a_few_mistakes_then_the_right_password_logs_in(staff_a):
    assert fail("ana", LIMIT - 1) == [200] * (LIMIT - 1)

    client = Client()
    response = log_in(client, "ana", "password")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_username_is_locked_after_the_limit_from_any_address(staff_a):
    statuses = [log_in(Client(), "ana", "wrong-guess", address=f"198.51.100.{n}").status_code for n in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    client = Client()
    response = log_in(client, "ana", "password", address="203.0.113.99")
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_an_address_is_locked_after_the_limit_whatever_the_usernames(staff_a, staff_b):
    statuses = [log_in(Client(), f"guess{n}", "wrong-guess", address="192.0.2.66").status_code for n in range(LIMIT)]

    assert statuses == [200] * (LIMIT - 1) + [429]
    locked = Client()
    assert log_in(locked, "bruno", "password", address="192.0.2.66").status_code == 429
    assert not is_logged_in(locked)
    elsewhere = Client()
    assert log_in(elsewhere, "bruno", "password", address="192.0.2.67").status_code == 302
    assert is_logged_in(elsewhere)


def test_a_locked_out_attempt_never_reaches_the_password_hasher(staff_a, counting_hasher):
    fail("ana", LIMIT)
    # Each counted failure hashed once: a known user's password checked, or
    # an unknown user's hashed anyway so both take the same time.
    assert counting_hasher.calls == LIMIT

    log_in(Client(), "ana", "password", address="192.0.2.200")
    fail("ana", 5, address="192.0.2.201")
    fail("nobody-by-this-name", 5, address="192.0.2.10")

    assert counting_hasher.calls == LIMIT


def test_unknown_usernames_are_throttled_by_address_before_hashing(db, counting_hasher):
    fail("nobody-by-this-name", LIMIT, address="192.0.2.77")
    assert counting_hasher.calls == LIMIT

    statuses = [log_in(Client(), f"another-guess-{n}", "x", address="192.0.2.77").status_code for n in range(5)]

    assert statuses == [429] * 5
    assert counting_hasher.calls == LIMIT


def test_the_lockout_page_says_when_to_try_again_and_whom_to_ask(staff_a):
    fail("ana", LIMIT - 1)

    response = log_in(Client(), "ana", "wrong-guess")

    assert response.status_code == 429
    cool_off = django_settings.AXES_COOLOFF_TIME.total_seconds()
    assert cool_off - 60 < int(response["Retry-After"]) <= cool_off
    page = response.content.decode()
    last_failure = AccessAttempt.objects.get(username="ana").attempt_time
    retry_at = timezone.localtime(last_failure + django_settings.AXES_COOLOFF_TIME)
    assert "Too many failed logins" in page
    assert f"Try again after {retry_at:%H:%M}" in page
    assert "Ask an admin of Moments to unlock your login" in page
    assert 'href="/login/">Back to the login page' in page
    assert "<nav" in page  # in the layout, not a bare message


def test_the_lockout_page_keeps_its_time_when_tried_again(staff_a):
    fail("ana", LIMIT)
    attempt = AccessAttempt.objects.get(username="ana")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=5))

    response = log_in(Client(), "ana", "wrong-guess")

    assert response.status_code == 429
    remaining = django_settings.AXES_COOLOFF_TIME.total_seconds() - 5 * 60
    assert remaining - 60 < int(response["Retry-After"]) <= remaining
    assert AccessAttempt.objects.get(username="ana").failures_since_start == LIMIT


def test_the_lockout_lifts_once_the_cool_off_has_passed(staff_a):
    fail("ana", LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - django_settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

    client = Client()
    assert log_in(client, "ana", "password").status_code == 302
    assert is_logged_in(client)


def test_the_admin_login_is_protected_too(admin):
    statuses = fail("admin", LIMIT, path=ADMIN_LOGIN)

    assert statuses == [200] * (LIMIT - 1) + [429]
    client = Client()
    response = log_in(client, "admin", "password", address="203.0.113.5", path=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not is_logged_in(client)
    # Failures at either door count together: our login page is locked for admin as well.
    assert log_in(Client(), "admin", "password", address="203.0.113.6").status_code == 429


def test_an_admin_unlocks_a_username_with_the_management_command(staff_a):
    fail("ana", LIMIT)

    output = io.StringIO()
    call_command("axes_reset_username", "ana", stdout=output)
    assert "1 attempts removed" in output.getvalue()

    client = Client()
    assert log_in(client, "ana", "password").status_code == 302
    assert is_logged_in(client)


def test_an_admin_unlocks_a_username_from_the_admin_pages(staff_a, admin, as_user):
    fail("ana", LIMIT)
    attempt = AccessAttempt.objects.get(username="ana")
    admin_client = as_user(admin)
    listing = admin_client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "ana" in listing.content.decode()

    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    client = Client()
    assert log_in(client, "ana", "password").status_code == 302


def test_the_lockout_takes_the_address_the_way_the_survey_rate_limit_does(settings, staff_a, staff_b):
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is client_address

    # The proxy appends the real address; what the client put to its left is made up.
    for n in range(LIMIT):
        Client().post(
            "/login/",
            {"username": f"guess{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.50",
        )

    locked = Client().post(
        "/login/", {"username": "bruno", "password": "password"}, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.50"
    )
    other_customer = Client().post(
        "/login/", {"username": "bruno", "password": "password"}, HTTP_X_FORWARDED_FOR="203.0.113.51"
    )
    assert locked.status_code == 429
    assert other_customer.status_code == 302


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_socket(settings, staff_a):
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    client = Client()

    response = client.post(
        "/login/", {"username": "ana", "password": "wrong"}, HTTP_X_FORWARDED_FOR="<script>", REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="ana").ip_address == "192.0.2.9"


def test_a_successful_login_does_not_wipe_the_failures_of_its_address(staff_a, staff_b):
    # Otherwise a guesser with one real account could log in between guesses to reset the count.
    fail("bruno", LIMIT - 1)
    assert log_in(Client(), "ana", "password").status_code == 302

    assert fail("bruno", 1) == [429]


def test_a_username_in_other_letters_case_is_another_unknown_user_counted_on_its_own(staff_a: User):
    fail("ANA", LIMIT - 1, address="198.51.100.1")

    assert log_in(Client(), "ana", "password", address="198.51.100.2").status_code == 302


def test_an_admin_unlocks_an_address_with_the_management_command(staff_a):
    fail("someone-else", LIMIT, address="192.0.2.44")
    assert log_in(Client(), "ana", "password", address="192.0.2.44").status_code == 429

    call_command("axes_reset_ip", "192.0.2.44", stdout=io.StringIO())

    assert log_in(Client(), "ana", "password", address="192.0.2.44").status_code == 302


@pytest.mark.parametrize("persona", ["staff_a", "manager_a"])
def test_only_admins_see_or_clear_the_failed_logins(as_user, request, staff_b, persona):
    fail("bruno", LIMIT)
    attempt = AccessAttempt.objects.get(username="bruno")
    client = as_user(request.getfixturevalue(persona))

    listing = client.get("/admin/axes/accessattempt/")
    deleting = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 302 and listing["Location"].startswith("/admin/login/")
    assert deleting.status_code == 302 and deleting["Location"].startswith("/admin/login/")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
