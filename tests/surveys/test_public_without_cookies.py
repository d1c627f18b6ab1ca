"""The customer's page works in a browser that keeps no cookies, and still refuses what CSRF is for."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from moments.models import Rating
from surveys.models import SurveyInvitation
from tests.surveys.conftest import survey_url

pytestmark = pytest.mark.django_db

HIDDEN_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _form_token(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    match = HIDDEN_TOKEN.search(page.content.decode())
    assert match is not None
    return match.group(1)


def _no_cookie_browser() -> Client:
    """A browser with CSRF checks on, as in real use, that is never given a cookie back."""
    return Client(enforce_csrf_checks=True)


def test_a_customer_whose_browser_blocks_cookies_can_rate_and_is_thanked(invitation: SurveyInvitation) -> None:
    browser = _no_cookie_browser()
    hidden_token = _form_token(browser, survey_url(invitation))
    browser.cookies.clear()  # the browser threw away the CSRF cookie the page set

    answered = browser.post(survey_url(invitation), {"score": "4", "csrfmiddlewaretoken": hidden_token})
    browser.cookies.clear()
    thanks = browser.get(answered["Location"])

    assert answered.status_code == 302
    assert answered["Location"] == f"/r/{invitation.token}/thanks/"
    assert thanks.status_code == 200
    assert "Thank you!" in thanks.content.decode()
    assert "sessionid" not in answered.cookies and "sessionid" not in thanks.cookies
    rating = Rating.objects.get(contact=invitation.contact)
    assert (rating.score, rating.source, rating.submitted_in_staff_session) == (4, Rating.Source.LINK, False)


def test_a_customer_post_without_any_csrf_token_is_accepted(invitation: SurveyInvitation) -> None:
    answered = _no_cookie_browser().post(survey_url(invitation), {"score": "5"}, headers={"Origin": "null"})

    assert answered.status_code == 302
    assert Rating.objects.get(contact=invitation.contact).score == 5


def test_a_post_from_our_own_page_names_our_origin_and_is_accepted(invitation: SurveyInvitation) -> None:
    answered = _no_cookie_browser().post(
        survey_url(invitation), {"score": "3"}, headers={"Origin": "http://testserver"}
    )

    assert answered.status_code == 302
    assert Rating.objects.filter(contact=invitation.contact).exists()


def test_a_post_that_another_site_sent_is_refused_and_saves_nothing(invitation: SurveyInvitation) -> None:
    refused = _no_cookie_browser().post(
        survey_url(invitation), {"score": "1"}, headers={"Origin": "https://attacker.example"}
    )

    assert refused.status_code == 403
    assert not Rating.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_a_staff_session_still_needs_the_csrf_token_to_answer_a_link(invitation: SurveyInvitation, staff_b) -> None:
    # A session is what a forged cross-site post would borrow: the rating
    # would carry the staff member's name. So a session means the full check.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_b)

    refused = browser.post(survey_url(invitation), {"score": "5"})

    assert refused.status_code == 403
    assert not Rating.objects.exists()


def test_a_staff_session_answering_from_the_page_itself_is_accepted_and_flagged(
    invitation: SurveyInvitation, staff_b
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_b)
    hidden_token = _form_token(browser, survey_url(invitation))

    answered = browser.post(survey_url(invitation), {"score": "5", "csrfmiddlewaretoken": hidden_token})

    assert answered.status_code == 302
    assert Rating.objects.get(contact=invitation.contact).submitted_in_staff_session is True


def test_the_customer_pages_neither_show_nor_use_up_a_staff_sessions_messages(
    invitation: SurveyInvitation, staff_a, contact_a
) -> None:
    # staff_a shows the link, then opens it on the same device: the staff
    # notice waiting for the next page belongs to the staff pages, not the customer's.
    browser = Client()
    browser.force_login(staff_a)
    browser.post(reverse("survey_invitation_renew", args=[contact_a.pk]), {"method": "link"}, follow=False)
    invitation.refresh_from_db()

    customer_page = browser.get(survey_url(invitation))
    staff_page = browser.get(reverse("survey_invitation_show", args=[contact_a.pk]))

    assert "A new link replaces the old one" not in customer_page.content.decode()
    assert "A new link replaces the old one" in staff_page.content.decode()
