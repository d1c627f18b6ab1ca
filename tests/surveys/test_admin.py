"""Admins correct a rating only through a recorded correction: who, when, why, and the values before."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from moments.models import Rating
from surveys.models import RatingCorrection
from surveys.services import rating_correct
from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/surveys/ratingcorrection/add/"


@pytest.fixture
def rating(contact_a) -> Rating:
    return RatingFactory(
        contact=contact_a, score=1, comment="Card 4111 1111 1111 1111, awful", source=Rating.Source.LINK
    )


def test_an_admin_correction_is_recorded_with_who_and_why(as_user, admin, rating):
    response = as_user(admin).post(
        ADD_URL,
        {
            "rating": rating.pk,
            "new_score": "5",
            "new_comment": "Card [removed], awful",
            "new_effort_score": "",
            "reason": "Customer phoned: tapped 1 meaning 5; card number removed.",
        },
    )

    assert response.status_code == 302
    correction = RatingCorrection.objects.get()
    assert correction.corrected_by == admin
    assert correction.reason == "Customer phoned: tapped 1 meaning 5; card number removed."
    assert (correction.old_score, correction.new_score) == (1, 5)
    assert correction.old_comment == "Card 4111 1111 1111 1111, awful"
    rating.refresh_from_db()
    assert (rating.score, rating.comment, rating.source) == (5, "Card [removed], awful", Rating.Source.LINK)


def test_the_contact_page_shows_the_correction(as_user, admin, rating):
    rating_correct(
        rating=rating, corrected_by=admin, reason="Tapped the wrong end", score=5, comment="", effort_score=None
    )

    page = as_user(rating.contact.representative).get(rating.contact.get_absolute_url()).content.decode()

    assert "Corrected by Ada" in page and "(was 1/5): Tapped the wrong end" in page


def test_a_correction_without_a_reason_is_refused(as_user, admin, rating):
    response = as_user(admin).post(ADD_URL, {"rating": rating.pk, "new_score": "5", "reason": "  "})

    assert response.status_code == 200
    assert "Say why the rating is corrected." in response.content.decode()
    assert not RatingCorrection.objects.exists()
    rating.refresh_from_db()
    assert rating.score == 1


def test_a_correction_that_changes_nothing_is_refused(as_user, admin, rating):
    response = as_user(admin).post(
        ADD_URL, {"rating": rating.pk, "new_score": "1", "new_comment": rating.comment, "reason": "just because"}
    )

    assert "Nothing would change" in response.content.decode()
    assert not RatingCorrection.objects.exists()


def test_a_correction_cannot_be_edited_or_deleted(as_user, admin, rating):
    rating_correct(
        rating=rating, corrected_by=admin, reason="Tapped the wrong end", score=5, comment="", effort_score=None
    )
    correction = RatingCorrection.objects.get()
    client = as_user(admin)

    assert client.get(f"/admin/surveys/ratingcorrection/{correction.pk}/change/").status_code == 200
    edited = client.post(f"/admin/surveys/ratingcorrection/{correction.pk}/change/", {"reason": "nothing to see"})
    deleted = client.post(f"/admin/surveys/ratingcorrection/{correction.pk}/delete/", {"post": "yes"})

    assert edited.status_code == 403
    assert deleted.status_code in (403, 302)
    correction.refresh_from_db()
    assert correction.reason == "Tapped the wrong end"


def test_the_rating_itself_stays_read_only_in_the_admin(as_user, admin, rating):
    response = as_user(admin).post(f"/admin/moments/rating/{rating.pk}/change/", {"score": "5"})

    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.score == 1


def test_only_admins_may_correct(staff_a, manager_a, rating):
    for user in (staff_a, manager_a):
        with pytest.raises(PermissionError):
            rating_correct(rating=rating, corrected_by=user, reason="why not", score=5, comment="", effort_score=None)
    assert not RatingCorrection.objects.exists()


@pytest.mark.parametrize("score", [0, 6])
def test_a_correction_keeps_the_scale(admin, rating, score):
    with pytest.raises(ValidationError):
        rating_correct(rating=rating, corrected_by=admin, reason="typo", score=score, comment="", effort_score=None)
    assert not RatingCorrection.objects.exists()


def test_the_invitation_admin_lists_states_but_never_the_token(as_user, admin, invitation):
    client = as_user(admin)

    listing = client.get("/admin/surveys/surveyinvitation/")
    detail = client.get(f"/admin/surveys/surveyinvitation/{invitation.pk}/change/")

    assert listing.status_code == 200 and detail.status_code == 200
    assert invitation.token not in listing.content.decode()
    assert invitation.token not in detail.content.decode()
