"""The customer's scales, each written once: satisfaction 1–5 and effort 1–7.

Everything that stores, checks, counts or draws a score reads it from here:
the rating's check constraints, the services' validation, the forms'
choices, the rollup's score columns, the dashboards' distribution and the
templates' colours.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

MIN_SCORE = 1
MAX_SCORE = 5
SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))
# CSAT counts the top two boxes as satisfied: 4 and 5.
SATISFIED_SCORES = SCORES[-2:]
# The middle of the scale: neither satisfied nor dissatisfied.
NEUTRAL_SCORE = (MIN_SCORE + MAX_SCORE) // 2
# The moments customers remember: the 1s and the 5s.
MEMORABLE_SCORES = (MIN_SCORE, MAX_SCORE)

# Customer effort score: "The organisation made it easy to handle my request", 1–7
# as in the CES 2.0 questionnaire.
MIN_EFFORT_SCORE = 1
MAX_EFFORT_SCORE = 7
EFFORT_SCORES = tuple(range(MIN_EFFORT_SCORE, MAX_EFFORT_SCORE + 1))


def score_check(score: int, *, field: str = "score") -> None:
    """Refuse a satisfaction score off the scale, as a form error on `field`."""
    if not MIN_SCORE <= score <= MAX_SCORE:
        message = gettext("Choose a score from %(low)d to %(high)d.") % {"low": MIN_SCORE, "high": MAX_SCORE}
        raise ValidationError({field: message})


def effort_score_check(effort_score: int | None, *, field: str = "effort_score") -> None:
    """Refuse an effort score off its scale (none given is fine), as a form error on `field`."""
    if effort_score is not None and not MIN_EFFORT_SCORE <= effort_score <= MAX_EFFORT_SCORE:
        limits = {"low": MIN_EFFORT_SCORE, "high": MAX_EFFORT_SCORE}
        message = gettext("Choose a value from %(low)d to %(high)d.") % limits
        raise ValidationError({field: message})


def score_tone(score: int) -> str:
    """How a score is coloured (a Bootstrap contextual name): satisfied, neutral or dissatisfied."""
    if score in SATISFIED_SCORES:
        return "success"
    return "secondary" if score == NEUTRAL_SCORE else "danger"
