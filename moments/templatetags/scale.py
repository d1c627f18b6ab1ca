"""The satisfaction scale in templates, from moments.scale: `{{ score|score_tone }}`, `{% max_score %}`.

A builtin library (TEMPLATES' builtins), so no template loads it.
"""

from __future__ import annotations

from django import template

from moments import scale

register = template.Library()


@register.filter
def score_tone(score: int) -> str:
    """{{ 4|score_tone }} → "success": the Bootstrap colour of a satisfied, neutral or dissatisfied score."""
    return scale.score_tone(score)


@register.simple_tag
def max_score() -> int:
    """{{ rating.score }}/{% max_score %} → "4/5"."""
    return scale.MAX_SCORE
