"""Shared fixtures: the personas every permission test speaks of.

staff_a and staff_b are teammates in department A; manager_a manages A,
manager_b manages B (the "other department"); admin sees everything.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, connections
from django.db.utils import ConnectionHandler
from django.test import Client
from django.utils import translation

from accounts.models import Department, User
from moments.models import Channel, ContactPoint
from tests.factories import (
    AdminFactory,
    ChannelFactory,
    ContactPointFactory,
    DepartmentFactory,
    ManagerFactory,
    UserFactory,
)
from tests.hypothesis_settings import load_profile

load_profile()


def _clear_caches() -> None:
    # Content types are cached by id; a test that empties the tables can
    # leave ids in the cache that the next test's database does not have.
    ContentType.objects.clear_cache()
    for cache in caches.all():
        # A database cache's rows are written inside the test's transaction
        # and go with it; clearing it here would need database access.
        if not isinstance(cache, DatabaseCache):
            cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None) -> Iterator[None]:
    """The test databases as pytest-django creates them, their serialized contents given to every connection.

    A transactional test with serialized_rollback restores the migrations'
    rows from the contents Django keeps on the connection that created the
    test database. A browser test runs its body on another connection object
    (Playwright's sync API switches contexts in this thread), which has none:
    without this, its rollback restores nothing and every test after it
    finds the tables empty.
    """
    contents = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    original = ConnectionHandler.create_connection

    def create_connection(self: ConnectionHandler, alias: str):
        created = original(self, alias)
        if alias in contents:
            created._test_serialized_contents = contents[alias]
        return created

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ConnectionHandler, "create_connection", create_connection)
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the organisation's language, whatever a test before it activated on this worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Each test starts with empty caches, whatever ran before it on this worker.

    The caches live as long as the process, the survey pages' rate-limit
    counters among them.
    """
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def department_a(db) -> Department:
    return DepartmentFactory(name="Support")


@pytest.fixture
def department_b(db) -> Department:
    return DepartmentFactory(name="Billing")


@pytest.fixture
def staff_a(department_a: Department) -> User:
    return UserFactory(username="ana", first_name="Ana", last_name="Alves", department=department_a)


@pytest.fixture
def staff_b(department_a: Department) -> User:
    return UserFactory(username="bruno", first_name="Bruno", last_name="Bento", department=department_a)


@pytest.fixture
def staff_other(department_b: Department) -> User:
    return UserFactory(username="olga", first_name="Olga", last_name="Ortiz", department=department_b)


@pytest.fixture
def manager_a(department_a: Department) -> User:
    return ManagerFactory(
        username="marta", first_name="Marta", department=department_a, managed_departments=[department_a]
    )


@pytest.fixture
def manager_b(department_b: Department) -> User:
    return ManagerFactory(
        username="mario", first_name="Mario", department=department_b, managed_departments=[department_b]
    )


@pytest.fixture
def admin(db) -> User:
    return AdminFactory(username="admin", first_name="Ada")


@pytest.fixture
def channel(db) -> Channel:
    return ChannelFactory(name="Phone call")


@pytest.fixture
def contact_point(channel: Channel, department_a: Department) -> ContactPoint:
    return ContactPointFactory(
        name="Support hotline",
        channel=channel,
        department=department_a,
        purpose="Solve a customer's technical problem on the phone.",
        service_standard="Answer within three rings\nSay your name\nSummarise the solution",
        target_csat=85,
    )


# Addresses from the range kept for documentation (RFC 3849), one per client.
_client_numbers = itertools.count(1)


def client_for(user: User | None) -> Client:
    """A test client from an address of its own.

    The public pages' rate limit counts requests per address for the whole
    process; the test client's default, 127.0.0.1, is shared with every
    request the live server answers in this process, so a test that meets
    the limit counts only its own requests.
    """
    client = Client(REMOTE_ADDR=f"2001:db8::{next(_client_numbers):x}")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """`as_user(user)` gives a test client logged in as that user (None: anonymous)."""
    return client_for


TRANSACTIONAL_FIXTURES = {"live_server", "transactional_db"}


def _transactional_without_serialized_rollback(item: pytest.Item) -> bool:
    """A test whose database is emptied afterwards (not rolled back) and not restored for the next one.

    Such a test flushes every table when it ends, the channels the migrations
    create included, so whichever test runs after it on the same database
    sees a different world than when it runs alone.
    """
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        return False
    return _transactional(item)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The random order's seed once more at the end, where a failure is read, with how to replay it."""
    if not config.pluginmanager.hasplugin("randomly"):
        return
    seed = config.getoption("randomly_seed")
    terminalreporter.write_line(
        f"Tests ran in random order, seed {seed}. Same order again: --randomly-seed={seed}; "
        "file order: -p no:randomly (e.g. make test PYTEST_ARGS='-p no:randomly')."
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _refuse_transactional_tests_that_leave_the_database_empty(items)
    _leave_out_postgresql_only_tests(config, items)
    _transactional_tests_last(items)


def _transactional_tests_last(items: list[pytest.Item]) -> None:
    """Every transactional test after every other, the random order kept within each part.

    A transactional test empties the tables when it ends (its serialized
    rollback restores them only at the start of the next transactional test).
    pytest-django runs the tests it sees using no database after the
    transactional ones; but a test that reaches the database through
    request.getfixturevalue looks like one of them, and would find the tables
    empty. So nothing but transactional tests follows a transactional test.
    """
    items.sort(key=lambda item: _transactional(item))


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    return transactional or bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


_LEAVES_THE_DATABASE_EMPTY = pytest.StashKey[bool]()


def _refuse_transactional_tests_that_leave_the_database_empty(items: list[pytest.Item]) -> None:
    """Mark such tests to fail at setup, each with the reason.

    A failure per test rather than one usage error for the run: under xdist a
    usage error raised in a worker is reported only as a crashed worker, with
    the reason lost.
    """
    for item in items:
        if _transactional_without_serialized_rollback(item):
            item.stash[_LEAVES_THE_DATABASE_EMPTY] = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.stash.get(_LEAVES_THE_DATABASE_EMPTY, False):
        pytest.fail(
            "This test empties the database when it ends; mark it "
            "pytest.mark.django_db(transaction=True, serialized_rollback=True) so the next test "
            "finds what the migrations created.",
            pytrace=False,
        )


def _leave_out_postgresql_only_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave PostgreSQL-only tests out of a run on another database, and say so.

    They are not skipped in disguise: CI runs the suite on PostgreSQL too,
    where they run; on SQLite what they test (row locks, two writers at
    once) does not exist.
    """
    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if "postgresql_only" not in item.keywords]
    left_out = [item for item in items if "postgresql_only" in item.keywords]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"{len(left_out)} PostgreSQL-only tests left out on {connection.vendor} "
                "(they run when DATABASE_URL points at PostgreSQL)."
            )
