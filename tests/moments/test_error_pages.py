"""Refused, missing and failed pages keep people in the application, with a way back, and never fail themselves."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import get_resolver

from moments.views.errors import DATABASE_RETRY_AFTER_SECONDS

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def browser_for(user) -> Client:
    """A client that checks CSRF like a real browser session, logged in, with its CSRF cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/log/")
    assert settings.CSRF_COOKIE_NAME in client.cookies
    return client


def test_a_refused_page_says_why_and_keeps_the_navigation(as_user, staff_a):
    response = as_user(staff_a).get("/configure/channels/")

    assert response.status_code == 403
    body = response.content.decode()
    assert "Only admins configure channels, departments and contact points." in body
    assert "Log a contact" in body
    assert 'href="/"' in body


def test_a_missing_page_keeps_the_navigation(as_user, staff_a):
    response = as_user(staff_a).get("/contacts/999999/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "Log a contact" in body


def test_a_server_error_page_needs_no_request_context(db):
    server_error = get_resolver().resolve_error_handler(500)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("path", ["/log/", "/contacts/", "/login/", "/logout/"])
@pytest.mark.parametrize("body", [b"a=b", "score=5&comment=hi".encode("utf-16")])
def test_a_form_in_an_encoding_django_refuses_is_a_400_page_in_the_layout(staff_a, path, body):
    # Django reads the form to check its CSRF token and refuses anything but UTF-8;
    # its own 400 and 500 handlers read the form again and failed with it.
    client = browser_for(staff_a)

    response = client.generic("POST", path, data=body, content_type=UTF16_FORM)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Moments could not read what your browser sent" in page
    assert "Log a contact" in page
    assert 'href="/"' in page


def test_a_host_we_do_not_serve_is_answered_400_not_500(as_user, staff_a):
    response = as_user(staff_a).get("/contacts/", HTTP_HOST="attacker.example")

    assert response.status_code == 400


def test_an_expired_form_explains_itself_in_the_layout_with_a_way_back(staff_a):
    client = browser_for(staff_a)

    response = client.post("/log/", {"notes": "no token"}, HTTP_REFERER="http://testserver/log/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "This form could not be sent" in page
    assert "The form had expired" in page
    assert 'href="http://testserver/log/">Back to the form' in page
    assert "Log a contact" in page


def test_a_form_sent_without_the_cookie_asks_to_allow_cookies(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "ana", "password": "password"}, HTTP_REFERER="https://evil.example/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Allow cookies for this site" in page
    assert "evil.example" not in page
    assert 'href="/">Back to the start page' in page


def test_a_database_error_reaching_the_500_handler_is_a_503_with_retry_after(db, django_assert_num_queries):
    server_error = get_resolver().resolve_error_handler(500)

    with django_assert_num_queries(0):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            response = server_error(RequestFactory().get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert "Moments cannot reach its database right now" in response.content.decode()
