"""The pages of the logging, contacts, configuration and account areas read in Thai and Spanish.

A Thai-speaking person (User.language = "th") opens every page; anything in
Latin letters on it must be the data the test created (names of people,
customers, contact points), a word the checker allows (Moments, CSAT…), or
one of the few words below, which Thai pages show as they are.
"""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

from accounts.forms import language_choices
from accounts.models import User
from moments.models import Channel, Contact
from tests.conftest import client_for
from tests.factories import ChannelFactory, ContactFactory, CustomerFactory, DepartmentFactory, RatingFactory
from tests.untranslated import english_on_page

pytestmark = pytest.mark.django_db

# Printed on every keyboard, Thai ones included; and each language's own name on the language choices.
KEY_NAMES = ["Ctrl+Enter", "Enter"]
LANGUAGE_NAMES = [name for _code, name in language_choices()]
# The areas above this one, whose pages and names have tests of their own.
OTHER_AREAS = ["surveys", "insights", "improvement"]


@pytest.fixture
def thai(staff_a: User) -> User:
    staff_a.language = "th"
    staff_a.save(update_fields=["language"])
    return staff_a


@pytest.fixture
def thai_admin(admin: User) -> User:
    admin.language = "th"
    admin.save(update_fields=["language"])
    return admin


@pytest.fixture
def world(thai: User, contact_point) -> dict[str, object]:
    customer = CustomerFactory(name="Maria Lopes", email="maria@example.org", external_ref="C-1001")
    contact = ContactFactory(
        representative=thai, contact_point=contact_point, customer=customer, notes="Called back", duration_minutes=12
    )
    RatingFactory(contact=contact, score=5, comment="Great help")
    data = [
        thai.name,
        thai.username,
        customer.name,
        customer.email,
        customer.external_ref,
        contact_point.name,
        contact_point.purpose,
        *contact_point.standard_items,
        contact_point.channel.name,
        contact_point.department.name,
        contact.notes,
        "Great help",
        *KEY_NAMES,
        *LANGUAGE_NAMES,
    ]
    return {"contact": contact, "data": data}


def english(response, data) -> list[str]:
    """The English words on the page, beyond the data and the organisation's name (a setting, not ours to translate)."""
    assert response.status_code in (200, 400, 403, 404, 429, 500, 503), response.status_code
    return english_on_page(response.content.decode(), data=[*data, settings.ORGANISATION_NAME, *channels()])


def channels() -> list[str]:
    """The channels' names and descriptions: the organisation's data (a migration seeds the usual ones)."""
    return [text for row in Channel.objects.values_list("name", "description") for text in row if text]


def other_areas() -> list[str]:
    """How the admin's menu names the apps of the other areas and their models: their own tests check them."""
    names = []
    with translation.override("en"):
        for label in OTHER_AREAS:
            config = django_apps.get_app_config(label)
            names.append(str(config.verbose_name))
            names += [str(model._meta.verbose_name_plural).capitalize() for model in config.get_models()]
    return names


@pytest.mark.parametrize(
    "path",
    [
        "/log/",
        "/log/standard/",
        "/log/customers/?customer_search=ซซ",
        "/contacts/",
        "/contacts/?date_from=9999-99-99",
        "/contacts/{contact}/",
        "/contacts/{contact}/correct/",
        "/preferences/",
        "/contacts/999999/",
        "/configure/channels/",
    ],
)
def test_a_thai_speakers_pages_have_no_english(thai, world, path):
    client = client_for(thai)
    contact: Contact = world["contact"]
    response = client.get(path.format(contact=contact.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "th"
    assert english(response, world["data"]) == []


def test_the_logging_form_with_its_errors_has_no_english(thai, world):
    response = client_for(thai).post("/log/", {"rating_method": "staff", "occurred_at": "2000-01-01T00:00"})
    assert response.status_code == 200
    assert english(response, world["data"]) == []


@pytest.mark.parametrize(
    "path",
    [
        "/configure/channels/",
        "/configure/channels/?status=retired",
        "/configure/channels/new/",
        "/configure/channels/{channel}/",
        "/configure/channels/{channel}/delete/",
        "/configure/channels/{used_channel}/delete/",
        "/configure/departments/",
        "/configure/departments/?status=all",
        "/configure/departments/new/",
        "/configure/departments/{department}/",
        "/configure/departments/{department}/delete/",
        "/configure/contact-points/",
        "/configure/contact-points/?status=retired",
        "/configure/contact-points/new/",
        "/configure/contact-points/{contact_point}/",
        "/configure/contact-points/{contact_point}/delete/",
    ],
)
def test_the_configuration_pages_have_no_english(thai_admin, world, contact_point, path):
    channel = ChannelFactory(name="Walk-in")
    department = DepartmentFactory(name="Returns desk")
    url = path.format(
        channel=channel.pk,
        used_channel=contact_point.channel_id,
        department=department.pk,
        contact_point=contact_point.pk,
    )
    response = client_for(thai_admin).get(url)
    data = [*world["data"], thai_admin.name, channel.name, department.name]
    assert english(response, data) == []


def test_a_configuration_form_with_errors_has_no_english(thai_admin, world, contact_point):
    response = client_for(thai_admin).post("/configure/contact-points/new/", {"target_csat": "140"})
    assert response.status_code == 200
    assert english(response, [*world["data"], thai_admin.name]) == []


def test_the_admins_contact_list_has_no_english(thai_admin, world):
    response = client_for(thai_admin).get(reverse("admin:moments_contact_changelist"))
    assert response.status_code == 200
    people = [thai_admin.name, thai_admin.first_name, thai_admin.username]
    assert english(response, [*world["data"], *people, *other_areas()]) == []


def test_the_login_page_in_thai_has_no_english(db):
    response = client_for(None).get("/login/", HTTP_ACCEPT_LANGUAGE="th")
    assert english(response, LANGUAGE_NAMES) == []


def test_the_lockout_page_in_thai_has_no_english(db, settings):
    client = client_for(None)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 429
    assert english(response, ["nobody"]) == []


def test_the_refusal_pages_in_thai_have_no_english(thai, world):
    client = client_for(thai)
    refused = client.get("/configure/channels/")
    assert refused.status_code == 403
    assert english(refused, world["data"]) == []
    csrf = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="th").post("/login/", {"username": "x"})
    assert csrf.status_code == 403
    assert english(csrf, ["x"]) == []


def test_a_form_django_cannot_read_answers_in_thai(thai, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(thai)
    client.get("/log/")
    response = client.generic(
        "POST", "/log/", data="a=b".encode("utf-16"), content_type="application/x-www-form-urlencoded; charset=utf-16"
    )
    assert response.status_code == 400
    assert english(response, world["data"]) == []


@pytest.mark.parametrize("status", [500, 503])
def test_the_server_error_pages_in_thai_have_no_english(db, status):
    from django.db import OperationalError

    server_error = get_resolver().resolve_error_handler(500)
    with translation.override("th"):
        if status == 503:
            try:
                raise OperationalError("gone")
            except OperationalError:
                response = server_error(RequestFactory().get("/"))
        else:
            response = server_error(RequestFactory().get("/"))
    assert response.status_code == status
    assert english(response, []) == []


def test_a_spanish_speaker_reads_the_logging_pages_in_spanish(staff_a, world):
    staff_a.language = "es"
    staff_a.save(update_fields=["language"])
    client = client_for(staff_a)
    contact: Contact = world["contact"]

    logging = client.get("/log/").content.decode()
    assert "Registrar un contacto" in logging
    assert "Guardar contacto" in logging
    assert "Cliente nuevo" in logging
    assert "Resuelto" in logging
    contacts = client.get("/contacts/").content.decode()
    assert "Mis contactos" in contacts
    assert "1 contacto" in contacts
    detail = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Valoración del cliente" in detail
    assert "Muy satisfecho" in detail
    assert "Cerrar sesión" in detail
    assert client.get("/preferences/").content.decode().count("Sus preferencias") >= 2
    assert settings.LANGUAGE_CODE != "es"
