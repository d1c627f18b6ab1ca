import pytest
from playwright.sync_api import expect

from moments.models import ContactPoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_creates_a_contact_point_and_staff_see_its_standard_when_logging(
    browser, live_server, admin, staff_a, channel, department_a
):
    admin_page = browser.new_context().new_page()
    admin_page.goto(f"{live_server.url}/login/")
    admin_page.get_by_label("Username").fill(admin.username)
    admin_page.get_by_label("Password").fill("password")
    admin_page.get_by_role("button", name="Log in").click()

    admin_page.goto(f"{live_server.url}/configure/contact-points/new/")
    admin_page.get_by_label("Name").fill("Warranty desk")
    admin_page.get_by_label("Channel").select_option(label=channel.name)
    admin_page.get_by_label("Owning department").select_option(label=department_a.name)
    admin_page.get_by_label("Purpose").fill("Handle warranty repairs for products under two years old.")
    admin_page.get_by_label("Service standard").fill("Check the purchase date\nOffer a loan device\nGive a repair date")
    admin_page.get_by_label("Target CSAT %").fill("88")
    admin_page.get_by_role("button", name="Create contact point").click()
    expect(admin_page.get_by_role("status")).to_be_visible()
    point = ContactPoint.objects.get(name="Warranty desk")
    assert point.target_csat == 88

    staff_page = browser.new_context().new_page()
    errors: list[str] = []
    staff_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    staff_page.goto(f"{live_server.url}/login/")
    staff_page.get_by_label("Username").fill(staff_a.username)
    staff_page.get_by_label("Password").fill("password")
    staff_page.get_by_role("button", name="Log in").click()
    staff_page.get_by_label("Contact point").select_option(str(point.pk))
    standard = staff_page.get_by_test_id("service-standard")
    expect(standard).to_contain_text("Offer a loan device")
    expect(staff_page.locator("#contact-point-standard")).to_contain_text("Target: 88 %")
    assert errors == []
