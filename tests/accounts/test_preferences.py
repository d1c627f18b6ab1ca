"""Each person chooses the language Moments speaks to them; the choice follows their login, not the browser."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PREFERENCES = "/preferences/"


def test_the_nav_links_to_the_preferences_page(as_user, staff_a):
    response = as_user(staff_a).get(reverse("contact_log"))
    assert f'href="{PREFERENCES}"' in response.content.decode()


def test_the_page_offers_the_three_languages_and_the_browsers(as_user, staff_a):
    page = html.unescape(as_user(staff_a).get(PREFERENCES).content.decode())
    assert "Browser's language" in page
    for code in ("en-gb", "es", "th"):
        assert f'value="{code}"' in page


@pytest.mark.parametrize("persona", ["staff_a", "manager_a", "admin"])
def test_everyone_changes_their_own_language_and_only_theirs(request, persona, staff_b):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(PREFERENCES, {"language": "th"})
    assert response.status_code == 302
    user.refresh_from_db()
    staff_b.refresh_from_db()
    assert user.language == "th"
    assert staff_b.language == ""


def test_a_user_id_in_the_post_changes_nobody_else(as_user, staff_a, staff_b):
    as_user(staff_a).post(PREFERENCES, {"language": "es", "id": staff_b.pk, "pk": staff_b.pk, "user": staff_b.pk})
    staff_b.refresh_from_db()
    assert staff_b.language == ""
    assert User.objects.get(pk=staff_a.pk).language == "es"


def test_anonymous_visitors_are_sent_to_the_login_page_and_nothing_changes(staff_a):
    response = client_for(None).post(PREFERENCES, {"language": "th"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    staff_a.refresh_from_db()
    assert staff_a.language == ""


def test_the_chosen_language_holds_on_any_device_whatever_the_browser_asks(as_user, staff_a):
    as_user(staff_a).post(PREFERENCES, {"language": "es"})
    other_device = client_for(User.objects.get(pk=staff_a.pk))
    response = other_device.get(reverse("contact_log"), HTTP_ACCEPT_LANGUAGE="th,en;q=0.5")
    assert response["Content-Language"] == "es"
    assert "Registrar un contacto" in response.content.decode()


def test_without_a_choice_the_browser_decides(as_user, staff_a):
    response = as_user(staff_a).get(reverse("contact_log"), HTTP_ACCEPT_LANGUAGE="th")
    assert response["Content-Language"] == "th"


def test_choosing_the_browsers_language_clears_the_choice(as_user, staff_a):
    staff_a.language = "th"
    staff_a.save(update_fields=["language"])
    client = as_user(staff_a)
    response = client.post(PREFERENCES, {"language": ""})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.language == ""
    assert client.get(reverse("contact_log"), HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"


def test_the_confirmation_is_in_the_new_language(as_user, staff_a):
    client = as_user(staff_a)
    response = client.post(PREFERENCES, {"language": "es"}, follow=True)
    assert "Sus preferencias se han guardado." in response.content.decode()
    # Logged out, the login page keeps speaking it.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_an_unknown_language_is_refused_with_a_message_and_nothing_saved(as_user, staff_a):
    response = as_user(staff_a).post(PREFERENCES, {"language": "xx-klingon"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.language == ""


def test_a_stored_code_no_longer_offered_falls_back_without_an_error(as_user, staff_a):
    User.objects.filter(pk=staff_a.pk).update(language="fr")
    response = as_user(staff_a).get(reverse("contact_log"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"


@pytest.mark.parametrize(
    "header",
    ["", "*", "zz", "th;q=abc", ";;;,,,", "es-" + "x" * 300, "\x00th", "en;q=2.5,th;q=-1", "-", "th-TH-u-ca-buddhist"],
)
def test_a_malformed_accept_language_never_fails(header):
    response = client_for(None).get(reverse("login"), HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200


def test_the_login_page_switches_language_for_an_anonymous_visitor():
    client = client_for(None)
    page = client.get(reverse("login")).content.decode()
    assert 'action="/language/"' in page
    response = client.post("/language/", {"language": "th", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("login"))["Content-Language"] == "th"


def test_an_unknown_language_on_the_switch_changes_nothing():
    client = client_for(None)
    response = client.post("/language/", {"language": "xx", "next": reverse("login")})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get(reverse("login"))["Content-Language"] == settings.LANGUAGE_CODE


def test_the_switch_does_not_send_anyone_to_another_site():
    response = client_for(None).post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_switch_takes_no_get():
    assert client_for(None).get("/language/?language=th").status_code == 405
