from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from accounts.models import User
from moments.models import Contact, ContactPoint
from surveys.models import SurveyInvitation
from tests.factories import ContactFactory, CustomerFactory, SurveyInvitationFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate-limit counters live in the cache, a database table; each test with the database starts with none.

    Most tests lose their counts with their transaction anyway; one that
    commits (transaction=True) would leave them behind, since flushing the
    database empties the models' tables only.
    """
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact_a(staff_a: User, contact_point: ContactPoint) -> Contact:
    """staff_a's contact with Maria, who has an e-mail address."""
    customer = CustomerFactory(name="Maria Moreno", email="maria@example.org")
    return ContactFactory(representative=staff_a, contact_point=contact_point, customer=customer)


@pytest.fixture
def invitation(contact_a: Contact) -> SurveyInvitation:
    return SurveyInvitationFactory(contact=contact_a)


def survey_url(invitation: SurveyInvitation) -> str:
    return f"/r/{invitation.token}/"


# A rate-limit window (seconds) no test run crosses the end of: counts made
# in a test all fall in one window, so no limit is reset halfway by the clock.
STEADY_WINDOW = 10**9
