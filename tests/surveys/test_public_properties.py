"""Whatever a client posts to a survey link: never a 500, and nothing saved unless it is a valid answer."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moments.models import Rating
from surveys.models import SurveyInvitation
from tests.hypothesis_settings import SUITE_SUPPRESSED

# Comments either side of the 1,000-character limit. A short piece repeated:
# drawing a thousand random characters for every example made generating the
# data cost more than posting it.
long_text = st.builds(
    lambda piece, length: (piece * length)[:length],
    st.text(min_size=1, max_size=12, alphabet=st.characters(codec="utf-8")),
    st.integers(min_value=990, max_value=1100),
)
FIELDS = ["score", "comment", "effort_score", "csrfmiddlewaretoken", "extra"]
values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-10, max_value=20).map(str),
    st.sampled_from(["1", "5", "3 ", " 4", "٣", "１", "5.0", "1e0", "0x1", "null", "[]"]),
    long_text,
)
form_data = st.dictionaries(st.sampled_from(FIELDS), values, max_size=5)


@pytest.mark.django_db
# The invitation fixture is shared by the examples; each one rolls its answer back.
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, *SUITE_SUPPRESSED])
@given(data=form_data, asks_effort=st.booleans())
def test_any_form_data_gets_a_clear_answer_and_bad_data_saves_nothing(as_user, invitation, data, asks_effort):
    cache.clear()  # the rate limit would answer 429 after a few examples
    invitation.contact.contact_point.asks_effort = asks_effort
    invitation.contact.contact_point.save()
    # Each example starts from the same unanswered invitation.
    with transaction.atomic():
        response = as_user(None).post(f"/r/{invitation.token}/", data)
        ratings = list(Rating.objects.filter(contact=invitation.contact))
        answered_at = SurveyInvitation.objects.get(pk=invitation.pk).answered_at
        transaction.set_rollback(True)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert ratings == [] and answered_at is None
        assert "Please" in response.content.decode()
    else:
        [rating] = ratings
        assert 1 <= rating.score <= 5
        assert str(rating.score) == data["score"].strip()
        assert len(rating.comment) <= 1000
        assert answered_at is not None
        if not asks_effort:
            assert rating.effort_score is None
