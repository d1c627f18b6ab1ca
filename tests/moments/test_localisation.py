"""Dates and numbers in each language's own way, and Thai years in the Buddhist Era."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from moments.localisation import (
    customer_language,
    first_day_of_week,
    format_change,
    format_date,
    format_date_range,
    format_day_month,
    format_day_month_range,
    format_number,
    format_percent,
    format_points,
    uses_buddhist_era,
    week_start,
)
from moments.models import Customer

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "1 Dec 2026"), ("es", "1 de diciembre de 2026"), ("th", "1 ธันวาคม 2569")],
)
def test_a_date_is_written_the_languages_way(language: str, expected: str) -> None:
    with translation.override(language):
        assert format_date(DAY) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "01/12/2026"), ("es", "01/12/2026"), ("th", "1 ธ.ค. 2569")],
)
def test_short_dates_follow_the_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert format_date(DAY, "SHORT_DATE_FORMAT") == expected


def test_times_are_on_the_24_hour_clock_in_english() -> None:
    with translation.override("en-gb"):
        assert format_date(datetime(2026, 12, 1, 14, 5), "DATETIME_FORMAT") == "1 Dec 2026, 14:05"


class TestBuddhistEra:
    def test_thai_years_are_counted_from_543_bce(self) -> None:
        with translation.override("th"):
            assert format_date(date(2026, 1, 1), "Y") == "2569"
            assert format_date(date(2026, 1, 1), "y") == "69"

    def test_the_iso_year_is_shifted_too(self) -> None:
        # 1 January 2027 is in ISO week 53 of 2026, so in 2569 BE.
        with translation.override("th"):
            assert format_date(date(2027, 1, 1), "o") == "2569"

    def test_other_languages_keep_the_common_era(self) -> None:
        for language in ("en-gb", "es"):
            with translation.override(language):
                assert format_date(date(2026, 1, 1), "Y") == "2026"

    @override_settings(THAI_BUDDHIST_ERA=False)
    def test_the_organisation_can_turn_it_off(self) -> None:
        with translation.override("th"):
            assert not uses_buddhist_era()
            assert format_date(date(2026, 1, 1), "Y") == "2026"

    def test_the_template_date_filter_is_buddhist_era_aware_everywhere(self) -> None:
        # No {% load %}: the filter is a builtin of every template, replacing Django's.
        template = Template('{{ day|date:"Y" }} {{ moment|date:"SHORT_DATETIME_FORMAT" }}')
        moment = timezone.make_aware(datetime(2026, 12, 1, 9, 30))
        with translation.override("th"):
            assert template.render(Context({"day": DAY, "moment": moment})) == "2569 1 ธ.ค. 2569, 9:30"

    def test_the_filter_gives_nothing_for_nothing(self) -> None:
        assert Template("{{ missing|date }}|{{ text|date }}").render(Context({"text": "soon"})) == "|"


class TestDateRanges:
    def test_one_year_is_written_once(self) -> None:
        with translation.override("en-gb"):
            assert format_date_range(date(2026, 11, 2), DAY) == "2 Nov – 1 Dec 2026"

    def test_a_range_across_years_names_both(self) -> None:
        with translation.override("en-gb"):
            assert format_date_range(date(2025, 11, 2), DAY) == "2 Nov 2025 – 1 Dec 2026"

    def test_a_single_day(self) -> None:
        with translation.override("th"):
            assert format_date_range(DAY, DAY) == "1 ธ.ค. 2569"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-gb", "12,480.5"), ("es", "12\xa0480,5"), ("th", "12,480.5")],
)
def test_numbers_use_the_languages_marks(language: str, expected: str) -> None:
    with translation.override(language):
        assert format_number(12480.49, 1) == expected


def test_shares_and_changes() -> None:
    with translation.override("en-gb"):
        assert format_percent(0.853) == "85 %"
        assert format_percent(0.8534, 1) == "85.3 %"
        assert format_points(0.04) == "+4 pts"
        assert format_points(-0.04) == "−4 pts"
        assert format_points(0) == "±0 pts"


def test_number_and_percent_filters() -> None:
    template = Template("{{ count|number }} {{ share|percent }} {{ none|percent }}.")
    with translation.override("es"):
        assert template.render(Context({"count": 12480, "share": 0.5, "none": None})) == "12\xa0480 50 % ."


class TestCustomerLanguage:
    def test_the_customers_own_language_comes_first(self, rf) -> None:
        request = rf.get("/", HTTP_ACCEPT_LANGUAGE="es")
        assert customer_language(Customer(language="th"), request) == "th"

    def test_then_the_browsers(self, rf) -> None:
        request = rf.get("/", HTTP_ACCEPT_LANGUAGE="es-AR,es;q=0.9")
        assert customer_language(Customer(), request) == "es"

    def test_then_the_organisations(self, rf, settings) -> None:
        settings.LANGUAGE_CODE = "th"
        assert customer_language(Customer()) == "th"
        assert customer_language(Customer(), rf.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "th"

    @pytest.mark.parametrize("header", ["", "*", "xx-!!", ";q=0.5", "a" * 500, "en;q=abc,,,", "\x00"])
    def test_a_malformed_accept_language_never_fails(self, rf, header: str) -> None:
        assert customer_language(Customer(), rf.get("/", HTTP_ACCEPT_LANGUAGE=header)) in {"en-gb", "es", "th"}

    @pytest.mark.parametrize("code", ["klingon", "", "th-TH", "EN"])
    def test_an_unknown_stored_language_falls_back(self, rf, code: str) -> None:
        assert customer_language(Customer(language=code), rf.get("/")) in {"en-gb", "th"}


def test_translation_tags_need_no_load() -> None:
    with translation.override("es"):
        assert Template('{% translate "Spanish" %}').render(Context()) == "Español"


class TestDayAndMonth:
    @pytest.mark.parametrize(("language", "expected"), [("en-gb", "4 Mar"), ("es", "4 Mar"), ("th", "4 มี.ค.")])
    def test_a_day_without_its_year(self, language: str, expected: str) -> None:
        with translation.override(language):
            assert format_day_month(date(2026, 3, 4)) == expected

    def test_a_span_of_days(self) -> None:
        with translation.override("th"):
            assert format_day_month_range(date(2026, 3, 29), date(2026, 4, 4)) == "29 มี.ค. – 4 เม.ย."
        assert format_day_month_range(date(2026, 3, 29), date(2026, 3, 29)) == "29 Mar"


class TestWeeks:
    @pytest.mark.parametrize(("language", "first_day"), [("en-gb", 1), ("es", 1), ("th", 0)])
    def test_each_language_starts_its_week_on_its_own_day(self, language: str, first_day: int) -> None:
        with translation.override(language):
            assert first_day_of_week() == first_day

    @pytest.mark.parametrize(
        ("day", "monday_week", "sunday_week"),
        [
            (date(2026, 3, 1), date(2026, 2, 23), date(2026, 3, 1)),  # a Sunday
            (date(2026, 3, 2), date(2026, 3, 2), date(2026, 3, 1)),  # a Monday
            (date(2026, 3, 7), date(2026, 3, 2), date(2026, 3, 1)),  # a Saturday
        ],
    )
    def test_the_week_a_day_is_in(self, day: date, monday_week: date, sunday_week: date) -> None:
        assert week_start(day, 1) == monday_week
        assert week_start(day, 0) == sunday_week
        with translation.override("th"):
            assert week_start(day) == sunday_week


def test_changes_of_counts_and_means_are_signed() -> None:
    assert format_change(5) == "+5"
    assert format_change(-0.25, 2) == "−0.25"
    assert format_change(0) == "±0"
    with translation.override("es"):
        assert format_change(1234.5, 1) == "+1\xa0234,5"
