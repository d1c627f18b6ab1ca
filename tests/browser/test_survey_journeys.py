"""The customer's rating, as it really happens: a QR code scanned on another device, and the kiosk hand-over."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from moments.models import Contact, Rating
from tests.factories import (
    ChannelFactory,
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    SurveyInvitationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def showroom(department_a):
    # Rate-limit counters live in the cache table, which flushing the
    # database after a committing test leaves alone: start and end empty.
    cache.clear()
    yield ContactPointFactory(
        name="Showroom visit",
        channel=ChannelFactory(name="Visit", default_rating_method="link"),
        department=department_a,
    )
    cache.clear()


def _log_a_visit(page, rating_method_label: str) -> None:
    page.get_by_label("Contact point").select_option(label="Showroom visit · Visit (Support)")
    page.get_by_label("Search customers").fill("Maria")
    page.get_by_role("radio", name=re.compile("Maria Lopes")).check()
    page.get_by_label(rating_method_label).check()
    page.get_by_role("button", name="Save contact").click()


def test_a_customer_rates_a_visit_through_the_qr_link_on_their_own_phone(
    page, browser, live_server, login, console_errors, staff_a, showroom
):
    CustomerFactory(name="Maria Lopes", email="maria@example.org")
    login(staff_a.username)

    _log_a_visit(page, "Show a link and QR code")

    expect(page.locator("svg.qr-code")).to_be_visible()
    link = page.get_by_test_id("survey-link").get_attribute("href")
    assert link.startswith(f"{live_server.url}/r/")

    customer_context = browser.new_context()  # the customer's phone: no staff session
    phone = customer_context.new_page()
    phone_errors: list[str] = []
    phone.on("console", lambda message: phone_errors.append(message.text) if message.type == "error" else None)
    phone.goto(link)
    expect(phone.get_by_text("Your contact with")).to_contain_text("Ana")
    phone.locator("label[for='score-4']").click()  # the big button reading "4 Satisfied"
    expect(phone.get_by_role("radio", name="Satisfied", exact=True)).to_be_checked()
    phone.get_by_label("Anything you would like to tell us?").fill("Shown every model, no pressure.")
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.get_by_role("heading", name="Thank you!")).to_be_visible()

    contact = Contact.objects.get()
    rating = Rating.objects.get(contact=contact)
    assert (rating.score, rating.source, rating.submitted_in_staff_session) == (4, "link", False)

    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    expect(page.get_by_test_id("rating")).to_contain_text("4/5")
    expect(page.get_by_test_id("rating")).to_contain_text("Shown every model, no pressure.")
    expect(page.get_by_test_id("rating")).to_contain_text("Source: Customer link")
    expect(page.get_by_test_id("invitation-state")).to_have_text("Answered")

    phone.goto(link)
    expect(phone.get_by_role("heading", name="Already rated, thank you")).to_be_visible()
    assert Rating.objects.count() == 1
    customer_context.close()
    assert console_errors == []
    assert phone_errors == []


def test_the_customer_rates_on_the_staff_device_and_hands_it_back(
    page, live_server, login, console_errors, staff_a, showroom
):
    CustomerFactory(name="Maria Lopes")
    login(staff_a.username)

    _log_a_visit(page, "Customer rates now on this device")

    expect(page).to_have_url(re.compile(r"/contacts/\d+/kiosk/$"))
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)  # nothing but the question
    page.locator("label[for='score-5']").click()
    expect(page.get_by_role("radio", name="Very satisfied", exact=True)).to_be_checked()
    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_text("Please hand the device back.")).to_be_visible()

    page.get_by_role("link", name="Back to logging").click()

    expect(page).to_have_url(re.compile(r"/log/$"))
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    rating = Rating.objects.get()
    assert (rating.score, rating.source, rating.submitted_by) == (5, "kiosk", staff_a)
    assert console_errors == []


@pytest.fixture
def cookie_blocking_phone(browser_type, browser_type_launch_args, tmp_path):
    """A customer's browser set to block every cookie, as a privacy setting does it (a Chromium profile preference)."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"default_content_setting_values": {"cookies": 2}}})
    )
    context = browser_type.launch_persistent_context(profile, **browser_type_launch_args)
    yield context
    context.close()


def test_a_customer_whose_browser_blocks_cookies_rates_through_the_link(
    cookie_blocking_phone, live_server, staff_a, showroom
):
    invitation = SurveyInvitationFactory(
        contact=ContactFactory(representative=staff_a, contact_point=showroom, customer=CustomerFactory())
    )
    phone = cookie_blocking_phone.new_page()
    phone_errors: list[str] = []
    phone.on("console", lambda message: phone_errors.append(message.text) if message.type == "error" else None)

    phone.goto(f"{live_server.url}/r/{invitation.token}/")
    phone.locator("label[for='score-5']").click()
    phone.get_by_role("button", name="Send my rating").click()

    expect(phone.get_by_role("heading", name="Thank you!")).to_be_visible()
    rating = Rating.objects.get(contact=invitation.contact)
    assert (rating.score, rating.source) == (5, "link")
    assert cookie_blocking_phone.cookies() == []  # the browser really kept none
    assert phone_errors == []
