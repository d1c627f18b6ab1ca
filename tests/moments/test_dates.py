"""Dates people give: one range, refused with a message outside it, on every page that reads a date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from moments.dates import EARLIEST_DATE, LATEST_DATE, validate_date_in_range
from moments.models import Contact, Customer
from moments.services import contact_log
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db

TOO_LATE = "31 Dec 9999 is outside 2000–2999"
TOO_EARLY = "1 Jan 0001 is outside 2000–2999"


@pytest.fixture
def contact_a(staff_a, contact_point) -> Contact:
    return ContactFactory(representative=staff_a, contact_point=contact_point, outcome=Contact.Outcome.UNRESOLVED)


def listed_ids(response) -> set[int]:
    return {contact.pk for contact in response.context["page"]}


class TestTheRange:
    @pytest.mark.parametrize("day", [EARLIEST_DATE, LATEST_DATE, date(2026, 5, 20)])
    def test_its_ends_are_inside(self, day):
        validate_date_in_range(day)
        validate_date_in_range(timezone.make_aware(datetime.combine(day, datetime.min.time())))

    @pytest.mark.parametrize(
        "day", [EARLIEST_DATE - timedelta(days=1), LATEST_DATE + timedelta(days=1), date.min, date.max]
    )
    def test_a_day_past_either_end_is_refused_with_a_message(self, day):
        with pytest.raises(ValidationError) as refused:
            validate_date_in_range(day)
        assert "is outside 2000–2999; enter a date within those years." in refused.value.messages[0]

    def test_a_year_before_1000_is_written_with_four_digits(self):
        with pytest.raises(ValidationError) as refused:
            validate_date_in_range(date(1, 1, 1))
        assert refused.value.messages[0].startswith(TOO_EARLY)


class TestContactList:
    """The defect: ?date_to=9999-12-31 stepped to the day after 31 Dec 9999, an OverflowError and a 500."""

    @pytest.mark.parametrize(
        ("query", "problem"),
        [
            ("date_to=9999-12-31", f"To: {TOO_LATE}"),
            ("date_from=9999-12-31", f"From: {TOO_LATE}"),
            ("date_from=0001-01-01", f"From: {TOO_EARLY}"),
            ("date_to=0001-01-01", f"To: {TOO_EARLY}"),
        ],
    )
    def test_a_date_past_the_range_is_dropped_with_a_message(self, as_user, staff_a, contact_a, query, problem):
        response = as_user(staff_a).get(f"/contacts/?{query}")

        assert response.status_code == 200
        assert listed_ids(response) == {contact_a.pk}
        assert response.context["filter"].problems == [
            f"{problem}; enter a date within those years. That filter is not applied."
        ]
        assert 'data-testid="filter-problem"' in response.content.decode()

    def test_the_other_filters_still_apply(self, as_user, staff_a, contact_a, contact_point):
        resolved = ContactFactory(representative=staff_a, contact_point=contact_point)

        response = as_user(staff_a).get("/contacts/?date_to=9999-12-31&outcome=unresolved")

        assert listed_ids(response) == {contact_a.pk}
        assert resolved.pk not in listed_ids(response)

    def test_the_last_day_of_the_range_still_filters(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).get("/contacts/?date_from=2000-01-01&date_to=2999-12-31")

        assert response.context["filter"].problems == []
        assert listed_ids(response) == {contact_a.pk}

    def test_a_day_of_the_list_is_the_day_the_dashboards_count(self, as_user, staff_a, contact_point):
        # 23:30 UTC on 1 May is already 2 May in Madrid: the rollup counts it on 2 May, so must the list.
        late = ContactFactory(
            representative=staff_a,
            contact_point=contact_point,
            occurred_at=datetime(2026, 5, 1, 23, 30, tzinfo=UTC),
        )
        client = as_user(staff_a)

        assert listed_ids(client.get("/contacts/?date_from=2026-05-02&date_to=2026-05-02")) == {late.pk}
        assert listed_ids(client.get("/contacts/?date_from=2026-05-01&date_to=2026-05-01")) == set()


class TestContactsExport:
    def test_a_date_past_the_range_refuses_the_export(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).get("/insights/export/contacts.csv?date_to=9999-12-31")

        assert response.status_code == 400
        assert "Nothing exported" in response.content.decode()
        assert "9999" in response.content.decode()

    def test_the_last_day_of_the_range_still_exports(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).get("/insights/export/contacts.csv?date_to=2999-12-31")

        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode().splitlines()
        assert len(lines) == 3
        assert lines[-1] == "# Export complete: 1 contact."


class TestDashboards:
    def test_a_date_past_the_range_is_dropped_with_the_same_message(self, as_user, manager_a, contact_a):
        response = as_user(manager_a).get("/insights/?date_to=9999-12-31")

        assert response.status_code == 200
        assert response.context["filters"].problems == [
            f"To: {TOO_LATE}; enter a date within those years. That filter is not applied."
        ]
        assert response.context["filters"].period == "30"

    def test_only_the_bad_date_is_dropped(self, as_user, manager_a, contact_a):
        response = as_user(manager_a).get("/insights/?date_from=2026-01-01&date_to=9999-12-31")

        filters = response.context["filters"]
        assert (filters.period, filters.start) == ("custom", date(2026, 1, 1))
        assert len(filters.problems) == 1


class TestLogging:
    @pytest.mark.parametrize("occurred_at", ["9999-12-31T23:59", "0001-01-01T00:00"])
    def test_the_logging_form_refuses_a_date_past_the_range(self, as_user, staff_a, contact_point, occurred_at):
        customer = CustomerFactory()
        response = as_user(staff_a).post(
            "/log/",
            {
                "contact_point": contact_point.pk,
                "customer": customer.pk,
                "occurred_at": occurred_at,
                "outcome": "resolved",
                "rating_method": "none",
            },
        )

        assert response.status_code == 200
        assert "is outside 2000–2999" in response.content.decode()
        assert not Contact.objects.exists()

    @pytest.mark.parametrize("time_zone", ["Europe/Madrid", "Asia/Bangkok", "America/Los_Angeles"])
    def test_the_service_refuses_a_contact_on_a_date_past_the_range(self, staff_a, contact_point, settings, time_zone):
        # Stored, 31 Dec 9999 late in the evening west of Greenwich is a year-10000 date in UTC.
        settings.TIME_ZONE = time_zone
        with pytest.raises(ValidationError) as refused:
            contact_log(
                logged_by=staff_a,
                contact_point=contact_point,
                customer=CustomerFactory(kind=Customer.Kind.CURRENT),
                occurred_at=datetime(9999, 12, 31, 23, 0, tzinfo=timezone.get_current_timezone()),
                outcome=Contact.Outcome.RESOLVED,
            )
        assert "occurred_at" in refused.value.message_dict
        assert not Contact.objects.exists()


class TestAdminDateDrillDown:
    """Django's own date drill-down stepped past 31 Dec 9999 too (Django ticket #37357)."""

    @pytest.mark.parametrize(
        "query",
        [
            "occurred_at__year=9999&occurred_at__month=12&occurred_at__day=31",
            "occurred_at__year=9999&occurred_at__month=12",
            "occurred_at__year=9999",
            "occurred_at__year=99999999999999999999",
        ],
    )
    def test_the_contact_list_sends_the_admin_back_unfiltered(self, as_user, admin, contact_a, query):
        response = as_user(admin).get(f"/admin/moments/contact/?{query}")

        assert response.status_code == 302
        assert response.url == "/admin/moments/contact/?e=1"

    def test_the_invitation_list_too(self, as_user, admin):
        response = as_user(admin).get("/admin/surveys/surveyinvitation/?created_at__year=9999&created_at__month=12")

        assert response.status_code == 302
        assert response.url.endswith("?e=1")

    def test_a_date_inside_the_range_still_drills_down(self, as_user, admin, contact_a):
        day = timezone.localtime(contact_a.occurred_at)
        query = f"occurred_at__year={day.year}&occurred_at__month={day.month}&occurred_at__day={day.day}"

        response = as_user(admin).get(f"/admin/moments/contact/?{query}")

        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [contact_a]
