"""The satisfaction and effort scales, and the checks and colours everything takes from them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template import engines

from moments.scale import (
    EFFORT_SCORES,
    MAX_SCORE,
    MEMORABLE_SCORES,
    MIN_SCORE,
    SATISFIED_SCORES,
    SCORES,
    effort_score_check,
    score_check,
    score_tone,
)


def test_the_scale_runs_from_one_to_five_and_csat_counts_the_top_two():
    assert SCORES == (1, 2, 3, 4, 5)
    assert SATISFIED_SCORES == (4, 5)
    assert MEMORABLE_SCORES == (1, 5)
    assert EFFORT_SCORES == (1, 2, 3, 4, 5, 6, 7)


@pytest.mark.parametrize("score", [MIN_SCORE - 1, MAX_SCORE + 1])
def test_a_score_off_the_scale_is_refused_on_the_named_field(score):
    with pytest.raises(ValidationError) as refused:
        score_check(score, field="new_score")

    assert refused.value.message_dict == {"new_score": ["Choose a score from 1 to 5."]}


@pytest.mark.parametrize("score", SCORES)
def test_every_score_on_the_scale_is_accepted(score):
    score_check(score)


def test_an_effort_score_off_its_scale_is_refused_and_none_is_accepted():
    effort_score_check(None)
    effort_score_check(7)
    with pytest.raises(ValidationError) as refused:
        effort_score_check(8)

    assert refused.value.message_dict == {"effort_score": ["Choose a value from 1 to 7."]}


def test_scores_are_coloured_satisfied_neutral_or_dissatisfied():
    assert [score_tone(score) for score in SCORES] == ["danger", "danger", "secondary", "success", "success"]


def test_templates_colour_a_score_and_name_the_top_of_the_scale_without_loading_anything():
    template = engines["django"].from_string("{{ score|score_tone }} {{ score }}/{% max_score %}")

    assert template.render({"score": 2}) == "danger 2/5"
