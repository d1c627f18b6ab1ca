"""Every page of Moments, opened by a Thai-speaking person, shows no English.

The routes come from the URLconf, as in the access matrix: each page a GET
answers with HTML is opened by whoever may open it (the admin, or the
contact's own representative for what only they may do, or nobody at all
for the customer's survey), with the browser asking for Thai. The data are
written in Thai too, so any run of Latin letters left on the page is a
string nobody marked or translated (tests/untranslated.py).

A route that needs an object this test does not know how to make fails with
a message saying so: a new page cannot slip past the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import get_language_info

from accounts.models import User
from moments.models import Channel
from surveys.models import InvitationMethod
from tests.factories import (
    AdminFactory,
    ChannelFactory,
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    DepartmentFactory,
    ManagerFactory,
    RatingFactory,
    SurveyInvitationFactory,
    UserFactory,
)
from tests.test_access_matrix import OWN_ROUTES, Route
from tests.untranslated import english_on_page

pytestmark = pytest.mark.django_db

THAI = {"HTTP_ACCEPT_LANGUAGE": "th"}
# Pages that are not HTML for a person to read, or not pages at all.
NOT_PAGES = {"healthz", "insights_contacts_export", "insights_export", "customer_search", "contact_point_standard"}
# What only the contact's own representative may open.
REPRESENTATIVES_ONLY = {"contact_correct", "survey_kiosk"}


@dataclass
class World:
    admin: User
    representative: User
    objects: dict[str, object]


@pytest.fixture
def world(db) -> World:
    department = DepartmentFactory(name="ฝ่ายบริการลูกค้า")
    representative = UserFactory(username="somchai", first_name="สมชาย", last_name="ใจดี", department=department)
    ManagerFactory(
        username="malee", first_name="มาลี", last_name="สุขใจ", department=department, managed_departments=[department]
    )
    admin = AdminFactory(username="admin", first_name="อรุณ", last_name="แสงทอง")
    channel = ChannelFactory(name="โทรศัพท์")
    point = ContactPointFactory(
        name="สายด่วนช่วยเหลือ",
        channel=channel,
        department=department,
        purpose="แก้ปัญหาทางเทคนิคของลูกค้าทางโทรศัพท์",
        service_standard="รับสายภายในสามครั้ง\nแนะนำตัว",
    )
    customer = CustomerFactory(name="กมล วงศ์ไทย", email="kamol@example.org")
    rated = RatingFactory(
        contact__representative=representative,
        contact__contact_point=point,
        contact__customer=customer,
        contact__notes="ลูกค้าพอใจมาก",
        score=5,
        comment="บริการดีมาก",
    ).contact
    poor = RatingFactory(
        contact__representative=representative, contact__contact_point=point, contact__customer=customer, score=1
    ).contact
    link = SurveyInvitationFactory(
        contact=ContactFactory(representative=representative, contact_point=point, customer=customer)
    )
    kiosk = SurveyInvitationFactory(
        contact=ContactFactory(
            representative=representative, contact_point=point, customer=customer, logged_at=timezone.now()
        ),
        method=InvitationMethod.KIOSK,
    )
    return World(
        admin=admin,
        representative=representative,
        objects={
            "channel": channel,
            "department": department,
            "contact_point": point,
            "contact": rated,
            "poor": poor,
            "link": link,
            "kiosk": kiosk.contact,
        },
    )


def _object_for(route: Route, world: World) -> object:
    name = route.name
    if name in {"survey_kiosk", "survey_kiosk_thanks", "contact_correct"}:
        return world.objects["kiosk"]
    for prefix, key in (
        ("channel_", "channel"),
        ("department_", "department"),
        ("contact_point_", "contact_point"),
        ("insights_channel", "channel"),
        ("insights_contact_point", "contact_point"),
    ):
        if name.startswith(prefix):
            return world.objects[key]
    if name == "insights_representative":
        return world.representative
    if name.startswith("survey_invit"):
        return world.objects["link"].contact
    if name.startswith("contact_"):
        return world.objects["contact"]
    raise AssertionError(f"No object for {name} ({route.pattern}): say which one in _object_for")


def _path(route: Route, world: World) -> str:
    converters = re.findall(r"<(?:(\w+):)?(\w+)>", route.pattern)
    path = route.pattern
    for converter, argument in converters:
        if argument == "token":
            value = world.objects["link"].token
        elif argument == "pk":
            value = _object_for(route, world).pk
        else:
            raise AssertionError(f"No value for <{converter}:{argument}> in {route.pattern}")
        path = path.replace(f"<{converter}:{argument}>" if converter else f"<{argument}>", str(value))
    return "/" + path.lstrip("^").rstrip("$")


def _pages() -> Iterator[Route]:
    for route in OWN_ROUTES:
        if route.name not in NOT_PAGES:
            yield route


def _data(world: World) -> list[str]:
    """What is on the page as the organisation wrote it, not as Moments says it.

    The organisation's name, the channels its installation started with (the
    migrations' defaults, which it renames as it likes), logins and e-mail
    addresses and the survey's link; each language named in its own words on a language switch;
    the keys of a keyboard, as printed on them.
    """
    channels = Channel.objects.values_list("name", "description")
    codes = {part for code, _name in settings.LANGUAGES for part in (code, code.split("-")[0])}
    languages = [str(get_language_info(code)["name_local"]) for code in codes]
    return [
        settings.ORGANISATION_NAME,
        *(text for pair in channels for text in pair),
        *languages,
        *(name.capitalize() for name in languages),
        f"http://testserver/r/{world.objects['link'].token}/",
        "kamol@example.org",
        "somchai",
        "malee",
        "admin",
        "Ctrl",
        "Enter",
    ]


@pytest.mark.parametrize("route", list(_pages()), ids=lambda route: route.name)
def test_the_page_speaks_thai(route: Route, world: World):
    reader = world.representative if route.name in REPRESENTATIVES_ONLY else world.admin
    client = Client(**THAI)
    if not route.name.startswith("survey_respond"):
        client.force_login(reader)

    response = client.get(_path(route, world), follow=True)

    if response.status_code == 405 or "html" not in response.get("Content-Type", ""):
        return  # a POST-only route: its answers are the pages it leads to, checked as such
    assert response.status_code == 200, response.status_code
    assert response.headers.get("Content-Language") == "th"
    english = english_on_page(response.content.decode(), data=_data(world))
    assert english == [], "English on the Thai page: " + " ".join(dict.fromkeys(english))
