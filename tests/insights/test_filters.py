"""Reading the dashboard filters from the URL: presets, custom dates, and everything that can go wrong."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict

from insights.filters import MAX_PERIOD_DAYS, dashboard_filters
from moments.dates import local_start
from tests.factories import DepartmentFactory

TODAY = date(2026, 5, 20)  # a Wednesday in the second quarter


def read(query: str, user, **fixed):
    return dashboard_filters(QueryDict(query), user, fixed=fixed, today=TODAY)


class TestPeriods:
    def test_last_thirty_days_by_default(self, manager_a):
        filters = read("", manager_a)
        assert (filters.period, filters.start, filters.end) == ("30", date(2026, 4, 21), TODAY)
        assert filters.problems == []

    @pytest.mark.parametrize(("period", "start"), [("7", date(2026, 5, 14)), ("90", date(2026, 2, 20))])
    def test_presets_end_today(self, manager_a, period, start):
        filters = read(f"period={period}", manager_a)
        assert (filters.start, filters.end, filters.days) == (start, TODAY, int(period))

    def test_this_quarter(self, manager_a):
        filters = read("period=quarter", manager_a)
        assert (filters.start, filters.end) == (date(2026, 4, 1), TODAY)

    def test_previous_period_has_the_same_length_and_ends_the_day_before(self, manager_a):
        filters = read("period=quarter", manager_a)
        assert filters.days == 50
        assert filters.previous_end == date(2026, 3, 31)
        assert filters.previous_start == date(2026, 2, 10)
        assert (filters.previous_end - filters.previous_start).days + 1 == 50

    def test_custom_dates(self, manager_a):
        filters = read("period=custom&date_from=2026-01-05&date_to=2026-01-11", manager_a)
        assert (filters.period, filters.start, filters.end) == ("custom", date(2026, 1, 5), date(2026, 1, 11))
        assert filters.bucket == "day"

    def test_dates_alone_mean_custom(self, manager_a):
        filters = read("date_from=2026-01-01&date_to=2026-03-31", manager_a)
        assert filters.period == "custom"
        assert filters.bucket == "week"

    def test_daily_up_to_thirty_one_days_weekly_beyond(self, manager_a):
        assert read("date_from=2026-01-01&date_to=2026-01-31", manager_a).bucket == "day"
        assert read("date_from=2026-01-01&date_to=2026-02-01", manager_a).bucket == "week"

    def test_local_days_start_at_local_midnight_across_dst(self, settings):
        # Madrid: UTC+1 in winter, UTC+2 from 29 March 2026.
        assert local_start(date(2026, 3, 29)).isoformat() == "2026-03-29T00:00:00+01:00"
        assert local_start(date(2026, 3, 30)).isoformat() == "2026-03-30T00:00:00+02:00"


class TestBadInput:
    def test_a_date_that_is_no_date(self, manager_a):
        filters = read("period=custom&date_from=2026-02-30", manager_a)
        assert filters.period == "30"
        assert any("From: Enter a valid date" in problem for problem in filters.problems)

    def test_end_before_start(self, manager_a):
        filters = read("date_from=2026-03-10&date_to=2026-03-01", manager_a)
        assert filters.period == "30"
        assert (filters.start, filters.end) == (date(2026, 4, 21), TODAY)
        assert filters.problems == [
            "The end date (1 Mar 2026) is before the start date (10 Mar 2026); showing last 30 days."
        ]

    def test_absurd_years_are_refused_not_crashed_on(self, manager_a):
        filters = read("date_from=0001-01-01&date_to=0001-01-02", manager_a)
        assert filters.period == "30"
        assert "outside 2000–2999" in filters.problems[0]

    def test_a_period_longer_than_ten_years_is_cut_to_its_last_ten(self, manager_a):
        filters = read("date_from=2000-01-01&date_to=2999-12-31", manager_a)
        assert (filters.period, filters.start, filters.end) == ("custom", date(2989, 12, 31), date(2999, 12, 31))
        assert filters.days == MAX_PERIOD_DAYS
        assert filters.problems == [
            "A period covers at most 3,653 days (ten years); showing 31 Dec 2989 – 31 Dec 2999."
        ]
        assert read("date_from=2016-05-20&date_to=2026-05-20", manager_a).problems == []
        assert read("date_from=2016-05-19&date_to=2026-05-20", manager_a).start == date(2016, 5, 20)

    def test_unknown_period(self, manager_a):
        filters = read("period=forever", manager_a)
        assert filters.period == "30"
        assert filters.problems

    @pytest.mark.parametrize("value", ["abc", "999999", "-1", "1.5", "1 OR 1=1"])
    def test_unknown_ids_are_ignored_with_a_message(self, manager_a, value):
        filters = read(f"channel={value}&contact_point={value}", manager_a)
        assert filters.channel is None
        assert filters.contact_point is None
        assert len(filters.problems) == 2
        assert "not one you can see" in filters.problems[0]

    def test_a_department_the_manager_does_not_manage(self, manager_a, department_a, department_b):
        filters = read(f"department={department_b.pk}", manager_a)
        assert filters.department is None
        assert filters.problems == ["Department: is unknown or not one you can see. That filter is not applied."]
        assert read(f"department={department_a.pk}", manager_a).department == department_a

    def test_a_person_the_manager_may_not_see(self, manager_a, staff_a, staff_other):
        assert read(f"representative={staff_other.pk}", manager_a).representative is None
        assert read(f"representative={staff_a.pk}", manager_a).representative == staff_a

    def test_admin_may_choose_any_department(self, admin, department_b):
        assert read(f"department={department_b.pk}", admin).department == department_b

    def test_staff_cannot_narrow_to_a_department_or_another_person(self, staff_a, staff_b, department_a):
        filters = read(f"department={department_a.pk}&representative={staff_b.pk}", staff_a)
        assert filters.department is None
        assert filters.representative is None
        assert len(filters.problems) == 2
        assert filters.own_figures_only

    def test_other_filters_still_apply_when_one_is_bad(self, manager_a, channel):
        filters = read(f"channel={channel.pk}&department=nope&period=7", manager_a)
        assert filters.channel == channel
        assert filters.period == "7"
        assert len(filters.problems) == 1

    def test_customer_kind(self, manager_a):
        assert read("customer_kind=prospect", manager_a).customer_kind == "prospect"
        filters = read("customer_kind=alien", manager_a)
        assert filters.customer_kind == ""
        assert filters.problems


class TestLinks:
    def test_drill_down_carries_period_and_narrowing(self, manager_a, channel, department_a):
        filters = read(f"period=7&channel={channel.pk}&department={department_a.pk}&customer_kind=current", manager_a)
        url = filters.contact_list_url({"score": ["4", "5"]})
        assert url == (
            f"/contacts/?date_from=2026-05-14&date_to=2026-05-20&department={department_a.pk}"
            f"&channel={channel.pk}&customer_kind=current&score=4&score=5"
        )

    def test_staff_links_leave_out_who_and_which_department(self, staff_a):
        filters = read("", staff_a, representative=staff_a)
        assert "representative" not in filters.contact_list_url()

    def test_a_page_fixed_filter_is_not_repeated_in_its_links(self, manager_a, channel):
        filters = read("period=90", manager_a, channel=channel)
        assert filters.channel == channel
        assert filters.querystring() == "period=90"
        assert filters.querystring(keep_fixed=True) == f"period=90&channel={channel.pk}"

    def test_a_new_department_is_offered_to_admins_only(self, admin, manager_a):
        new = DepartmentFactory(name="Brand new")
        assert read(f"department={new.pk}", admin).department == new
        assert read(f"department={new.pk}", manager_a).department is None
