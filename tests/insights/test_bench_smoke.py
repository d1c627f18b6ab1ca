"""The benchmark's generator and hand-written SQL on a few hundred rows, so `make bench` does not rot.

PostgreSQL only, as the benchmark: it generates rows with generate_series.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from accounts.models import User
from bench import baseline
from bench.generate import bulk_load, contacts_generate, data_delete, organisation_create
from insights.filters import dashboard_filters
from insights.selectors import period_figures
from moments.models import Contact, ContactDayRollup, Rating
from moments.rollup import rollup_rebuild
from surveys.models import SurveyInvitation

pytestmark = [
    pytest.mark.django_db,
    # The benchmark runs on PostgreSQL only.
    pytest.mark.postgresql_only,
]

PAGES = ["overview", "channel", "contact_point", "representative", "departments", "moments"]


@pytest.fixture
def generated():
    organisation = organisation_create()
    data_delete()
    with bulk_load():
        timings = contacts_generate(organisation, 300)
    rollup_rebuild()
    return organisation, timings


def test_generator_makes_contacts_ratings_and_invitations(generated):
    _, timings = generated
    assert Contact.objects.count() == 300
    assert 100 < Rating.objects.count() < 300
    assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == Rating.objects.count()
    assert sum(ContactDayRollup.objects.values_list("contacts", flat=True)) == 300
    assert set(timings) == {"customers", "contacts", "ratings", "invitations"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'contact_occurred_idx'")
        assert cursor.fetchone()[0] == 1, "the indexes dropped for the load are back"


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_the_hand_written_sql_computes_the_pages_figures(generated, persona):
    organisation, _ = generated
    user = User.objects.get(pk=organisation.admin_id if persona == "admin" else organisation.manager_id)
    filters = dashboard_filters(QueryDict(""), user)
    scope = baseline.Scope(
        start=filters.start,
        end=filters.end,
        manager=None if persona == "admin" else (user.managed_department_ids(), user.pk),
    )
    (raw,), (invitations,) = baseline.run(baseline.kpis(scope))
    now = period_figures(user, filters).current
    assert raw[:6] == (now.contacts, *now.scores)
    assert raw[6:10] == (now.unresolved, now.referred, now.timed_contacts, now.duration_minutes_total)
    assert invitations[:2] == (now.invitations_sent, now.invitations_answered)
    for page in PAGES:
        assert baseline.run(baseline.page_statements(page, scope))
