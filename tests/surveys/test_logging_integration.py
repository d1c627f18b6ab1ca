"""Choosing how the customer rates when logging: every method, its default, the e-mail rule and the fatigue window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from moments import rating_requests
from moments.models import Contact, Rating
from surveys.models import SurveyInvitation
from tests.factories import ContactFactory, CustomerFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(db):
    return CustomerFactory(name="Maria Moreno", email="maria@example.org")


@pytest.fixture
def post(contact_point, maria):
    def _post(**changes: object) -> dict[str, object]:
        data = {
            "contact_point": contact_point.pk,
            "customer": maria.pk,
            "occurred_at": timezone.localtime(timezone.now() - timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M"),
            "outcome": "resolved",
            "rating_method": "link",
        }
        return {**data, **changes}

    return _post


def test_the_form_offers_every_way_of_rating(as_user, staff_a, contact_point):
    page = as_user(staff_a).get("/log/").content.decode()

    for label in (
        "Customer rates now on this device",
        "Show a link and QR code",
        "E-mail the link to the customer",
        "I enter the score the customer gave",
        "No rating",
    ):
        assert label in page


def test_the_default_is_the_channels_unless_the_contact_point_overrides_it(as_user, staff_a, contact_point):
    ContactFactory(representative=staff_a, logged_by=staff_a, contact_point=contact_point)
    client = as_user(staff_a)
    contact_point.channel.default_rating_method = "email"
    contact_point.channel.save()

    assert 'id="rating-method-email" value="email" checked' in client.get("/log/").content.decode()

    contact_point.rating_method = "kiosk"
    contact_point.save()
    page = client.get("/log/").content.decode()

    assert 'id="rating-method-kiosk" value="kiosk" checked' in page
    assert f'<option value="{contact_point.pk}" data-rating-method="kiosk" selected>' in page


def test_logging_with_a_link_shows_the_qr_code_next(as_user, staff_a, post):
    response = as_user(staff_a).post("/log/", post(rating_method="link"), follow=True)

    contact = Contact.objects.get()
    invitation = SurveyInvitation.objects.get(contact=contact)
    assert response.redirect_chain[-1][0] == f"/contacts/{contact.pk}/invitation/"
    page = response.content.decode()
    assert 'class="qr-code"' in page
    assert f"/r/{invitation.token}/" in page
    assert "Show the customer the QR code" in page
    assert (invitation.method, invitation.created_by, invitation.state) == ("link", staff_a, "sent")


def test_logging_with_email_sends_the_link_and_goes_on_logging(
    as_user, staff_a, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff_a).post("/log/", post(rating_method="email"), follow=True)

    invitation = SurveyInvitation.objects.get()
    assert response.redirect_chain[-1][0] == "/log/"
    assert "The rating link is on its way to maria@example.org." in response.content.decode()
    assert mail.outbox[0].to == ["maria@example.org"]
    assert f"/r/{invitation.token}/" in mail.outbox[0].body


def test_email_needs_an_address_and_saves_nothing_without_one(as_user, staff_a, post, maria):
    maria.email = ""
    maria.save()

    response = as_user(staff_a).post("/log/", post(rating_method="email"))

    assert response.status_code == 200
    assert "Maria Moreno has no e-mail address on file; choose another way to ask." in response.content.decode()
    assert not Contact.objects.exists()
    assert not SurveyInvitation.objects.exists()


def test_a_new_customer_needs_an_email_for_the_email_method(as_user, staff_a, post):
    data = post(rating_method="email", customer="", new_customer_name="Jorge Jimenez", new_customer_kind="prospect")

    response = as_user(staff_a).post("/log/", data)

    assert "The new customer has no e-mail address; add one above" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_new_customer_with_an_email_gets_the_link(as_user, staff_a, post, django_capture_on_commit_callbacks):
    data = post(
        rating_method="email", customer="", new_customer_name="Jorge Jimenez", new_customer_email="jorge@example.org"
    )

    with django_capture_on_commit_callbacks(execute=True):
        as_user(staff_a).post("/log/", data)

    assert mail.outbox[0].to == ["jorge@example.org"]


def test_logging_with_the_kiosk_hands_over_the_device_with_nothing_else_on_it(as_user, staff_a, post):
    client = as_user(staff_a)
    response = client.post("/log/", post(rating_method="kiosk"))

    contact = Contact.objects.get()
    assert response["Location"] == f"/contacts/{contact.pk}/kiosk/"
    kiosk = client.get(response["Location"]).content.decode()
    assert "Maria" not in kiosk and "logged" not in kiosk
    assert client.post(response["Location"], {"score": "5"})["Location"] == f"/contacts/{contact.pk}/kiosk/thanks/"
    assert Rating.objects.get().source == Rating.Source.KIOSK
    # Back at logging, nothing of the hand-over is waiting.
    assert "Hand the device" not in client.get("/log/").content.decode()


@pytest.mark.parametrize("method", ["none", "staff"])
def test_staff_entry_and_no_rating_make_no_invitation(as_user, staff_a, post, method):
    response = as_user(staff_a).post("/log/", post(rating_method=method, score="4"))

    assert response["Location"] == "/log/"
    assert Contact.objects.count() == 1
    assert not SurveyInvitation.objects.exists()


class TestFatigue:
    @pytest.fixture
    def asked_two_days_ago(self, staff_a, maria):
        earlier = ContactFactory(representative=staff_a, customer=maria, occurred_at=timezone.now() - timedelta(days=2))
        return SurveyInvitationFactory(contact=earlier, created_at=timezone.now() - timedelta(days=2))

    def test_the_contact_is_logged_but_no_new_invitation_goes_out(self, as_user, staff_a, post, asked_two_days_ago):
        response = as_user(staff_a).post("/log/", post(rating_method="link"), follow=True)

        assert response.redirect_chain[-1][0] == "/log/"
        assert "Maria Moreno was asked 2\xa0days ago; no new invitation was sent." in response.content.decode()
        assert Contact.objects.count() == 2
        assert SurveyInvitation.objects.count() == 1

    def test_the_form_says_so_when_choosing_the_customer(self, as_user, staff_a, asked_two_days_ago):
        client = as_user(staff_a)

        recent = client.get("/log/").content.decode()
        found = client.get("/log/customers/", {"customer_search": "Maria"}).content.decode()

        for page in (recent, found):
            assert "Asked to rate 2\xa0days ago; no new invitation will be sent." in page

    def test_a_customer_asked_a_moment_ago_was_asked_just_now(self, as_user, staff_a, post, maria):
        earlier = ContactFactory(representative=staff_a, customer=maria)
        SurveyInvitationFactory(contact=earlier, created_at=timezone.now() - timedelta(seconds=20))
        client = as_user(staff_a)

        assert "Asked to rate just now; no new invitation will be sent." in client.get("/log/").content.decode()
        response = client.post("/log/", post(rating_method="link"), follow=True)
        assert "Maria Moreno was asked just now; no new invitation was sent." in response.content.decode()

    def test_the_form_says_so_when_it_comes_back_with_an_error(self, as_user, staff_a, post, asked_two_days_ago):
        response = as_user(staff_a).post("/log/", post(rating_method="link", outcome="nonsense"))

        assert "Maria Moreno was asked 2\xa0days ago; no new invitation will be sent." in response.content.decode()


def test_without_the_surveys_provider_only_staff_entry_and_none_are_offered(as_user, staff_a, post, monkeypatch):
    monkeypatch.setattr(rating_requests, "_provider", None)
    client = as_user(staff_a)

    page = client.get("/log/").content.decode()
    response = client.post("/log/", post(rating_method="link"))

    assert "Show a link and QR code" not in page and "No rating" in page
    assert "Choose how the customer rates this contact." in response.content.decode()
    assert not Contact.objects.exists()
