"""Staff pages: the QR code, the printable link, inviting and renewing, the kiosk hand-over; and who may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from moments.models import Rating
from surveys.models import SurveyInvitation
from tests.factories import ContactFactory, RatingFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_invitation(contact_a) -> SurveyInvitation:
    return SurveyInvitationFactory(contact=contact_a, method="kiosk", expires_at=timezone.now() + timedelta(hours=2))


def staff_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/contacts/{pk}/invitation/"),
        ("get", f"/contacts/{pk}/invitation/print/"),
        ("get", f"/contacts/{pk}/kiosk/"),
        ("post", f"/contacts/{pk}/kiosk/"),
        ("get", f"/contacts/{pk}/kiosk/thanks/"),
        ("post", f"/contacts/{pk}/invite/"),
        ("post", f"/contacts/{pk}/invitation/renew/"),
    ]


class TestWhoMaySee:
    @pytest.mark.parametrize("persona", ["staff_b", "staff_other", "manager_b"])
    def test_those_who_may_not_see_the_contact_get_404_everywhere(self, request, as_user, invitation, persona):
        client = as_user(request.getfixturevalue(persona))

        for method, url in staff_urls(invitation.contact_id):
            response = getattr(client, method)(url, {"method": "link", "score": "5"})
            assert response.status_code == 404, (persona, url)
        assert not Rating.objects.exists()
        assert SurveyInvitation.objects.get().token == invitation.token  # not renewed

    @pytest.mark.parametrize("persona", ["staff_a", "manager_a", "admin"])
    def test_the_representative_their_manager_and_admins_may_open_the_link_page(
        self, request, as_user, invitation, persona
    ):
        response = as_user(request.getfixturevalue(persona)).get(f"/contacts/{invitation.contact_id}/invitation/")

        assert response.status_code == 200
        assert f"/r/{invitation.token}/" in response.content.decode()

    @pytest.mark.parametrize("persona", ["manager_a", "admin"])
    def test_a_manager_of_the_department_and_admins_may_run_the_kiosk(
        self, request, as_user, kiosk_invitation, persona
    ):
        response = as_user(request.getfixturevalue(persona)).post(
            f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "4"}
        )

        assert response.status_code == 302
        assert Rating.objects.get().source == Rating.Source.KIOSK

    def test_anonymous_visitors_are_sent_to_log_in(self, as_user, invitation):
        for method, url in staff_urls(invitation.contact_id):
            response = getattr(as_user(None), method)(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/"), url


class TestLinkPages:
    def test_the_link_page_shows_an_inline_svg_qr_code_and_the_link(self, as_user, invitation):
        response = as_user(invitation.contact.representative).get(f"/contacts/{invitation.contact_id}/invitation/")

        page = response.content.decode()
        assert '<svg viewBox="' in page and 'class="qr-code"' in page
        assert "data:" not in page  # drawn inline, not as an embedded image
        assert f"http://testserver/r/{invitation.token}/" in page
        assert "Printable version" in page

    def test_the_printable_page_has_the_code_and_the_written_link(self, as_user, invitation):
        response = as_user(invitation.contact.representative).get(
            f"/contacts/{invitation.contact_id}/invitation/print/"
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert 'class="qr-code"' in page
        assert f"http://testserver/r/{invitation.token}/" in page
        assert "Log out" not in page  # no staff navigation on paper

    def test_no_link_page_without_an_invitation(self, as_user, contact_a):
        assert as_user(contact_a.representative).get(f"/contacts/{contact_a.pk}/invitation/").status_code == 404

    def test_a_kiosk_invitation_shows_no_link(self, as_user, kiosk_invitation):
        client = as_user(kiosk_invitation.contact.representative)
        pk = kiosk_invitation.contact_id

        assert client.get(f"/contacts/{pk}/invitation/")["Location"] == f"/contacts/{pk}/kiosk/"
        assert client.get(f"/contacts/{pk}/invitation/print/").status_code == 404


class TestInviteFromTheContactPage:
    def test_the_contact_page_offers_to_invite_an_unrated_contact(self, as_user, contact_a):
        page = as_user(contact_a.representative).get(f"/contacts/{contact_a.pk}/").content.decode()

        assert "Ask the customer" in page
        assert "E-mail to maria@example.org" in page

    def test_inviting_by_link_goes_to_the_qr_code(self, as_user, contact_a, staff_a):
        response = as_user(staff_a).post(f"/contacts/{contact_a.pk}/invite/", {"method": "link"})

        assert response["Location"] == f"/contacts/{contact_a.pk}/invitation/"
        invitation = SurveyInvitation.objects.get(contact=contact_a)
        assert (invitation.method, invitation.created_by) == ("link", staff_a)

    def test_inviting_by_email_sends_it(self, as_user, contact_a, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(contact_a.representative).post(f"/contacts/{contact_a.pk}/invite/", {"method": "email"})

        assert response["Location"] == f"/contacts/{contact_a.pk}/"
        assert mail.outbox[0].to == ["maria@example.org"]

    def test_inviting_to_the_kiosk_opens_it(self, as_user, contact_a):
        response = as_user(contact_a.representative).post(f"/contacts/{contact_a.pk}/invite/", {"method": "kiosk"})

        assert response["Location"] == f"/contacts/{contact_a.pk}/kiosk/"

    @pytest.mark.parametrize("method", ["", "staff", "sms", "<script>"])
    def test_a_bad_method_is_refused_with_a_message(self, as_user, contact_a, method):
        client = as_user(contact_a.representative)
        response = client.post(f"/contacts/{contact_a.pk}/invite/", {"method": method}, follow=True)

        assert response.status_code == 200
        assert "Choose a link, an e-mail or a kiosk hand-over." in response.content.decode()
        assert not SurveyInvitation.objects.exists()

    def test_the_fatigue_window_is_respected_from_the_contact_page_too(self, as_user, invitation, staff_a):
        second = ContactFactory(customer=invitation.contact.customer, representative=staff_a)

        response = as_user(staff_a).post(f"/contacts/{second.pk}/invite/", {"method": "link"}, follow=True)

        assert "Maria Moreno was asked just now; no new invitation was sent." in response.content.decode()
        assert not SurveyInvitation.objects.filter(contact=second).exists()

    def test_the_contact_page_shows_state_link_and_qr(self, as_user, invitation):
        page = as_user(invitation.contact.representative).get(f"/contacts/{invitation.contact_id}/").content.decode()

        assert 'data-testid="invitation-state">Sent<' in page
        assert f"/r/{invitation.token}/" in page
        assert 'class="qr-code"' in page
        assert "New link" in page

    def test_the_contact_page_shows_an_answered_invitation_without_its_link(self, as_user, invitation):
        as_user(None).post(f"/r/{invitation.token}/", {"score": "4"})

        page = as_user(invitation.contact.representative).get(f"/contacts/{invitation.contact_id}/").content.decode()

        assert 'data-testid="invitation-state">Answered<' in page
        assert f"/r/{invitation.token}/" not in page
        assert "Customer link" in page

    def test_the_contact_page_shows_a_failed_email(self, as_user, contact_a):
        SurveyInvitationFactory(
            contact=contact_a,
            method="email",
            send_attempts=3,
            send_failed_at=timezone.now(),
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )

        page = as_user(contact_a.representative).get(f"/contacts/{contact_a.pk}/").content.decode()

        assert "Sending failed after 3 attempts: SMTPServerDisconnected" in page

    def test_renewing_gives_a_new_token(self, as_user, invitation):
        old = invitation.token
        response = as_user(invitation.contact.representative).post(
            f"/contacts/{invitation.contact_id}/invitation/renew/", {"method": "link"}
        )

        assert response["Location"] == f"/contacts/{invitation.contact_id}/invitation/"
        invitation.refresh_from_db()
        assert invitation.token != old

    def test_renewing_an_answered_invitation_is_refused(self, as_user, invitation):
        as_user(None).post(f"/r/{invitation.token}/", {"score": "4"})
        token = SurveyInvitation.objects.get().token

        response = as_user(invitation.contact.representative).post(
            f"/contacts/{invitation.contact_id}/invitation/renew/", follow=True
        )

        assert "This contact is rated already." in response.content.decode()
        assert SurveyInvitation.objects.get().token == token


class TestKiosk:
    def test_the_kiosk_shows_only_the_question(self, as_user, kiosk_invitation):
        response = as_user(kiosk_invitation.contact.representative).get(
            f"/contacts/{kiosk_invitation.contact_id}/kiosk/"
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "How satisfied are you with this contact?" in page
        assert "Log out" not in page and "My contacts" not in page  # no staff navigation
        assert "Maria" not in page
        kiosk_invitation.refresh_from_db()
        assert kiosk_invitation.first_opened_at is not None

    def test_the_answer_is_recorded_as_kiosk_and_the_device_goes_back(self, as_user, kiosk_invitation):
        client = as_user(kiosk_invitation.contact.representative)
        pk = kiosk_invitation.contact_id

        response = client.post(f"/contacts/{pk}/kiosk/", {"score": "5", "comment": "Lovely"})

        assert response["Location"] == f"/contacts/{pk}/kiosk/thanks/"
        rating = Rating.objects.get()
        assert (rating.score, rating.comment, rating.source) == (5, "Lovely", Rating.Source.KIOSK)
        kiosk_invitation.refresh_from_db()
        assert kiosk_invitation.state == "answered"
        thanks = client.get(response["Location"]).content.decode()
        assert "Please hand the device back." in thanks
        assert 'href="/log/"' in thanks

    def test_bad_input_on_the_kiosk_is_a_400_and_saves_nothing(self, as_user, kiosk_invitation):
        response = as_user(kiosk_invitation.contact.representative).post(
            f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "6"}
        )

        assert response.status_code == 400
        assert "Please choose how satisfied you are, from 1 to 5." in response.content.decode()
        assert not Rating.objects.exists()

    def test_a_rated_contact_cannot_be_rated_again_on_the_kiosk(self, as_user, kiosk_invitation):
        RatingFactory(contact=kiosk_invitation.contact, score=2)
        client = as_user(kiosk_invitation.contact.representative)

        assert client.get(f"/contacts/{kiosk_invitation.contact_id}/kiosk/").status_code == 200
        assert client.post(f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "5"}).status_code == 409
        assert Rating.objects.get().score == 2

    def test_no_kiosk_without_a_hand_over(self, as_user, invitation):
        """A representative must not be able to rate their own old contacts "as the customer"."""
        response = as_user(invitation.contact.representative).post(
            f"/contacts/{invitation.contact_id}/kiosk/", {"score": "5"}
        )

        assert response.status_code == 410
        assert not Rating.objects.exists()

    def test_an_expired_hand_over_closes_the_kiosk(self, as_user, kiosk_invitation):
        SurveyInvitation.objects.filter(pk=kiosk_invitation.pk).update(
            created_at=timezone.now() - timedelta(hours=3), expires_at=timezone.now() - timedelta(hours=1)
        )

        response = as_user(kiosk_invitation.contact.representative).post(
            f"/contacts/{kiosk_invitation.contact_id}/kiosk/", {"score": "5"}
        )

        assert response.status_code == 410
        assert not Rating.objects.exists()

    def test_thanks_before_an_answer_goes_back_to_the_question(self, as_user, kiosk_invitation):
        pk = kiosk_invitation.contact_id
        response = as_user(kiosk_invitation.contact.representative).get(f"/contacts/{pk}/kiosk/thanks/")

        assert response["Location"] == f"/contacts/{pk}/kiosk/"
