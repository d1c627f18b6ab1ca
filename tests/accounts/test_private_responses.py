"""Pages with customer data are never kept by a browser's cache or a proxy; static files still are."""

from __future__ import annotations

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils.cache import get_max_age

from accounts.models import User
from moments.models import ContactPoint
from tests.factories import ContactFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private(response) -> None:
    assert {"private", "no-store"} <= cache_directives(response), response.get("Cache-Control")
    assert "public" not in cache_directives(response)


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("staff_a", "/", 302),
        ("staff_a", "/log/", 200),
        ("staff_a", "/contacts/", 200),
        ("staff_a", "/contacts/{contact}/", 200),
        ("staff_a", "/contacts/{contact}/invitation/", 200),
        ("staff_b", "/contacts/{contact}/", 404),
        ("manager_a", "/insights/", 200),
        ("manager_a", "/insights/moments/", 200),
        ("manager_a", "/insights/export/figures.csv", 200),
        ("manager_a", "/insights/export/contacts.csv", 200),
        ("staff_a", "/configure/channels/", 403),
        ("admin", "/configure/contact-points/", 200),
        ("admin", "/admin/moments/contact/", 200),
    ],
)
def test_every_page_behind_the_login_is_private_and_not_stored(
    as_user, request, persona: str, path: str, status: int, staff_a: User, contact_point: ContactPoint
):
    contact = ContactFactory(representative=staff_a, contact_point=contact_point)
    SurveyInvitationFactory(contact=contact)
    client = as_user(request.getfixturevalue(persona))

    response = client.get(path.format(contact=contact.pk))

    assert response.status_code == status
    assert_private(response)


def test_the_streamed_contacts_export_is_private_and_not_stored(as_user, manager_a, staff_a, contact_point):
    ContactFactory(representative=staff_a, contact_point=contact_point)

    response = as_user(manager_a).get("/insights/export/contacts.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert_private(response)


def test_the_public_survey_page_is_private_and_not_stored_for_the_customer(db, staff_a, contact_point):
    # It shows the customer's contact, and the customer has no session.
    invitation = SurveyInvitationFactory(contact=ContactFactory(representative=staff_a, contact_point=contact_point))

    response = Client().get(f"/r/{invitation.token}/")

    assert response.status_code == 200
    assert_private(response)


def test_static_files_keep_their_own_caching_for_someone_logged_in(as_user, staff_a):
    response = as_user(staff_a).get("/static/css/moments.css")

    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)
    assert get_max_age(response) is not None


def test_the_login_page_for_a_stranger_is_not_stored_either(db):
    assert_private(Client().get("/login/"))
