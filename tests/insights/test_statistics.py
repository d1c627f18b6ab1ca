"""The statistics module against published reference values.

Reference numbers come from Newcombe (1998), Statistics in Medicine 17:873–890
(Table II, method 10), and were checked against statsmodels 0.15
(`proportion_confint(method="wilson")`, `confint_proportions_2indep(method="newcomb")`,
`multipletests(method="fdr_bh")`, `CompareMeans.zconfint_diff(usevar="unequal")`)
and scipy 1.18 (`binom.cdf`, `binom.sf`); neither is a dependency of Moments.
"""

from __future__ import annotations

import random

import pytest

from insights.statistics import (
    Estimate,
    ScoreSample,
    benjamini_hochberg,
    binomial_lower_tail,
    binomial_upper_tail,
    difference_in_differences,
    funnel_limits,
    mean_difference,
    mover_difference,
    newcombe_difference,
    proportions_differ,
    wilson_interval,
)


class TestWilsonInterval:
    @pytest.mark.parametrize(
        ("successes", "n", "low", "high"),
        [
            (0, 10, 0.0, 0.277533),
            (10, 10, 0.722467, 1.0),
            (1, 20, 0.008881, 0.236131),
            (8, 10, 0.490162, 0.943318),
            (45, 50, 0.786398, 0.956524),
            (81, 263, 0.255289, 0.366210),
            (15, 148, 0.062386, 0.160487),
        ],
    )
    def test_reference_values(self, successes: int, n: int, low: float, high: float) -> None:
        assert wilson_interval(successes, n) == pytest.approx((low, high), abs=1e-6)

    def test_no_observations_no_interval(self) -> None:
        assert wilson_interval(0, 0) is None

    def test_interval_narrows_as_n_grows(self) -> None:
        small, large = wilson_interval(8, 10), wilson_interval(800, 1000)
        assert small is not None and large is not None
        assert large[1] - large[0] < small[1] - small[0]


class TestTwoProportionTest:
    def test_a_large_change_on_large_samples_is_real(self) -> None:
        assert proportions_differ(80, 100, 60, 100)

    def test_the_same_change_on_small_samples_is_within_chance(self) -> None:
        assert not proportions_differ(8, 10, 6, 10)

    def test_all_or_nothing_on_both_sides(self) -> None:
        assert not proportions_differ(10, 10, 20, 20)
        assert proportions_differ(10, 10, 0, 10)

    def test_an_empty_group_never_differs(self) -> None:
        assert not proportions_differ(0, 0, 5, 10)


class TestNewcombeDifference:
    @pytest.mark.parametrize(
        ("k1", "n1", "k2", "n2", "difference", "low", "high"),
        [
            # Newcombe 1998, Table II, examples (a) and (d).
            (56, 70, 48, 80, 0.2, 0.052431, 0.333873),
            (5, 56, 0, 29, 0.089286, -0.038137, 0.192560),
            (9, 10, 3, 10, 0.6, 0.170523, 0.809018),
            (6, 7, 2, 7, 0.571429, 0.058228, 0.806250),
            (430, 500, 400, 520, 0.090769, 0.043157, 0.137868),
            (3, 15, 12, 15, -0.6, -0.783175, -0.243824),
        ],
    )
    def test_reference_values(
        self, k1: int, n1: int, k2: int, n2: int, difference: float, low: float, high: float
    ) -> None:
        estimate = newcombe_difference(k1, n1, k2, n2)
        assert estimate is not None
        assert (estimate.value, estimate.low, estimate.high) == pytest.approx((difference, low, high), abs=1e-6)

    @pytest.mark.parametrize(
        ("k1", "n1", "k2", "n2", "low", "high"),
        [
            (0, 10, 0, 20, -0.161125, 0.277533),  # 0 % against 0 %
            (10, 10, 20, 20, -0.277533, 0.161125),  # 100 % against 100 %
            (10, 10, 0, 20, 0.679086, 1.0),  # 100 % against 0 %
            (1, 1, 0, 1, -0.122109, 1.0),  # a single observation each
        ],
    )
    def test_extremes_and_tiny_samples(self, k1: int, n1: int, k2: int, n2: int, low: float, high: float) -> None:
        estimate = newcombe_difference(k1, n1, k2, n2)
        assert estimate is not None
        assert (estimate.low, estimate.high) == pytest.approx((low, high), abs=1e-6)
        assert -1.0 <= estimate.low <= estimate.value <= estimate.high <= 1.0

    def test_an_empty_group_has_no_estimate(self) -> None:
        assert newcombe_difference(3, 10, 0, 0) is None
        assert newcombe_difference(0, 0, 3, 10) is None

    def test_swapping_the_groups_mirrors_the_interval(self) -> None:
        forward, backward = newcombe_difference(56, 70, 48, 80), newcombe_difference(48, 80, 56, 70)
        assert forward is not None and backward is not None
        assert (backward.value, backward.low, backward.high) == pytest.approx(
            (-forward.value, -forward.high, -forward.low)
        )


class TestDifferenceInDifferences:
    def test_reference_value(self) -> None:
        # Target 48/80 → 56/70, comparison 400/520 → 430/500: the MOVER on the
        # two Newcombe intervals above, (0.2 [0.052431, 0.333873]) − (0.090769 [0.043157, 0.137868]).
        estimate = difference_in_differences((48, 80), (56, 70), (400, 520), (430, 500))
        assert estimate is not None
        assert (estimate.value, estimate.low, estimate.high) == pytest.approx((0.109231, -0.045672, 0.251318), abs=1e-6)
        assert estimate.direction == 0

    def test_a_flat_comparison_group_leaves_the_targets_own_change(self) -> None:
        # A huge comparison group that did not move adds almost no uncertainty.
        did = difference_in_differences((48, 80), (56, 70), (600_000, 1_000_000), (600_000, 1_000_000))
        own = newcombe_difference(56, 70, 48, 80)
        assert did is not None and own is not None
        assert (did.value, did.low, did.high) == pytest.approx((own.value, own.low, own.high), abs=2e-3)

    def test_everyone_rising_together_is_no_effect(self) -> None:
        # The whole organisation rose by 20 points: the target's rise is no effect of its own.
        estimate = difference_in_differences((120, 200), (160, 200), (1200, 2000), (1600, 2000))
        assert estimate is not None
        assert estimate.value == pytest.approx(0.0)
        assert estimate.direction == 0

    def test_only_the_target_rising_is_an_effect(self) -> None:
        estimate = difference_in_differences((120, 200), (170, 200), (1200, 2000), (1210, 2000))
        assert estimate is not None
        assert estimate.direction == 1

    def test_an_empty_window_has_no_estimate(self) -> None:
        assert difference_in_differences((0, 0), (5, 10), (5, 10), (5, 10)) is None

    def test_coverage_is_close_to_ninety_five_percent(self) -> None:
        # Simulated with a fixed seed: true effect 0.1 on groups of 150 and 400.
        rng = random.Random(20261201)
        truth = (0.6, 0.75, 0.7, 0.75)  # target before/after, comparison before/after: DiD = 0.10
        sizes = (150, 150, 400, 400)
        covered = 0
        runs = 2000
        for _ in range(runs):
            counts = [sum(rng.random() < p for _ in range(n)) for p, n in zip(truth, sizes, strict=True)]
            estimate = difference_in_differences(*((k, n) for k, n in zip(counts, sizes, strict=True)))
            assert estimate is not None
            covered += estimate.low <= 0.10 <= estimate.high
        assert 0.93 <= covered / runs <= 0.97


class TestMover:
    def test_symmetric_intervals_add_in_quadrature(self) -> None:
        result = mover_difference(Estimate(0.3, 0.2, 0.4), Estimate(0.1, 0.0, 0.2))
        half = (0.1**2 + 0.1**2) ** 0.5
        assert (result.value, result.low, result.high) == pytest.approx((0.2, 0.2 - half, 0.2 + half))


class TestMeanDifference:
    def test_reference_value(self) -> None:
        after = ScoreSample((2, 3, 10, 20, 15))
        before = ScoreSample((5, 5, 10, 15, 5))
        estimate = mean_difference(after, before)
        assert estimate is not None
        assert (estimate.value, estimate.low, estimate.high) == pytest.approx((0.61, 0.134298, 1.085702), abs=1e-6)

    def test_mean_and_variance_from_counts(self) -> None:
        sample = ScoreSample((1, 0, 0, 0, 1))  # a 1 and a 5
        assert sample.n == 2
        assert sample.mean == 3
        assert sample.variance == 8

    def test_fewer_than_two_observations_have_no_interval(self) -> None:
        assert mean_difference(ScoreSample((0, 0, 0, 0, 1)), ScoreSample((1, 1, 0, 0, 0))) is None
        assert ScoreSample((0, 0, 0, 0, 0)).mean is None


class TestBinomialTails:
    @pytest.mark.parametrize(
        ("k", "n", "p", "lower", "upper"),
        [
            (3, 20, 0.5, 0.0012884140014648438, 0.9997987747192383),
            (0, 10, 0.3, 0.0282475249, 1.0),
            (40, 100, 0.55, 0.0018201782006504153, 0.9990617681011207),
            (150, 400, 0.42, 0.037575799844106576, 0.9700859209541912),
            (7, 7, 0.2, 1.0, 1.28e-05),
            (12, 50, 0.8, 2.4824809896947872e-17, 1.0),
        ],
    )
    def test_reference_values(self, k: int, n: int, p: float, lower: float, upper: float) -> None:
        assert binomial_lower_tail(k, n, p) == pytest.approx(lower, rel=1e-9)
        assert binomial_upper_tail(k, n, p) == pytest.approx(upper, rel=1e-9)

    def test_certain_rates(self) -> None:
        assert binomial_lower_tail(3, 10, 0.0) == 1.0
        assert binomial_lower_tail(3, 10, 1.0) == 0.0

    def test_large_samples_stay_finite(self) -> None:
        assert 0.0 <= binomial_lower_tail(4000, 10_000, 0.41) <= 1.0


class TestFunnelLimits:
    def test_band_narrows_with_n(self) -> None:
        narrow, wide = funnel_limits(0.8, 400), funnel_limits(0.8, 25)
        assert narrow is not None and wide is not None
        assert narrow == pytest.approx((0.760800, 0.839200), abs=1e-6)
        assert wide[1] - wide[0] > narrow[1] - narrow[0]

    def test_band_stays_within_zero_and_one(self) -> None:
        assert funnel_limits(0.98, 10) == pytest.approx((0.893229, 1.0), abs=1e-6)

    def test_no_observations_no_band(self) -> None:
        assert funnel_limits(0.5, 0) is None


class TestBenjaminiHochberg:
    def test_reference_values(self) -> None:
        p_values = [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.045, 0.001]
        assert benjamini_hochberg(p_values) == [True, False, False, True, False, False, False, True]

    def test_nothing_to_test(self) -> None:
        assert benjamini_hochberg([]) == []

    def test_null_p_values_flag_almost_nothing(self) -> None:
        # 400 cells where nobody is truly different: uniform p-values.
        rng = random.Random(7)
        flags = benjamini_hochberg([rng.random() for _ in range(400)])
        assert sum(flags) <= 2

    def test_a_step_up_rejects_below_a_larger_passing_rank(self) -> None:
        # 0.04 alone would fail at rank 2 (0.025) but the rank-3 value passes (0.05), so both are rejected.
        assert benjamini_hochberg([0.001, 0.04, 0.05]) == [True, True, True]
