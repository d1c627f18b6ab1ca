"""Admins correct a rating only through a recorded correction: who, when, why, and the values before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from moments.models import Contact, Rating
from moments.services import contact_log
from surveys.models import RatingCorrection, SurveyInvitation
from surveys.services import invitation_answer, invitation_create, rating_correct
from tests.admin_pages import change_form_data, rollup_is_exact
from tests.factories import CustomerFactory, RatingFactory

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


# --- admin writes keep the dashboards' rollup exact -----------------------------


@pytest.fixture
def answered(staff_a, contact_point) -> SurveyInvitation:
    """A link sent and answered with a 2, through the services, so the rollup counts both."""
    contact = contact_log(
        logged_by=staff_a,
        contact_point=contact_point,
        customer=CustomerFactory(),
        occurred_at=timezone.now() - timedelta(days=1),
        outcome=Contact.Outcome.RESOLVED,
    )
    invitation = invitation_create(contact=contact, method="link", created_by=staff_a, base_url="http://testserver")
    invitation_answer(invitation=invitation, score=2, comment="Slow")
    return invitation


def test_an_invitation_cannot_be_added_or_changed(as_user, admin, answered):
    client = as_user(admin)

    assert client.get("/admin/surveys/surveyinvitation/add/").status_code == 403
    changed = client.post(f"/admin/surveys/surveyinvitation/{answered.pk}/change/", {"method": "email"})

    assert changed.status_code == 403
    assert SurveyInvitation.objects.get().method == "link"


def test_deleting_an_invitation_takes_it_out_of_the_response_rate(as_user, admin, answered):
    response = as_user(admin).post(f"/admin/surveys/surveyinvitation/{answered.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not SurveyInvitation.objects.exists()
    assert rollup_is_exact()


def test_deleting_invitations_in_bulk_too(as_user, admin, answered):
    response = as_user(admin).post(
        "/admin/surveys/surveyinvitation/",
        {"action": "delete_selected", "_selected_action": [answered.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not SurveyInvitation.objects.exists()
    assert rollup_is_exact()


def test_a_correction_through_the_admin_moves_the_score_in_the_figures(as_user, admin, answered):
    client = as_user(admin)
    page = client.get(ADD_URL)
    rating = Rating.objects.get(contact=answered.contact)

    response = client.post(
        ADD_URL,
        change_form_data(page, rating=rating.pk, new_score="4", new_comment="Slow", reason="Tapped 2 meaning 4"),
    )

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.score == 4
    assert rollup_is_exact()


@pytest.mark.parametrize(
    "changes",
    [
        {"rating": "999999"},
        {"rating": "99999999999999999999"},
        {"rating": "abc"},
        {"new_score": "0"},
        {"new_score": "99999999999999999999"},
        {"new_effort_score": "8"},
        {"new_effort_score": "٣"},
        {"reason": "\x00"},
        {"new_comment": "x" * 2001},
    ],
)
def test_a_bad_correction_is_refused_on_the_form(as_user, admin, answered, changes):
    client = as_user(admin)
    page = client.get(ADD_URL)
    rating = Rating.objects.get(contact=answered.contact)
    data = {"rating": rating.pk, "new_score": "5", "reason": "Customer phoned", **changes}

    response = client.post(ADD_URL, change_form_data(page, **data))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not RatingCorrection.objects.exists()
    rating.refresh_from_db()
    assert rating.score == 2
    assert rollup_is_exact()
