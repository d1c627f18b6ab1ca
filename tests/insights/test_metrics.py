"""The figure definitions against examples worked out by hand."""

from __future__ import annotations

import pytest

from insights.metrics import (
    CSAT,
    Comparison,
    Counts,
    comparisons,
    figure,
    figures,
    weighted_target,
)

# Scores 1..5: 1, 1, 2, 6, 10 → 20 ratings, 16 satisfied.
COUNTS = Counts(
    contacts=25,
    scores=(1, 1, 2, 6, 10),
    unresolved=2,
    referred=3,
    timed_contacts=20,
    duration_minutes_total=250,
    invitations_sent=30,
    invitations_answered=18,
)


class TestFigures:
    def test_each_figure_from_the_counts(self):
        result = figures(COUNTS)
        assert result["contacts"].value == 25
        assert result["ratings"].value == 20
        assert result["csat"].value == pytest.approx(16 / 20)
        assert result["csat"].numerator == 16
        assert result["csat"].n == 20
        assert result["average_score"].value == pytest.approx((1 + 2 + 6 + 24 + 50) / 20)
        assert result["share_1"].value == pytest.approx(1 / 20)
        assert result["share_5"].value == pytest.approx(10 / 20)
        assert result["unresolved_referred"].value == pytest.approx(5 / 25)
        assert result["unresolved_referred"].n == 25
        assert result["handling_minutes"].value == pytest.approx(12.5)
        assert result["handling_minutes"].n == 20

    def test_csat_carries_its_wilson_interval(self):
        csat = figure(CSAT, COUNTS)
        assert csat.interval == pytest.approx((0.5840, 0.9193), abs=1e-4)
        assert csat.interval_display == "58–92 %"
        assert csat.display == "80 %"

    def test_response_rate_from_invitations(self):
        rate = comparisons(COUNTS, Counts())["response_rate"].current
        assert rate.value == pytest.approx(0.6)
        assert rate.n == 30

    def test_no_ratings_means_no_value_not_zero(self):
        empty = figures(Counts(contacts=3))
        assert empty["csat"].value is None
        assert empty["csat"].display == "—"
        assert empty["contacts"].value == 3


class TestMinimumSample:
    def test_below_the_minimum_a_figure_is_flagged_and_not_comparable(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        seven = figure(CSAT, Counts(contacts=7, scores=(0, 0, 1, 3, 3)))
        assert seven.small_sample
        assert not seven.comparable
        assert seven.small_sample_note == "n = 7, too few to compare"
        assert seven.value == pytest.approx(6 / 7)

    def test_at_the_minimum_it_counts(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        ten = figure(CSAT, Counts(contacts=10, scores=(0, 0, 2, 4, 4)))
        assert not ten.small_sample
        assert ten.comparable

    def test_the_setting_moves_the_threshold(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 30
        assert figure(CSAT, COUNTS).small_sample

    def test_counts_are_never_small_samples(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        assert figures(Counts(contacts=2))["contacts"].comparable


class TestComparison:
    def test_change_against_the_previous_period(self):
        before = Counts(contacts=20, scores=(2, 2, 4, 6, 6))
        result = comparisons(COUNTS, before)
        assert result["csat"].change == pytest.approx(0.8 - 0.6)
        assert result["csat"].change_display == "+20 pts"
        assert result["contacts"].change_display == "+5"
        assert result["average_score"].change == pytest.approx(4.15 - 3.6)

    def test_a_small_previous_period_is_not_compared(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        result = comparisons(COUNTS, Counts(contacts=3, scores=(0, 0, 0, 1, 2)))
        assert result["csat"].change is None
        assert result["csat"].trend == ""

    def test_a_change_within_chance_gets_no_direction(self):
        # 80 % of 20 against 75 % of 20: far inside the noise at these sizes.
        result = comparisons(COUNTS, Counts(contacts=20, scores=(1, 1, 3, 5, 10)))
        assert result["csat"].change == pytest.approx(0.05)
        assert not result["csat"].change_is_real
        assert result["csat"].trend == ""

    def test_a_large_change_on_large_samples_has_a_direction(self):
        now = Counts(contacts=1000, scores=(50, 50, 100, 300, 500))
        before = Counts(contacts=1000, scores=(100, 100, 200, 300, 300))
        result = comparisons(now, before)
        assert result["csat"].trend == "better"
        assert result["share_1"].trend == "better"  # fewer 1s is better


class TestTarget:
    def test_meets_below_or_too_close(self):
        comfortable = Counts(contacts=200, scores=(5, 5, 10, 80, 100))  # 90 %, interval about 85–93 %
        assert Comparison(figure(CSAT, comfortable), figure(CSAT, Counts()), 0.80).target_status == "meets"
        assert Comparison(figure(CSAT, comfortable), figure(CSAT, Counts()), 0.97).target_status == "below"
        assert Comparison(figure(CSAT, comfortable), figure(CSAT, Counts()), 0.90).target_status == "uncertain"

    def test_no_status_on_a_small_sample(self, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        few = Counts(contacts=3, scores=(0, 0, 0, 0, 3))
        assert Comparison(figure(CSAT, few), figure(CSAT, Counts()), 0.8).target_status == ""

    def test_only_csat_has_a_target(self):
        result = comparisons(COUNTS, Counts(), 0.85)
        assert result["csat"].target == 0.85
        assert result["average_score"].target is None

    def test_weighted_target_of_a_mix_of_contact_points(self):
        # 30 ratings at a target of 90 %, 10 at 70 %, 50 at a point without a target.
        assert weighted_target([(90, 30), (70, 10), (None, 50)]) == pytest.approx(0.85)
        assert weighted_target([(None, 5)]) is None
        assert weighted_target([(80, 0)]) is None
