"""The customer's scales, each written once: satisfaction 1–5 and effort 1–7.

Everything that stores, checks, counts or draws a score reads it from here:
the rating's check constraints, the services' validation, the forms'
choices, the rollup's score columns, the dashboards' distribution and the
templates' colours.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

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
        raise ValidationError({field: f"Choose a score from {MIN_SCORE} to {MAX_SCORE}."})


def effort_score_check(effort_score: int | None, *, field: str = "effort_score") -> None:
    """Refuse an effort score off its scale (none given is fine), as a form error on `field`."""
    if effort_score is not None and not MIN_EFFORT_SCORE <= effort_score <= MAX_EFFORT_SCORE:
        raise ValidationError({field: f"Choose a value from {MIN_EFFORT_SCORE} to {MAX_EFFORT_SCORE}."})


def score_tone(score: int) -> str:
    """How a score is coloured (a Bootstrap contextual name): satisfied, neutral or dissatisfied."""
    if score in SATISFIED_SCORES:
        return "success"
    return "secondary" if score == NEUTRAL_SCORE else "danger"
