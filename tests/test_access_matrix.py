"""Who gets what, for every route of the URLconf: six personas, every method, objects inside and outside each scope.

The routes come from the URLconf itself, so a new page cannot be forgotten:
a route with no line in EXPECTED fails `test_every_route_answers_as_written`
with a message that says which line to add. A line reads

    "contact_detail": Expect(LOGIN, on=CONTACTS, GET=200),

and from it the test works out every persona's answer, in this order:

1. the gate (`PUBLIC`, `LOGIN`, `MANAGERS`, `ADMINS`): anonymous visitors of
   a page behind a login are sent to the login page; a logged-in persona
   the gate keeps out gets its refusal (403 for the admins' pages, 404 for
   the managers' ones, as for anything a person may not see);
2. the method: one the line does not name (of GET, POST, PUT, PATCH,
   DELETE) is a 405;
3. the object: each of the route's targets (`on=`) is filled into the URL
   in turn, and a persona outside that target's scope gets a 404, never a
   403, so nothing tells them the object exists;
4. otherwise the status written for the method: a number, or a dict by
   persona (`{"representative": 200, "*": 403}`: the contact's own
   representative, everyone else).

Every refused request must leave the database as it was: the test takes a
fingerprint of every table before and after the refusals and compares them.
Requests that are answered (a retire, a delete) are rolled back one by one,
so each persona meets the same objects.

The data is built once for the module (once per xdist worker that runs some
of it), inside a transaction rolled back at the end.

The Django admin is one expectation for a sample of its pages (the index and
each registered model's changelist, add and change pages): the admin gets
the page, everyone else is sent to the admin's login and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin as django_admin
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Department, User
from moments.models import Channel, Contact, ContactPoint
from surveys.models import SurveyInvitation
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

pytestmark = pytest.mark.django_db

# Personas

ANONYMOUS = "anonymous"
STAFF_A = "staff_a"  # Ana, department A
STAFF_OTHER = "staff_other"  # Olga, department B
MANAGER_A = "manager_a"  # Marta manages A
MANAGER_B = "manager_b"  # Mario manages B
ADMIN = "admin"  # Ada
PERSONAS = (ANONYMOUS, STAFF_A, STAFF_OTHER, MANAGER_A, MANAGER_B, ADMIN)
LOGGED_IN = frozenset(PERSONAS) - {ANONYMOUS}
EVERYONE = frozenset(PERSONAS)
# Who may see what Ana (department A) or Olga (department B) did.
ANAS_SCOPE = frozenset({STAFF_A, MANAGER_A, ADMIN})
OLGAS_SCOPE = frozenset({STAFF_OTHER, MANAGER_B, ADMIN})

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Gates: who passes, and what the others get.


@dataclass(frozen=True)
class Gate:
    name: str
    passes: frozenset[str]
    refusal: int | None  # for the logged-in personas it keeps out; anonymous visitors go to the login page


PUBLIC = Gate("public", EVERYONE, None)
LOGIN = Gate("login", LOGGED_IN, None)
MANAGERS = Gate("managers and admins", frozenset({MANAGER_A, MANAGER_B, ADMIN}), 404)
ADMINS = Gate("admins", frozenset({ADMIN}), 403)

# Targets: the objects filled into a route's URL, and who is inside each one's scope.


@dataclass(frozen=True)
class Target:
    label: str
    kwargs: Callable[[World], dict[str, Any]]
    seen_by: frozenset[str]
    representative: str | None = None


NO_OBJECT = (Target("no object", lambda w: {}, EVERYONE),)
CONTACTS = (
    Target("Ana's contact", lambda w: {"pk": w.contacts["ana"].pk}, ANAS_SCOPE, STAFF_A),
    Target("her teammate Bruno's contact", lambda w: {"pk": w.contacts["bruno"].pk}, frozenset({MANAGER_A, ADMIN})),
    Target("Olga's contact (department B)", lambda w: {"pk": w.contacts["olga"].pk}, OLGAS_SCOPE, STAFF_OTHER),
)
KIOSK_CONTACTS = (
    Target("Ana's kiosk contact", lambda w: {"pk": w.kiosk["ana"].pk}, ANAS_SCOPE),
    Target("Olga's kiosk contact", lambda w: {"pk": w.kiosk["olga"].pk}, OLGAS_SCOPE),
)
REPRESENTATIVES = (
    Target("Ana", lambda w: {"pk": w.users[STAFF_A].pk}, ANAS_SCOPE),
    Target("Olga", lambda w: {"pk": w.users[STAFF_OTHER].pk}, OLGAS_SCOPE),
)
# Configuration that every logged-in person sees (the figures under it are filtered).
CHANNEL = (Target("a channel", lambda w: {"pk": w.channel.pk}, EVERYONE),)
DEPARTMENT = (Target("a department", lambda w: {"pk": w.department_a.pk}, EVERYONE),)
CONTACT_POINT = (Target("a contact point", lambda w: {"pk": w.contact_point.pk}, EVERYONE),)
SURVEY_LINKS = (
    Target("the link of Ana's contact", lambda w: {"token": w.contacts["ana"].survey_invitation.token}, EVERYONE),
    Target("a made-up link", lambda w: {"token": "x" * 43}, frozenset()),
)
EXPORT_TABLES = (
    Target("the figures table", lambda w: {"table": "figures"}, EVERYONE),
    Target("the departments table", lambda w: {"table": "departments"}, frozenset({MANAGER_A, MANAGER_B, ADMIN})),
    Target("a table that does not exist", lambda w: {"table": "salaries"}, frozenset()),
)

Outcome = int | dict[str, int]


@dataclass(frozen=True)
class Expect:
    gate: Gate
    on: tuple[Target, ...] = NO_OBJECT
    GET: Outcome | None = None  # named after the HTTP methods, as they read in the table
    POST: Outcome | None = None
    PUT: Outcome | None = None
    PATCH: Outcome | None = None
    DELETE: Outcome | None = None


# The table: one line per route (by URL name). POSTs send no data, so a form
# answers with its errors (200, or 400 on the customer's pages) and an action
# redirects (302).
EXPECTED: dict[str, Expect] = {
    "login": Expect(PUBLIC, GET=200, POST=200),
    "logout": Expect(PUBLIC, POST=302),
    "preferences": Expect(LOGIN, GET=200, POST=302),
    "set_language": Expect(PUBLIC, POST=302),
    "home": Expect(LOGIN, GET=302),
    "healthz": Expect(PUBLIC, GET=200),
    # Logging and contacts
    "contact_log": Expect(LOGIN, GET=200, POST=200),
    "contact_point_standard": Expect(LOGIN, GET=200),
    "customer_search": Expect(LOGIN, GET=200),
    "contact_list": Expect(LOGIN, GET=200),
    "contact_detail": Expect(LOGIN, on=CONTACTS, GET=200),
    "contact_correct": Expect(
        LOGIN, on=CONTACTS, GET={"representative": 200, "*": 403}, POST={"representative": 200, "*": 403}
    ),
    # Configuration
    "channel_list": Expect(ADMINS, GET=200),
    "channel_create": Expect(ADMINS, GET=200, POST=200),
    "channel_edit": Expect(ADMINS, on=CHANNEL, GET=200, POST=200),
    "channel_retire": Expect(ADMINS, on=CHANNEL, POST=302),
    "channel_reactivate": Expect(ADMINS, on=CHANNEL, POST=302),
    "channel_delete": Expect(ADMINS, on=CHANNEL, GET=200, POST=302),
    "department_list": Expect(ADMINS, GET=200),
    "department_create": Expect(ADMINS, GET=200, POST=200),
    "department_edit": Expect(ADMINS, on=DEPARTMENT, GET=200, POST=200),
    "department_retire": Expect(ADMINS, on=DEPARTMENT, POST=302),
    "department_reactivate": Expect(ADMINS, on=DEPARTMENT, POST=302),
    "department_delete": Expect(ADMINS, on=DEPARTMENT, GET=200, POST=302),
    "contact_point_list": Expect(ADMINS, GET=200),
    "contact_point_create": Expect(ADMINS, GET=200, POST=200),
    "contact_point_edit": Expect(ADMINS, on=CONTACT_POINT, GET=200, POST=200),
    "contact_point_retire": Expect(ADMINS, on=CONTACT_POINT, POST=302),
    "contact_point_reactivate": Expect(ADMINS, on=CONTACT_POINT, POST=302),
    "contact_point_delete": Expect(ADMINS, on=CONTACT_POINT, GET=200, POST=302),
    # Dashboards: everyone logged in sees their own share of the figures.
    "insights_overview": Expect(LOGIN, GET=200),
    "insights_channel": Expect(LOGIN, on=CHANNEL, GET=200),
    "insights_contact_point": Expect(LOGIN, on=CONTACT_POINT, GET=200),
    "insights_representative": Expect(LOGIN, on=REPRESENTATIVES, GET=200),
    "insights_departments": Expect(MANAGERS, GET=200),
    "insights_moments": Expect(LOGIN, GET=200),
    "insights_contacts_export": Expect(LOGIN, GET=200),
    "insights_export": Expect(LOGIN, on=EXPORT_TABLES, GET=200),
    # Surveys: the customer's link needs no login; the staff pages around it do.
    "survey_respond": Expect(PUBLIC, on=SURVEY_LINKS, GET=200, POST=400),
    "survey_thanks": Expect(PUBLIC, on=SURVEY_LINKS, GET=302),
    "survey_invite": Expect(LOGIN, on=CONTACTS, POST=302),
    "survey_invitation_show": Expect(LOGIN, on=CONTACTS, GET=200),
    "survey_invitation_print": Expect(LOGIN, on=CONTACTS, GET=200),
    "survey_invitation_renew": Expect(LOGIN, on=CONTACTS, POST=302),
    "survey_kiosk": Expect(LOGIN, on=KIOSK_CONTACTS, GET=200, POST=400),
    "survey_kiosk_thanks": Expect(LOGIN, on=KIOSK_CONTACTS, GET=302),
}

# The URLconf


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    namespace: str

    @property
    def is_admin(self) -> bool:
        return self.namespace.split(":")[0] == django_admin.site.name


def walk(patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            yield Route(entry.name or "", prefix + str(entry.pattern), namespace)


ROUTES = list(walk(get_resolver().url_patterns))
OWN_ROUTES = [route for route in ROUTES if not route.is_admin]

# The data, once for the module


@dataclass
class World:
    users: dict[str, User]
    department_a: Department
    channel: Channel
    contact_point: ContactPoint
    contacts: dict[str, Contact]
    kiosk: dict[str, Contact]
    sessions: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    department_a = DepartmentFactory(name="Support")
    department_b = DepartmentFactory(name="Billing")
    users = {
        STAFF_A: UserFactory(username="ana", first_name="Ana", department=department_a),
        STAFF_OTHER: UserFactory(username="olga", first_name="Olga", department=department_b),
        MANAGER_A: ManagerFactory(username="marta", department=department_a, managed_departments=[department_a]),
        MANAGER_B: ManagerFactory(username="mario", department=department_b, managed_departments=[department_b]),
        ADMIN: AdminFactory(username="ada"),
    }
    bruno = UserFactory(username="bruno", first_name="Bruno", department=department_a)
    channel = ChannelFactory(name="Matrix channel")
    contact_point = ContactPointFactory(name="Support hotline", channel=channel, department=department_a)
    visit_point = ContactPointFactory(name="Home visit", channel=channel, department=department_b)
    representatives = {"ana": (users[STAFF_A], contact_point), "bruno": (bruno, contact_point)}
    representatives["olga"] = (users[STAFF_OTHER], visit_point)

    def contact(name: str, method: str) -> Contact:
        representative, point = representatives[name]
        logged = ContactFactory(
            representative=representative, contact_point=point, customer=CustomerFactory(email=f"{name}@example.org")
        )
        SurveyInvitationFactory(contact=logged, method=method, expires_at=timezone.now() + timedelta(days=7))
        return logged

    contacts = {name: contact(name, "link") for name in representatives}
    kiosk = {name: contact(name, "kiosk") for name in ("ana", "olga")}
    # A rated contact, so that every model the admin lists has a row to open.
    RatingFactory(contact=ContactFactory(representative=bruno, contact_point=contact_point))
    world = World(users, department_a, channel, contact_point, contacts, kiosk)
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[persona] = client.cookies["sessionid"].value
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once, inside a transaction rolled back after the module; each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def client_as(world: World, persona: str) -> Client:
    """A new client for each request: a logout or a new session in one answer must not carry over to the next."""
    client = Client()
    if persona != ANONYMOUS:
        client.cookies["sessionid"] = world.sessions[persona]
    return client


def send(world: World, persona: str, method: str, url: str) -> HttpResponse:
    for cache in caches.all():
        cache.clear()  # the public pages' rate limit counts every request of the run otherwise
    return getattr(client_as(world, persona), method.lower())(url)


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of every table but the sessions: the data is small enough to compare whole."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


# What each persona should get


@dataclass(frozen=True)
class Answer:
    status: int
    to_login: str | None = None  # the login page a redirect must lead to

    def matches(self, response: HttpResponse) -> bool:
        if response.status_code != self.status:
            return False
        return self.to_login is None or response["Location"].startswith(self.to_login)

    def __str__(self) -> str:
        return f"{self.status} to {self.to_login}" if self.to_login else str(self.status)


def expected(expect: Expect, persona: str, method: str, target: Target) -> tuple[Answer, bool]:
    """The answer, and whether it is a refusal (which must change nothing)."""
    if persona not in expect.gate.passes:
        if persona == ANONYMOUS:
            return Answer(302, to_login=reverse("login")), True
        assert expect.gate.refusal is not None
        return Answer(expect.gate.refusal), True
    outcome = getattr(expect, method)
    if outcome is None:
        return Answer(405), True
    if persona not in target.seen_by:
        return Answer(404), True
    if isinstance(outcome, dict):
        key = "representative" if persona == target.representative else persona
        return Answer(outcome.get(key, outcome["*"])), False
    return Answer(outcome), False


def described(response: HttpResponse) -> str:
    where = f" to {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


def route_id(route: Route) -> str:
    return route.name or route.pattern


def test_every_route_has_a_name_and_the_table_names_only_routes_that_exist() -> None:
    unnamed = [route.pattern for route in OWN_ROUTES if not route.name]
    assert unnamed == [], f"Give these routes a name= so the access matrix can refer to them: {unnamed}"
    stale = sorted(set(EXPECTED) - {route.name for route in OWN_ROUTES})
    assert stale == [], f"tests/test_access_matrix.py EXPECTED names routes that no longer exist: {stale}"


@pytest.mark.parametrize("route", OWN_ROUTES, ids=route_id)
def test_every_route_answers_as_written(route: Route, world: World) -> None:
    expect = EXPECTED.get(route.name)
    if expect is None:
        pytest.fail(
            f"The route {route.name!r} (/{route.pattern}) has no expectation. Add one line to EXPECTED in "
            f"tests/test_access_matrix.py, e.g. {route.name!r}: Expect(LOGIN, GET=200), saying who may use it "
            "and how it answers (see the module docstring)."
        )
    mismatches: list[str] = []
    refusals: list[tuple[str, str, str]] = []
    for target in expect.on:
        url = reverse(route.name, kwargs=target.kwargs(world))
        for persona in PERSONAS:
            for method in METHODS:
                answer, refused = expected(expect, persona, method, target)
                if refused:
                    refusals.append((persona, method, url))
                # Each answered request is undone, so every persona meets the same objects.
                with transaction.atomic():
                    response = send(world, persona, method, url)
                    transaction.set_rollback(True)
                if not answer.matches(response):
                    mismatches.append(
                        f"{persona} {method} {url} ({target.label}): expected {answer}, got {described(response)}"
                    )
    if mismatches:
        pytest.fail("\n".join(mismatches), pytrace=False)
    # The refusals again, this time kept: together they must not have changed a single row.
    before = fingerprint()
    for persona, method, url in refusals:
        send(world, persona, method, url)
    changed = [label for label, rows in fingerprint().items() if rows != before[label]]
    assert changed == [], f"Refused requests to {route.name} changed {changed}"


# The Django admin: one expectation for a sample of its pages.


def admin_sample() -> list[tuple[str, str]]:
    """(URL, kind): the admin's index and each registered model's changelist, add and change pages."""
    sample = [(reverse("admin:index"), "index")]
    for model in django_admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        sample.append((reverse("admin:{}_{}_changelist".format(*info)), "changelist"))
        sample.append((reverse("admin:{}_{}_add".format(*info)), "add"))
        first = model._base_manager.order_by("pk").first()
        if first is not None:
            sample.append((reverse("admin:{}_{}_change".format(*info), args=[first.pk]), "change"))
    return sample


def test_the_admin_is_for_admins_only(world: World) -> None:
    assert SurveyInvitation.objects.exists(), "the sample must include a change page of each model with rows"
    sample = admin_sample()
    admin_login = reverse("admin:login")
    mismatches: list[str] = []
    before = fingerprint()
    for url, kind in sample:
        for persona in PERSONAS:
            methods = ("GET",) if persona == ADMIN else ("GET", "POST")
            for method in methods:
                response = send(world, persona, method, url)
                if persona == ADMIN:
                    # Adding is switched off for the records only the services may write.
                    allowed = {200, 403} if kind == "add" else {200}
                    if response.status_code not in allowed:
                        mismatches.append(f"admin GET {url}: expected {sorted(allowed)}, got {described(response)}")
                elif not (response.status_code == 302 and response["Location"].startswith(admin_login)):
                    mismatches.append(
                        f"{persona} {method} {url}: expected 302 to {admin_login}, got {described(response)}"
                    )
    if mismatches:
        pytest.fail("\n".join(mismatches), pytrace=False)
    changed = [label for label, rows in fingerprint().items() if rows != before[label]]
    assert changed == [], f"Requests to the admin by other personas changed {changed}"
