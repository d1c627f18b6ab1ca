"""Refused, missing and failed pages keep people in the application, with a way back."""

from django.test import RequestFactory
from django.views.defaults import server_error


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
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
