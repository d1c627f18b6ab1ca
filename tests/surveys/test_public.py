"""The customer's page: every state of an invitation, its status code, and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moments.models import Rating
from surveys.models import SurveyInvitation
from tests.factories import ContactFactory, RatingFactory, SurveyInvitationFactory
from tests.surveys.conftest import STEADY_WINDOW, survey_url

pytestmark = pytest.mark.django_db


def test_a_new_link_shows_the_question_with_the_contact_and_first_name(as_user, invitation):
    response = as_user(None).get(survey_url(invitation))

    assert response.status_code == 200
    page = response.content.decode()
    assert "How satisfied are you with this contact?" in page
    assert "Very dissatisfied" in page and "Very satisfied" in page
    assert "Support hotline" in page
    assert "<strong>Ana</strong>" in page
    assert "Alves" not in page  # the representative's first name only
    assert "Moments demo organisation" in page
    assert 'maxlength="1000"' in page


def test_opening_records_the_first_opening_once(as_user, invitation):
    client = as_user(None)
    client.get(survey_url(invitation))
    invitation.refresh_from_db()
    first = invitation.first_opened_at
    assert first is not None

    client.get(survey_url(invitation))

    invitation.refresh_from_db()
    assert invitation.first_opened_at == first
    assert invitation.state == "opened"


def test_answering_records_the_rating_and_redirects_to_thanks(as_user, invitation):
    client = as_user(None)
    response = client.post(survey_url(invitation), {"score": "4", "comment": "  Quick and kind. "})

    assert response.status_code == 302
    assert response["Location"] == f"/r/{invitation.token}/thanks/"
    rating = Rating.objects.get(contact=invitation.contact)
    assert (rating.score, rating.comment, rating.source) == (4, "Quick and kind.", Rating.Source.LINK)
    assert rating.submitted_in_staff_session is False
    assert rating.entered_by is None
    invitation.refresh_from_db()
    assert invitation.answered_at == rating.submitted_at
    assert invitation.state == "answered"

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you!" in thanks.content.decode()


def test_an_answered_link_opened_again_says_already_rated_with_200(as_user, invitation):
    client = as_user(None)
    client.post(survey_url(invitation), {"score": "5"})

    response = client.get(survey_url(invitation))

    assert response.status_code == 200
    assert "Already rated, thank you" in response.content.decode()
    assert 'name="score"' not in response.content.decode()


def test_a_replayed_post_gets_409_and_leaves_one_rating(as_user, invitation):
    client = as_user(None)
    client.post(survey_url(invitation), {"score": "5"})

    replay = client.post(survey_url(invitation), {"score": "1", "comment": "changed my mind"})

    assert replay.status_code == 409
    assert "Already rated, thank you" in replay.content.decode()
    assert Rating.objects.filter(contact=invitation.contact).count() == 1
    assert Rating.objects.get(contact=invitation.contact).score == 5


def test_a_link_of_a_contact_rated_another_way_says_already_rated(as_user, invitation):
    RatingFactory(contact=invitation.contact, score=2, source=Rating.Source.KIOSK)

    response = as_user(None).get(survey_url(invitation))

    assert response.status_code == 200
    assert "Already rated" in response.content.decode()


def test_an_expired_link_gets_410_and_saves_nothing(as_user, contact_a):
    long_ago = timezone.now() - timedelta(days=8)
    invitation = SurveyInvitationFactory(
        contact=contact_a, created_at=long_ago, expires_at=long_ago + timedelta(days=7)
    )
    client = as_user(None)

    opened = client.get(survey_url(invitation))
    posted = client.post(survey_url(invitation), {"score": "5"})

    assert opened.status_code == 410
    assert posted.status_code == 410
    assert "This link has expired" in opened.content.decode()
    assert not Rating.objects.filter(contact=contact_a).exists()
    invitation.refresh_from_db()
    assert invitation.first_opened_at is None
    assert invitation.state == "expired"


def test_a_link_expires_at_the_exact_expiry_time(as_user, contact_a):
    now = timezone.now()
    invitation = SurveyInvitationFactory(contact=contact_a, created_at=now - timedelta(days=7), expires_at=now)

    assert as_user(None).get(survey_url(invitation)).status_code == 410


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda token: token[:-1], id="truncated"),
        pytest.param(lambda token: token + "A", id="one-char-too-long"),
        pytest.param(lambda token: token * 50, id="oversized"),
        pytest.param(lambda token: ("B" if token[0] != "B" else "C") + token[1:], id="tampered"),
        pytest.param(lambda token: token[:-2] + "%00", id="nul"),
        pytest.param(lambda token: "' OR 1=1 --" + token[11:], id="quote"),
        pytest.param(lambda token: "~" * 43, id="wrong-alphabet"),
    ],
)
def test_a_bad_token_gets_a_friendly_404_and_reveals_nothing(as_user, invitation, make_token):
    response = as_user(None).get(f"/r/{make_token(invitation.token)}/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find this link" in page
    assert "Support hotline" not in page and "Ana" not in page


def _invitation_queries(queries: CaptureQueriesContext) -> list[str]:
    # The rate limit's own counting (the database cache) is not a lookup of the link.
    table = SurveyInvitation._meta.db_table
    return [query["sql"] for query in queries.captured_queries if table in query["sql"]]


def test_malformed_tokens_cost_no_query_for_the_link(as_user, invitation):
    client = as_user(None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/r/" + "x" * 500 + "/").status_code == 404
        assert client.get("/r/short/").status_code == 404

    assert _invitation_queries(queries) == []


def test_an_unknown_well_formed_token_costs_one_query_for_the_link(as_user, invitation):
    with CaptureQueriesContext(connection) as queries:
        assert as_user(None).get("/r/" + "A" * 43 + "/").status_code == 404

    assert len(_invitation_queries(queries)) == 1


def test_a_kiosk_invitation_never_opens_on_the_public_page(as_user, contact_a):
    invitation = SurveyInvitationFactory(contact=contact_a, method="kiosk")

    assert as_user(None).get(survey_url(invitation)).status_code == 404


@pytest.mark.parametrize("score", ["0", "6", "five", "", "4.5", "-1", "1e1"])
def test_a_score_outside_one_to_five_is_a_400_with_a_message(as_user, invitation, score):
    response = as_user(None).post(survey_url(invitation), {"score": score, "comment": "kept"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Please choose how satisfied you are, from 1 to 5." in page
    assert "kept" in page  # the comment survives the round trip
    assert not Rating.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_an_oversized_comment_is_refused(as_user, invitation):
    response = as_user(None).post(survey_url(invitation), {"score": "3", "comment": "x" * 1001})

    assert response.status_code == 400
    assert "Please keep your comment under 1000 characters." in response.content.decode()
    assert not Rating.objects.exists()


def test_the_effort_question_appears_only_where_the_contact_point_asks_it(as_user, invitation):
    client = as_user(None)
    assert 'name="effort_score"' not in client.get(survey_url(invitation)).content.decode()

    invitation.contact.contact_point.asks_effort = True
    invitation.contact.contact_point.save()
    page = client.get(survey_url(invitation)).content.decode()

    assert 'name="effort_score"' in page
    assert "Moments demo organisation made it easy to handle my request." in page


def test_the_effort_answer_is_recorded_and_checked(as_user, invitation):
    invitation.contact.contact_point.asks_effort = True
    invitation.contact.contact_point.save()
    client = as_user(None)

    bad = client.post(survey_url(invitation), {"score": "4", "effort_score": "8"})
    assert bad.status_code == 400
    assert not Rating.objects.exists()

    good = client.post(survey_url(invitation), {"score": "4", "effort_score": "6"})
    assert good.status_code == 302
    assert Rating.objects.get().effort_score == 6


def test_an_effort_answer_is_ignored_where_not_asked(as_user, invitation):
    as_user(None).post(survey_url(invitation), {"score": "4", "effort_score": "6"})

    assert Rating.objects.get().effort_score is None


def test_a_staff_login_may_answer_but_the_rating_is_flagged(as_user, invitation, staff_b):
    response = as_user(staff_b).post(survey_url(invitation), {"score": "5"})

    assert response.status_code == 302
    assert Rating.objects.get().submitted_in_staff_session is True


def test_thanks_before_answering_goes_back_to_the_question(as_user, invitation):
    response = as_user(None).get(f"/r/{invitation.token}/thanks/")

    assert response.status_code == 302
    assert response["Location"] == survey_url(invitation)


def test_the_page_shows_only_its_own_contact(as_user, invitation, contact_point):
    other = ContactFactory(contact_point=contact_point, notes="Secret notes about Jorge")
    SurveyInvitationFactory(contact=other)

    page = as_user(None).get(survey_url(invitation)).content.decode()

    assert "Jorge" not in page and other.customer.name not in page
    assert invitation.contact.customer.name not in page  # not even the customer's own name: links get forwarded


def test_other_methods_than_get_and_post_are_refused(as_user, invitation):
    assert as_user(None).put(survey_url(invitation)).status_code == 405


def test_the_public_page_is_rate_limited_per_address(as_user, invitation, settings):
    settings.SURVEY_RATE_LIMIT = (3, STEADY_WINDOW)
    client = as_user(None)
    for _ in range(3):
        assert client.get("/r/" + "A" * 43 + "/").status_code == 404

    limited = client.get(survey_url(invitation))
    other_address = client.get(survey_url(invitation), REMOTE_ADDR="10.0.0.9")

    assert limited.status_code == 429
    assert "Please wait a moment" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0
    assert other_address.status_code == 200


def test_rate_limits_count_guessed_tokens_too(as_user, settings):
    settings.SURVEY_RATE_LIMIT = (2, STEADY_WINDOW)
    client = as_user(None)
    statuses = [client.get("/r/" + "A" * 43 + "/").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


def test_behind_a_proxy_the_last_forwarded_address_is_limited(as_user, invitation, settings):
    settings.SURVEY_RATE_LIMIT = (1, STEADY_WINDOW)
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    client = as_user(None)

    guess = "/r/" + "A" * 43 + "/"
    first = client.get(guess, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    spoofed = client.get(survey_url(invitation), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    another_customer = client.get(survey_url(invitation), HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert first.status_code == 404
    assert spoofed.status_code == 429  # changing the client-written part does not help
    assert another_customer.status_code == 200


def test_a_rated_invitation_state_counts_even_after_expiry(contact_a):
    long_ago = timezone.now() - timedelta(days=30)
    invitation = SurveyInvitation.objects.create(
        contact=contact_a,
        method="link",
        created_at=long_ago,
        expires_at=long_ago + timedelta(days=7),
        sent_at=long_ago,
        answered_at=long_ago + timedelta(hours=1),
    )

    assert invitation.state == "answered"


def test_an_empty_submission_asks_for_a_score(as_user, invitation):
    response = as_user(None).post(survey_url(invitation), {})

    assert response.status_code == 400
    assert "Please choose how satisfied you are, from 1 to 5." in response.content.decode()
    assert not Rating.objects.exists()
