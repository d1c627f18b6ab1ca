"""Invitations by delivery method, the fatigue window, new links, and the kiosk answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from moments.models import Rating
from moments.rating_requests import fatigue_note
from moments.services import RatingAlreadyGiven
from surveys.models import SurveyInvitation
from surveys.services import (
    KIOSK_LIFETIME,
    InvitationExpired,
    InvitationNotPossible,
    customer_recently_asked_at,
    invitation_answer,
    invitation_create,
    invitation_renew,
    invitation_request,
    kiosk_answer,
)
from tests.factories import ContactFactory, RatingFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db
BASE_URL = "http://testserver/"


def test_a_link_invitation_is_sent_the_moment_it_is_shown(contact_a, staff_a):
    invitation = invitation_create(contact=contact_a, method="link", created_by=staff_a, base_url=BASE_URL)

    assert invitation.sent_at == invitation.created_at
    assert invitation.expires_at == invitation.created_at + timedelta(days=7)
    assert invitation.created_by == staff_a
    assert invitation.state == "sent"
    assert len(invitation.token) == 43
    assert mail.outbox == []


def test_the_lifetime_comes_from_the_setting(contact_a, settings):
    settings.SURVEY_LINK_LIFETIME_DAYS = 2

    invitation = invitation_create(contact=contact_a, method="link", created_by=None, base_url=BASE_URL)

    assert invitation.expires_at - invitation.created_at == timedelta(days=2)


def test_a_kiosk_hand_over_is_short_lived(contact_a):
    invitation = invitation_create(contact=contact_a, method="kiosk", created_by=None, base_url=BASE_URL)

    assert invitation.expires_at - invitation.created_at == KIOSK_LIFETIME
    assert invitation.sent_at is not None


def test_an_email_invitation_is_new_until_the_mail_goes_out(contact_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)

    assert invitation.sent_at is None
    assert invitation.state == "new"


def test_no_email_invitation_without_an_address(contact_a):
    contact_a.customer.email = ""
    contact_a.customer.save()

    with pytest.raises(InvitationNotPossible, match="no e-mail"):
        invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)
    assert not SurveyInvitation.objects.exists()


@pytest.mark.parametrize("method", ["staff", "none", "sms", ""])
def test_only_link_email_and_kiosk_make_invitations(contact_a, method):
    with pytest.raises(ValidationError, match="Choose a link"):
        invitation_create(contact=contact_a, method=method, created_by=None, base_url=BASE_URL)


def test_one_invitation_per_contact(contact_a):
    invitation_create(contact=contact_a, method="link", created_by=None, base_url=BASE_URL)

    with pytest.raises(InvitationNotPossible, match="already"):
        invitation_create(contact=contact_a, method="kiosk", created_by=None, base_url=BASE_URL)


def test_a_rated_contact_gets_no_invitation(contact_a):
    RatingFactory(contact=contact_a)

    with pytest.raises(InvitationNotPossible, match="rated already"):
        invitation_create(contact=contact_a, method="link", created_by=None, base_url=BASE_URL)


class TestFatigue:
    def test_a_customer_asked_within_the_window_is_not_asked_again(self, contact_a, staff_a):
        earlier = ContactFactory(customer=contact_a.customer, representative=staff_a)
        SurveyInvitationFactory(contact=earlier, created_at=timezone.now() - timedelta(days=2))

        result = invitation_request(contact=contact_a, method="link", requested_by=staff_a, base_url=BASE_URL)

        assert result.invitation is None
        assert result.asked_at is not None
        assert not SurveyInvitation.objects.filter(contact=contact_a).exists()
        note = fatigue_note(customer_name="Maria Moreno", asked_at=result.asked_at)
        assert note == "Maria Moreno was asked 2\xa0days ago; no new invitation will be sent."

    def test_after_the_window_the_customer_is_asked_again(self, contact_a, staff_a):
        earlier = ContactFactory(customer=contact_a.customer, representative=staff_a)
        SurveyInvitationFactory(contact=earlier, created_at=timezone.now() - timedelta(days=7, minutes=1))

        result = invitation_request(contact=contact_a, method="link", requested_by=staff_a, base_url=BASE_URL)

        assert result.invitation is not None

    def test_the_window_is_configurable_and_zero_turns_it_off(self, contact_a, staff_a, settings):
        earlier = ContactFactory(customer=contact_a.customer, representative=staff_a)
        SurveyInvitationFactory(contact=earlier, created_at=timezone.now() - timedelta(hours=1))
        settings.SURVEY_FATIGUE_DAYS = 0

        assert customer_recently_asked_at(customer_id=contact_a.customer_id) is None
        result = invitation_request(contact=contact_a, method="link", requested_by=staff_a, base_url=BASE_URL)
        assert result.invitation is not None

    def test_another_customer_does_not_count(self, contact_a, staff_a):
        SurveyInvitationFactory(contact=ContactFactory(representative=staff_a))

        assert customer_recently_asked_at(customer_id=contact_a.customer_id) is None

    def test_an_email_that_never_went_out_does_not_count(self, contact_a, staff_a):
        earlier = ContactFactory(customer=contact_a.customer, representative=staff_a)
        SurveyInvitationFactory(contact=earlier, method="email", send_failed_at=timezone.now())

        assert customer_recently_asked_at(customer_id=contact_a.customer_id) is None


class TestRenew:
    def test_a_new_link_replaces_the_old_one(self, as_user, invitation):
        old_token = invitation.token
        SurveyInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1), created_at=timezone.now() - timedelta(days=7)
        )
        invitation.refresh_from_db()
        assert invitation.state == "expired"

        renewed = invitation_renew(invitation=invitation, base_url=BASE_URL)

        assert renewed.token != old_token
        assert renewed.state == "sent"
        client = as_user(None)
        assert client.get(f"/r/{old_token}/").status_code == 404
        assert client.get(f"/r/{renewed.token}/").status_code == 200

    def test_switching_to_email_sends_the_new_link(self, invitation, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            renewed = invitation_renew(invitation=invitation, base_url=BASE_URL, method="email")

        renewed.refresh_from_db()
        assert renewed.method == "email"
        assert renewed.sent_to == "maria@example.org"
        assert f"/r/{renewed.token}/" in mail.outbox[0].body

    def test_an_answered_invitation_cannot_be_renewed(self, invitation):
        invitation_answer(invitation=invitation, score=4)

        with pytest.raises(InvitationNotPossible):
            invitation_renew(invitation=invitation, base_url=BASE_URL)


class TestAnswer:
    def test_the_answer_is_recorded_once(self, invitation):
        invitation_answer(invitation=invitation, score=2, comment="slow")

        with pytest.raises(RatingAlreadyGiven):
            invitation_answer(invitation=invitation, score=5)
        assert Rating.objects.get().score == 2

    def test_an_expired_invitation_cannot_be_answered(self, contact_a):
        past = timezone.now() - timedelta(days=10)
        invitation = SurveyInvitationFactory(contact=contact_a, created_at=past, expires_at=past + timedelta(days=7))

        with pytest.raises(InvitationExpired):
            invitation_answer(invitation=invitation, score=4)
        assert not Rating.objects.exists()

    def test_a_kiosk_answer_closes_the_open_link(self, invitation):
        rating = kiosk_answer(contact=invitation.contact, submitted_by=invitation.contact.representative, score=5)

        assert rating.source == Rating.Source.KIOSK
        assert rating.entered_by is None
        assert rating.submitted_by == invitation.contact.representative
        invitation.refresh_from_db()
        assert invitation.state == "answered"
