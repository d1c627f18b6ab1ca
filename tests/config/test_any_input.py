"""Whatever anyone types into a URL or a form, the answer is a page or a refusal, never a server error.

Arbitrary query strings (random keys and values, huge numbers, dates at and
past the calendar's ends, NUL bytes, other scripts' digits, repeated keys)
go to every page that reads one, as an admin and as a staff member; garbage
is posted to the logging form and the configuration forms. The test client
raises whatever a view raises, so a server error fails the example with its
traceback rather than as a bare 500.

Deterministic (derandomize): CI runs the same examples every time, and a
failure found here is found again on the next run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Department, User
from insights.views.exports import TABLES
from moments.models import Channel, Contact, ContactPoint, Customer
from moments.services import contact_log
from tests.conftest import client_for
from tests.factories import AdminFactory, ChannelFactory, ContactPointFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

# The values that have broken (or nearly broken) parsers before, or sit at a
# boundary of one: the calendar's ends, integers past 32 and 64 bits, floats
# Python reads and databases do not, digits that str.isdigit() accepts.
NASTY_VALUES = [
    "0000-00-00",
    "0001-01-01",
    "1999-12-31",
    "2000-01-01",
    "2999-12-31",
    "3000-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "2147483648",
    "32768",
    "-1",
    "0",
    "1e309",
    "nan",
    "inf",
    "\x00",
    "1\x00",
    "٣",
    "²",
    "１",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "",
    " ",
    "true",
    "false",
    "on",
    "custom",
    "quarter",
    "7",
    "30",
    "current",
    "prospect",
    "resolved",
    "link",
    "all",
    "retired",
    "1",
    "5",
    "-occurred_at",
    "0.1.2",
]
# Every name a page reads, and the admin's own (its date drill-down, ordering, page, search).
QUERY_KEYS = [
    "date_from",
    "date_to",
    "period",
    "department",
    "channel",
    "contact_point",
    "representative",
    "customer_kind",
    "outcome",
    "rated",
    "score",
    "rating_source",
    "commented",
    "timed",
    "page",
    "status",
    "customer_search",
    "q",
    "o",
    "p",
    "e",
    "all",
    "occurred_at__year",
    "occurred_at__month",
    "occurred_at__day",
    "created_at__year",
    "created_at__month",
    "created_at__day",
    "channel__id__exact",
    "department__id__exact",
    "outcome__exact",
    "is_active__exact",
    "role__exact",
]
values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
pairs = st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=12)), values), max_size=8)
# Query strings no browser would send: broken escapes, bytes that are no UTF-8, empty pairs.
RAW_QUERIES = ["%", "%ZZ=1", "date_to=%FF%FE", "&&==&", "=", "page", "date_to", "a=1&a=2&a=%00", ";;;", "%E2%82"]
query_strings = st.one_of(pairs.map(urlencode), st.sampled_from(RAW_QUERIES))


@dataclass(frozen=True)
class World:
    admin: User
    staff: User
    channel: Channel
    contact_point: ContactPoint
    department: Department
    contact: Contact


@pytest.fixture
def world(db: None) -> World:
    """Two people, a contact point and a few contacts (rated, commented), logged as the service logs them."""
    department = Department.objects.create(name="Input")
    staff = UserFactory(username="input-staff", department=department)
    admin = AdminFactory(username="input-admin")
    channel = ChannelFactory(name="Input phone")
    contact_point = ContactPointFactory(name="Input desk", channel=channel, department=department)
    now = timezone.now()
    contacts = [
        contact_log(
            logged_by=staff,
            contact_point=contact_point,
            customer=CustomerFactory(name=f"Customer {score}"),
            occurred_at=now - timedelta(days=score),
            outcome=Contact.Outcome.RESOLVED,
            duration_minutes=5,
            score=score,
            comment="=HYPERLINK(1)" if score == 1 else "Fine",
        )
        for score in (1, 3, 5)
    ]
    return World(admin, staff, channel, contact_point, department, contacts[0])


def get_urls(world: World) -> list[str]:
    """Every page that reads a query string."""
    urls = [
        reverse("home"),
        reverse("contact_list"),
        reverse("contact_log"),
        reverse("customer_search"),
        reverse("contact_point_standard"),
        reverse("channel_list"),
        reverse("department_list"),
        reverse("contact_point_list"),
        reverse("insights_overview"),
        reverse("insights_channel", args=[world.channel.pk]),
        reverse("insights_contact_point", args=[world.contact_point.pk]),
        reverse("insights_representative", args=[world.staff.pk]),
        reverse("insights_departments"),
        reverse("insights_moments"),
        reverse("insights_contacts_export"),
        *(reverse("insights_export", args=[table]) for table in TABLES),
    ]
    admin_lists = [
        "accounts/user",
        "accounts/department",
        "moments/channel",
        "moments/contactpoint",
        "moments/customer",
        "moments/contact",
        "moments/rating",
        "surveys/surveyinvitation",
        "surveys/ratingcorrection",
    ]
    return urls + [f"/admin/{name}/" for name in admin_lists]


def read_all(response: HttpResponse) -> bytes:
    """The whole body; a streamed export fails, if it fails, only while it is read."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    return {"admin": client_for(world.admin), "staff": client_for(world.staff)}


# Function-scoped fixtures are shared by the examples on purpose: the GETs
# change nothing, so one world serves them all. The too_slow check is off
# because each example renders a whole dashboard or admin page (tens of
# milliseconds, more on a loaded machine): slow examples are what this test
# is made of, not a sign of a bad strategy.
GET_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@GET_SETTINGS
@given(data=st.data(), persona=st.sampled_from(["admin", "staff"]), query=query_strings)
def test_no_query_string_makes_any_page_fail(world, clients, data, persona, query):
    url = data.draw(st.sampled_from(get_urls(world)), label="url")
    response = clients[persona].get(url, QUERY_STRING=query)
    read_all(response)
    assert response.status_code < 500, (url, query)


# The edges every parser must survive, several to a request so that three requests reach them all:
# the calendar's ends, numbers past any column, NUL (which PostgreSQL refuses in any string).
NASTY_QUERIES = [
    "date_to=9999-12-31&occurred_at__year=9999&occurred_at__month=12&occurred_at__day=31"
    "&created_at__year=9999&created_at__month=12&page=99999999999999999999&p=99999999999999999999&o=9999999999",
    "date_from=0001-01-01&date_to=0001-01-01&occurred_at__year=1&occurred_at__month=1&occurred_at__day=1"
    "&created_at__year=1&created_at__month=1&q=%00&customer_search=%00&status=%00&e=%00",
    "period=custom&date_from=9999-12-31&date_to=9999-12-31&department=99999999999999999999"
    "&channel=-99999999999999999999&contact_point=1e309&representative=%00&created_at__year=10000&score=%00"
    "&channel__id__exact=99999999999999999999&outcome__exact=%00&is_active__exact=2&role__exact=%00",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_the_known_troublemakers_on_every_page(world, clients, query):
    """Every page gets every one, as both personas."""
    for url in get_urls(world):
        for persona, client in clients.items():
            response = client.get(url, QUERY_STRING=query)
            read_all(response)
            assert response.status_code < 500, (persona, url, query)


# --- ids in URLs ---------------------------------------------------------------

# Past a 32-bit and a 64-bit integer column, and far past both.
HUGE_IDS = [2**31, 2**63, 10**30]
ADMIN_CHANGE_PAGES = ["moments/contact", "moments/rating", "accounts/user", "surveys/surveyinvitation"]


def routes_with_ids() -> list[str]:
    """Every named route of ours that takes an integer id, read from the URLconf, so a new one is covered."""

    def walk(patterns: list[URLPattern | URLResolver]) -> Iterator[URLPattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    return sorted(
        pattern.name
        for pattern in walk(get_resolver().url_patterns)
        if pattern.name and [type(c) for c in pattern.pattern.converters.values()] == [IntConverter]
    )


def test_every_route_with_an_id_is_found():
    assert {"contact_detail", "insights_channel", "channel_retire", "survey_kiosk"} <= set(routes_with_ids())


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_an_id_too_big_for_the_database_is_not_found(world, clients, huge):
    for name in routes_with_ids():
        url = reverse(name, args=[huge])
        for persona, client in clients.items():
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code in (302, 403, 404, 405), (persona, method, url)
    for model in ADMIN_CHANGE_PAGES:
        for suffix in ("change/", "delete/", "history/"):
            response = clients["admin"].get(f"/admin/{model}/{huge}/{suffix}")
            assert response.status_code == 302, (model, suffix)


# --- forms -------------------------------------------------------------------

LOG_FIELDS = [
    "contact_point",
    "customer",
    "new_customer_name",
    "new_customer_kind",
    "new_customer_email",
    "new_customer_phone",
    "occurred_at",
    "duration_minutes",
    "outcome",
    "notes",
    "rating_method",
    "score",
    "comment",
]
DATETIMES = [
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "10000-01-01T00:00",
    "0000-00-00T00:00",
    "2026-03-29T02:30",
    "2026-10-25T02:30",
    "9999-12-31 23:59:59.999999",
]
form_values = st.one_of(values, st.sampled_from(DATETIMES), st.text(max_size=300))


def post_and_roll_back(client: Client, url: str, data: dict[str, Any], counted: list[type]) -> tuple[int, list[int]]:
    """POST, then undo whatever it saved, so each example starts from the same world; returns what it changed."""
    with transaction.atomic():
        before = [model.objects.count() for model in counted]
        response = client.post(url, data)
        after = [model.objects.count() for model in counted]
        transaction.set_rollback(True)
    return response.status_code, [a - b for a, b in zip(after, before, strict=True)]


FORM_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FORM_SETTINGS
@given(data=st.dictionaries(st.sampled_from(LOG_FIELDS), form_values, max_size=10), with_point=st.booleans())
def test_garbage_posted_to_the_logging_form_saves_nothing(world, clients, data, with_point):
    if with_point:
        data = {"contact_point": str(world.contact_point.pk), "outcome": "resolved", "rating_method": "none", **data}
    status, changes = post_and_roll_back(clients["staff"], reverse("contact_log"), data, [Contact, Customer])
    assert status in (200, 302)
    if status == 200:
        assert changes == [0, 0]
    else:
        assert changes[0] == 1


CONFIG_FIELDS = {
    "channel": ["name", "description", "default_rating_method", "is_active"],
    "department": ["name", "is_active"],
    "contact_point": [
        "name",
        "channel",
        "department",
        "purpose",
        "service_standard",
        "target_csat",
        "rating_method",
        "asks_effort",
        "is_active",
    ],
}
MODELS = {"channel": Channel, "department": Department, "contact_point": ContactPoint}


@FORM_SETTINGS
@given(
    section=st.sampled_from(sorted(CONFIG_FIELDS)),
    editing=st.booleans(),
    data=st.dictionaries(
        st.sampled_from(sorted({f for fields in CONFIG_FIELDS.values() for f in fields})), form_values
    ),
)
def test_garbage_posted_to_the_configuration_forms_saves_nothing(world, clients, section, editing, data):
    existing = {"channel": world.channel, "department": world.department, "contact_point": world.contact_point}
    url = reverse(f"{section}_edit", args=[existing[section].pk]) if editing else reverse(f"{section}_create")
    rows = MODELS[section].objects.all()
    before = (list(rows.values()), rows.count())
    with transaction.atomic():
        response = clients["admin"].post(url, data)
        after = (list(rows.values()), rows.count())
        transaction.set_rollback(True)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert after == before


@FORM_SETTINGS
@given(data=st.dictionaries(st.sampled_from(["outcome", "notes"]), form_values))
def test_garbage_posted_to_the_contact_correction_saves_nothing(world, clients, data):
    url = reverse("contact_correct", args=[world.contact.pk])
    before = Contact.objects.filter(pk=world.contact.pk).values("outcome", "notes").get()
    with transaction.atomic():
        response = clients["staff"].post(url, data)
        after = Contact.objects.filter(pk=world.contact.pk).values("outcome", "notes").get()
        transaction.set_rollback(True)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert after == before
