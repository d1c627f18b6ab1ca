"""Whose login sent a customer's answer: recorded for each kiosk hand-over and staff-session link, shown to managers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from moments.models import Contact, Rating
from surveys.models import SurveyInvitation
from tests.factories import RatingFactory, SurveyInvitationFactory
from tests.surveys.conftest import survey_url

pytestmark = pytest.mark.django_db

FLAG = "not the contact's representative"


@pytest.fixture
def kiosk_invitation(contact_a: Contact) -> SurveyInvitation:
    return SurveyInvitationFactory(contact=contact_a, method="kiosk", expires_at=timezone.now() + timedelta(hours=2))


def _rating_panel(client, contact: Contact) -> str:
    response = client.get(f"/contacts/{contact.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('data-testid="rating"')
    return page[start : page.index("</div>", start)]


@pytest.mark.parametrize(
    ("persona", "someone_else"), [("staff_a", False), ("manager_a", True), ("admin", True)], ids=str
)
def test_every_kiosk_answer_records_whose_login_sent_it(
    request, as_user, kiosk_invitation: SurveyInvitation, persona: str, someone_else: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    response = as_user(user).post(f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "5"})

    assert response.status_code == 302
    rating = Rating.objects.get(contact=kiosk_invitation.contact)
    assert (rating.source, rating.submitted_by) == (Rating.Source.KIOSK, user)
    assert rating.handed_over_by_someone_else is someone_else
    assert rating.submitted_in_staff_session is False  # that flag is the link's


@pytest.mark.parametrize("persona", ["staff_b", "staff_other", "manager_b"])
def test_those_who_may_not_see_the_contact_cannot_answer_its_kiosk(
    request, as_user, kiosk_invitation: SurveyInvitation, persona: str
) -> None:
    response = as_user(request.getfixturevalue(persona)).post(
        f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "5"}
    )

    assert response.status_code == 404
    assert not Rating.objects.exists()


@pytest.mark.parametrize("viewer", ["staff_a", "manager_a", "admin"])
def test_a_managers_hand_over_is_named_and_flagged_on_the_contact_page(
    request, as_user, kiosk_invitation: SurveyInvitation, manager_a: User, viewer: str
) -> None:
    as_user(manager_a).post(f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "1"})

    panel = _rating_panel(as_user(request.getfixturevalue(viewer)), kiosk_invitation.contact)

    assert f"Kiosk (staff device), handed over by {manager_a.name} (manager)" in panel
    assert FLAG in panel


def test_the_representatives_own_hand_over_is_named_without_a_flag(
    as_user, kiosk_invitation: SurveyInvitation, staff_a: User, manager_a: User
) -> None:
    as_user(staff_a).post(f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "4"})

    panel = _rating_panel(as_user(manager_a), kiosk_invitation.contact)

    assert f"handed over by {staff_a.name} (staff)" in panel
    assert FLAG not in panel


def test_a_link_answered_from_a_staff_login_records_and_shows_who(
    as_user, invitation: SurveyInvitation, staff_b: User, manager_a: User
) -> None:
    as_user(staff_b).post(survey_url(invitation), {"score": "5"})

    rating = Rating.objects.get(contact=invitation.contact)
    panel = _rating_panel(as_user(manager_a), invitation.contact)

    assert (rating.submitted_by, rating.submitted_in_staff_session) == (staff_b, True)
    assert f"answered from the staff login of {staff_b.name} (staff)" in panel


def test_a_link_answered_by_the_customer_names_nobody(as_user, invitation: SurveyInvitation, manager_a: User) -> None:
    as_user(None).post(survey_url(invitation), {"score": "4"})

    rating = Rating.objects.get(contact=invitation.contact)
    panel = _rating_panel(as_user(manager_a), invitation.contact)

    assert (rating.submitted_by, rating.submitted_in_staff_session) == (None, False)
    assert "staff login" not in panel and "handed over" not in panel


def test_ratings_from_before_the_name_was_recorded_keep_their_flag(
    as_user, contact_a: Contact, contact_point, staff_a: User, manager_a: User
) -> None:
    RatingFactory(contact=contact_a, source=Rating.Source.LINK, submitted_in_staff_session=True)

    panel = _rating_panel(as_user(manager_a), contact_a)

    assert "answered from a staff login" in panel


def test_an_older_kiosk_rating_says_the_hand_over_was_not_recorded(
    as_user, contact_a: Contact, manager_a: User
) -> None:
    RatingFactory(contact=contact_a, source=Rating.Source.KIOSK)

    panel = _rating_panel(as_user(manager_a), contact_a)

    assert "handed over by someone not recorded" in panel
    assert FLAG not in panel


def test_the_admin_lists_and_shows_whose_login_sent_a_rating(
    as_user, kiosk_invitation: SurveyInvitation, manager_a: User, admin: User
) -> None:
    as_user(manager_a).post(f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "2"})
    rating = Rating.objects.get()
    client = as_user(admin)

    listed = client.get("/admin/moments/rating/").content.decode()
    shown = client.get(f"/admin/moments/rating/{rating.pk}/change/").content.decode()

    assert manager_a.name in listed
    assert "Kiosk handed over by someone else" in listed
    assert 'alt="True"' in listed
    assert "Submitted by" in shown and manager_a.name in shown
