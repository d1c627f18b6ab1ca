"""The dashboards' queries on real rows: figures per persona, trend buckets across DST, rankings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from insights.filters import dashboard_filters
from insights.selectors import breakdown, memorable_moments, period_figures, ranked, trend
from moments.models import Contact, ContactDayRollup
from tests.factories import ContactPointFactory, UserFactory
from tests.insights.conftest import log


def filters_for(user, query: str = "", **fixed):
    return dashboard_filters(QueryDict(query), user, fixed=fixed)


class TestPeriodFigures:
    def test_manager_sees_their_departments_figures_worked_by_hand(self, manager_a, figures_data):
        period = period_figures(manager_a, filters_for(manager_a))
        now, before = period.current, period.previous
        assert now.contacts == 16
        assert now.ratings == 14
        assert now.scores == (1, 1, 1, 4, 7)
        csat = period.comparisons["csat"].current
        assert (csat.numerator, csat.n) == (11, 14)
        assert period.comparisons["average_score"].current.value == pytest.approx(57 / 14)
        assert period.comparisons["unresolved_referred"].current.value == pytest.approx(2 / 16)
        assert period.comparisons["handling_minutes"].current.value == pytest.approx(190 / 15)
        # The previous 30 days: Ana's four ratings 40 days ago; the one 200 days ago is in neither.
        assert (before.contacts, before.ratings, before.satisfied) == (4, 4, 3)

    def test_admin_sees_everyone(self, admin, figures_data):
        now = period_figures(admin, filters_for(admin)).current
        assert (now.contacts, now.ratings, now.satisfied) == (18, 16, 12)

    def test_staff_see_only_their_own(self, staff_a, figures_data):
        now = period_figures(staff_a, filters_for(staff_a)).current
        assert (now.contacts, now.ratings, now.satisfied) == (13, 12, 10)

    def test_other_department_manager_does_not_count_ours(self, manager_b, figures_data):
        now = period_figures(manager_b, filters_for(manager_b)).current
        assert (now.contacts, now.ratings) == (2, 2)

    def test_filters_narrow_the_figures(self, admin, figures_data, visit_point, staff_a):
        assert period_figures(admin, filters_for(admin, f"contact_point={visit_point.pk}")).current.contacts == 3
        assert period_figures(admin, filters_for(admin, "customer_kind=prospect")).current.contacts == 1
        assert period_figures(admin, filters_for(admin, f"representative={staff_a.pk}")).current.contacts == 13

    def test_target_of_the_contact_point(self, admin, figures_data, contact_point):
        period = period_figures(admin, filters_for(admin, f"contact_point={contact_point.pk}"), target_csat=0.85)
        assert period.comparisons["csat"].target == 0.85

    def test_the_rollup_and_the_contacts_agree_for_every_persona(
        self, figures_data, staff_a, staff_b, staff_other, manager_a, manager_b, admin
    ):
        for user in (staff_a, staff_b, staff_other, manager_a, manager_b, admin):
            from_rollup = sum(ContactDayRollup.objects.visible_to(user).values_list("contacts", flat=True))
            assert from_rollup == Contact.objects.visible_to(user).count(), user


class TestTrendAcrossDaylightSaving:
    def test_days_are_local_days_when_summer_time_begins(self, admin, staff_a, contact_point):
        # 29 March 2026, Madrid: clocks go from 02:00 to 03:00 (UTC+1 → UTC+2).
        for moment in [
            datetime(2026, 3, 28, 22, 30, tzinfo=UTC),  # 23:30 on the 28th
            datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 00:30 on the 29th
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 on the 29th, just after the change
            datetime(2026, 3, 29, 21, 30, tzinfo=UTC),  # 23:30 on the 29th (UTC+2)
            datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # 00:30 on the 30th
        ]:
            log(staff_a, contact_point, when=moment, score=5)
        points = trend(admin, filters_for(admin, "date_from=2026-03-27&date_to=2026-03-30"))
        assert [(point.start, point.counts.contacts) for point in points] == [
            (date(2026, 3, 27), 0),
            (date(2026, 3, 28), 1),
            (date(2026, 3, 29), 3),
            (date(2026, 3, 30), 1),
        ]

    def test_days_are_local_days_when_summer_time_ends(self, admin, staff_a, contact_point):
        # 25 October 2026: clocks go from 03:00 back to 02:00 (UTC+2 → UTC+1); the day lasts 25 hours.
        for moment in [
            datetime(2026, 10, 24, 21, 30, tzinfo=UTC),  # 23:30 on the 24th (UTC+2)
            datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00:30 on the 25th
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 the first time
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 the second time
            datetime(2026, 10, 25, 22, 30, tzinfo=UTC),  # 23:30 on the 25th (UTC+1)
            datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # 00:30 on the 26th
        ]:
            log(staff_a, contact_point, when=moment)
        points = trend(admin, filters_for(admin, "date_from=2026-10-24&date_to=2026-10-26"))
        assert [point.counts.contacts for point in points] == [1, 4, 1]

    def test_weeks_start_on_monday_and_are_clipped_to_the_period(self, admin, staff_a, contact_point):
        log(staff_a, contact_point, when=datetime(2026, 3, 29, 21, 30, tzinfo=UTC))  # Sunday 29 March, 23:30
        log(staff_a, contact_point, when=datetime(2026, 3, 29, 22, 30, tzinfo=UTC))  # Monday 30 March, 00:30
        points = trend(admin, filters_for(admin, "date_from=2026-03-04&date_to=2026-04-30"))
        assert points[0].start == date(2026, 3, 4)  # a Wednesday: the first week is clipped
        assert points[0].end == date(2026, 3, 8)
        assert points[-1].end == date(2026, 4, 30)
        by_start = {point.start: point.counts.contacts for point in points}
        assert by_start[date(2026, 3, 23)] == 1
        assert by_start[date(2026, 3, 30)] == 1
        assert sum(by_start.values()) == 2

    @pytest.mark.parametrize(("language", "first_day"), [("en-gb", date(2026, 3, 2)), ("es", date(2026, 3, 2))])
    def test_english_and_spanish_weeks_start_on_monday(self, admin, language, first_day):
        with translation.override(language):
            points = trend(admin, filters_for(admin, "date_from=2026-03-01&date_to=2026-04-30"))
        assert points[1].start == first_day
        assert [point.start.weekday() for point in points[1:]] == [0] * (len(points) - 1)

    def test_thai_weeks_start_on_sunday_and_count_each_day_once(self, admin, staff_a, contact_point):
        log(staff_a, contact_point, when=datetime(2026, 3, 7, 12, tzinfo=UTC))  # Saturday 7 March
        log(staff_a, contact_point, when=datetime(2026, 3, 8, 12, tzinfo=UTC))  # Sunday 8 March
        log(staff_a, contact_point, when=datetime(2026, 3, 9, 12, tzinfo=UTC))  # Monday 9 March
        log(staff_a, contact_point, when=datetime(2026, 3, 14, 12, tzinfo=UTC))  # Saturday 14 March
        log(staff_a, contact_point, when=datetime(2026, 3, 15, 12, tzinfo=UTC))  # Sunday 15 March
        with translation.override("th"):
            points = trend(admin, filters_for(admin, "date_from=2026-03-04&date_to=2026-04-30"))
        assert (points[0].start, points[0].end) == (date(2026, 3, 4), date(2026, 3, 7))  # Wednesday to Saturday
        assert all(point.start.weekday() == 6 for point in points[1:])
        by_start = {point.start: point.counts.contacts for point in points}
        assert by_start[date(2026, 3, 4)] == 1
        assert by_start[date(2026, 3, 8)] == 3
        assert by_start[date(2026, 3, 15)] == 1
        assert sum(by_start.values()) == 5

    def test_every_day_of_the_period_is_a_bucket_even_empty_ones(self, admin, figures_data):
        points = trend(admin, filters_for(admin, "period=7"))
        assert len(points) == 7
        assert sum(point.counts.contacts for point in points) == 18


class TestRanking:
    def test_contact_points_below_the_minimum_are_never_ranked(self, admin, staff_a, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        great = ContactPointFactory(name="Great", department=staff_a.department)
        poor = ContactPointFactory(name="Poor", department=staff_a.department)
        tiny = ContactPointFactory(name="Tiny but perfect", department=staff_a.department)
        for _ in range(10):
            log(staff_a, great, score=5)
            log(staff_a, poor, score=2)
        for _ in range(3):
            log(staff_a, tiny, score=5)
        rows = breakdown(admin, filters_for(admin), "contact_point")
        best, worst = ranked(rows)
        assert [row.label for row in best] == ["Great"]
        assert [row.label for row in worst] == ["Poor"]
        tiny_row = next(row for row in rows if row.label == "Tiny but perfect")
        assert tiny_row.csat.small_sample
        assert tiny_row.csat.small_sample_note == "n = 3, too few to compare"

    def test_breakdowns_name_each_row(self, admin, figures_data, staff_a):
        rows = {row.label: row for row in breakdown(admin, filters_for(admin), "representative")}
        assert rows[staff_a.name].counts.contacts == 13
        kinds = {row.label: row.counts.contacts for row in breakdown(admin, filters_for(admin), "customer_kind")}
        assert kinds == {"Current customer": 17, "Prospect": 1}


class TestMemorableMoments:
    def test_newest_first_only_extremes_and_only_visible(self, manager_a, figures_data):
        moments = list(memorable_moments(manager_a, filters_for(manager_a)))
        assert {contact.rating.score for contact in moments} == {1, 5}
        assert len(moments) == 8  # Ana: six 5s and a 1; Bruno: a 5. Olga's are another department's.
        assert [c.occurred_at for c in moments] == sorted((c.occurred_at for c in moments), reverse=True)

    def test_with_a_comment_only(self, manager_a, figures_data):
        moments = list(memorable_moments(manager_a, filters_for(manager_a), with_comment=True))
        assert len(moments) == 7
        assert all(contact.rating.comment for contact in moments)

    def test_someone_outside_every_department_sees_only_themselves(self, db, contact_point):
        loner = UserFactory(username="loner")
        log(loner, contact_point, score=5)
        assert len(list(memorable_moments(loner, filters_for(loner)))) == 1
