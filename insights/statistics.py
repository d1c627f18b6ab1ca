"""The statistics behind every claim Moments makes: intervals, changes, effects and flags.

One module, no Django and no database: plain arithmetic on counts that the
database has already added up, so each function can be checked against
published reference values (tests/insights/test_statistics.py holds them).

- Wilson's score interval for one proportion (CSAT of a period).
- Newcombe's hybrid score interval for the difference of two independent
  proportions (method 10 of Newcombe 1998, Statistics in Medicine 17:873–890;
  statsmodels' ``confint_proportions_2indep(method="newcomb")``): the change
  of CSAT before and after an action or a decision.
- The MOVER (method of variance estimates recovery, Zou & Donner 2008,
  Statistics in Medicine 27:1693–1702) to combine two such intervals into
  one for a difference of differences: the change in the target minus the
  change in a comparison group over the same windows.
- Welch's normal interval for the difference of two means, from score counts.
- Exact binomial tails, for the training matrix's funnel (is this person's
  CSAT at a contact point below everyone else's beyond chance?), and the
  Benjamini–Hochberg step-up procedure, so that a matrix of hundreds of
  cells does not flag people by luck.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The normal quantile for a two-sided 95 % interval.
Z_95 = 1.959963984540054
# The false-discovery rate the training matrix accepts across its cells.
DEFAULT_FDR = 0.05


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval (both ends inclusive)."""

    value: float
    low: float
    high: float

    @property
    def direction(self) -> int:
        """+1 when the whole interval is above zero, -1 when below, 0 when it contains zero."""
        if self.low > 0:
            return 1
        if self.high < 0:
            return -1
        return 0


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion: honest at small n and near 0 % or 100 %, unlike p ± z·se."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def proportions_differ(k1: int, n1: int, k2: int, n2: int, z: float = Z_95) -> bool:
    """Two-proportion z-test at 95 %: is the change larger than chance alone would make it?"""
    if n1 <= 0 or n2 <= 0:
        return False
    pooled = (k1 + k2) / (n1 + n2)
    if pooled in (0, 1):
        return k1 / n1 != k2 / n2
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return abs(k1 / n1 - k2 / n2) > z * standard_error


def newcombe_difference(k1: int, n1: int, k2: int, n2: int, z: float = Z_95) -> Estimate | None:
    """p1 − p2 with Newcombe's hybrid score interval (method 10); None when either group is empty.

    Each proportion gets its Wilson interval, and the two are combined by
    squaring the distances from each estimate to the relevant limit.
    Unlike p ± z·se it stays inside −1…1 and is honest at 0 % and 100 %.
    """
    one, two = wilson_interval(k1, n1, z), wilson_interval(k2, n2, z)
    if one is None or two is None:
        return None
    p1, p2 = k1 / n1, k2 / n2
    (low1, high1), (low2, high2) = one, two
    difference = p1 - p2
    return Estimate(
        value=difference,
        low=difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2),
        high=difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2),
    )


def mover_difference(first: Estimate, second: Estimate) -> Estimate:
    """first − second, each with its own interval, by the MOVER (Zou & Donner 2008).

    The distances from each estimate to its limits stand in for its
    variance; this keeps the asymmetry of score intervals, which a plain
    sum of standard errors would throw away.
    """
    value = first.value - second.value
    return Estimate(
        value=value,
        low=value - math.sqrt((first.value - first.low) ** 2 + (second.high - second.value) ** 2),
        high=value + math.sqrt((first.high - first.value) ** 2 + (second.value - second.low) ** 2),
    )


def difference_in_differences(
    target_before: tuple[int, int],
    target_after: tuple[int, int],
    comparison_before: tuple[int, int],
    comparison_after: tuple[int, int],
    z: float = Z_95,
) -> Estimate | None:
    """(target after − before) − (comparison after − before), each a (successes, n) pair.

    What changed in the target beyond what changed anyway over the same
    windows: the comparison group carries the season, the organisation's
    other changes, and the regression to the mean of a target picked for
    its low scores. None when any of the four groups is empty.
    """
    target = newcombe_difference(*target_after, *target_before, z=z)
    comparison = newcombe_difference(*comparison_after, *comparison_before, z=z)
    if target is None or comparison is None:
        return None
    return mover_difference(target, comparison)


@dataclass(frozen=True)
class ScoreSample:
    """Counts of each score 1…k: enough to know a sample's mean and variance exactly."""

    counts: tuple[int, ...]

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        return sum(score * count for score, count in enumerate(self.counts, start=1)) / self.n

    @property
    def variance(self) -> float | None:
        """The sample variance (n − 1 in the denominator); None below two observations."""
        mean = self.mean
        if mean is None or self.n < 2:
            return None
        squares = sum(count * (score - mean) ** 2 for score, count in enumerate(self.counts, start=1))
        return squares / (self.n - 1)


def mean_difference(after: ScoreSample, before: ScoreSample, z: float = Z_95) -> Estimate | None:
    """after.mean − before.mean with Welch's normal interval; None below two observations in either."""
    if after.variance is None or before.variance is None or after.mean is None or before.mean is None:
        return None
    difference = after.mean - before.mean
    half_width = z * math.sqrt(after.variance / after.n + before.variance / before.n)
    return Estimate(value=difference, low=difference - half_width, high=difference + half_width)


def _log_binomial_term(k: int, n: int, p: float) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def binomial_lower_tail(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Binomial(n, p), exactly (a sum of terms in log space, stable for large n)."""
    if n < 0 or k < 0:
        raise ValueError("k and n must not be negative.")
    if k >= n:
        return 1.0
    if p <= 0:
        return 1.0
    if p >= 1:
        return 0.0
    terms = [_log_binomial_term(i, n, p) for i in range(k + 1)]
    largest = max(terms)
    return min(1.0, math.exp(largest) * sum(math.exp(term - largest) for term in terms))


def binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    return max(0.0, 1.0 - binomial_lower_tail(k - 1, n, p))


def funnel_limits(p0: float, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The band a proportion from n observations stays in, 95 % of the time, when its true rate is p0.

    The normal approximation, as funnel plots draw it (Spiegelhalter 2005);
    the flags themselves use the exact binomial tail.
    """
    if n <= 0 or not 0 <= p0 <= 1:
        return None
    half_width = z * math.sqrt(p0 * (1 - p0) / n)
    return max(0.0, p0 - half_width), min(1.0, p0 + half_width)


def benjamini_hochberg(p_values: Sequence[float], q: float = DEFAULT_FDR) -> list[bool]:
    """Which hypotheses to reject so that, on average, at most a share q of the rejections are false.

    The step-up procedure: sort the p-values, find the largest rank i with
    p(i) ≤ i·q/m, and reject every hypothesis up to that rank.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda index: p_values[index])
    cutoff_rank = 0
    for rank, index in enumerate(order, start=1):
        if p_values[index] <= rank * q / m:
            cutoff_rank = rank
    rejected = [False] * m
    for index in order[:cutoff_rank]:
        rejected[index] = True
    return rejected
