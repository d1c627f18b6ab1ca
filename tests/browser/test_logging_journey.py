import re

import pytest
from playwright.sync_api import expect

from moments.models import Contact, RatingMethod
from tests.factories import ContactFactory, ContactPointFactory, CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_logs_a_contact_rated_five_and_finds_it_at_the_top(
    page, live_server, login, console_errors, staff_a, contact_point, department_b
):
    ContactPointFactory(name="Invoice desk", department=department_b)
    CustomerFactory(name="Maria Lopes", email="maria@example.org")

    login(staff_a.username)
    expect(page).to_have_url(re.compile(r"/log/$"))
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()

    page.get_by_label("Contact point").select_option(label="Support hotline · Phone call (Support)")
    expect(page.get_by_test_id("service-standard")).to_contain_text("Answer within three rings")

    page.get_by_label("Search customers").fill("Maria")
    page.get_by_role("radio", name=re.compile("Maria Lopes")).check()
    page.get_by_label("Duration (minutes)").fill("6")
    page.get_by_text("Follow-up needed").click()
    page.get_by_label("I enter the score the customer gave").check()
    page.get_by_title("Very satisfied").click()
    page.get_by_label("Customer's comment").fill("Solved in minutes")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("status")).to_contain_text("Contact with Maria Lopes at Support hotline logged")
    contact = Contact.objects.get()
    assert contact.rating.score == 5
    assert contact.outcome == "follow_up"

    page.get_by_role("link", name="My contacts").click()
    first_row = page.locator("table tbody tr").first
    expect(first_row).to_contain_text("Maria Lopes")
    expect(first_row).to_contain_text("5/5")
    assert console_errors == []


def test_errors_are_shown_next_to_the_field_and_nothing_is_saved(page, live_server, login, staff_a, contact_point):
    login(staff_a.username)
    page.get_by_label("Contact point").select_option(label="Support hotline · Phone call (Support)")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Choose a customer, or enter a new customer's name.")).to_be_visible()
    assert not Contact.objects.exists()


def test_a_returning_customer_is_logged_from_the_keyboard_alone(
    page, live_server, login, console_errors, staff_a, contact_point
):
    maria = CustomerFactory(name="María Lopes", email="maria@example.org")
    # A contact logged before: the form opens on the same contact point.
    ContactFactory(representative=staff_a, contact_point=contact_point)
    login(staff_a.username)

    search = page.get_by_label("Search customers")
    expect(search).to_be_focused()
    page.keyboard.type("zzz")
    page.keyboard.press("Enter")
    expect(page.get_by_text("No customer matches")).to_be_visible()
    # Nobody matched, so "New customer" opens with what was typed; a person
    # sees that before typing on.
    expect(page.get_by_label("New customer's name")).to_have_value("zzz")
    expect(page.get_by_label("New customer's name")).to_be_focused()
    assert Contact.objects.count() == 1, "Enter in the search must not send the form"

    search.fill("")
    page.keyboard.type("maria lo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("María Lopes"))).to_be_checked()
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("status").first).to_contain_text("Contact with María Lopes at Support hotline logged")
    assert Contact.objects.latest("logged_at").customer == maria
    assert console_errors == []


def test_a_new_customer_is_typed_only_once(page, live_server, login, console_errors, staff_a, contact_point):
    # A phone call asks for the rating by e-mail, and this new customer gives
    # no address; the rating is not what this test is about.
    contact_point.rating_method = RatingMethod.NONE
    contact_point.save()
    ContactFactory(representative=staff_a, contact_point=contact_point)
    login(staff_a.username)

    page.keyboard.type("Lucia Ferreira")
    page.keyboard.press("Enter")
    new_name = page.get_by_label("New customer's name")
    expect(new_name).to_have_value("Lucia Ferreira")
    expect(new_name).to_be_focused()
    page.keyboard.press("Control+Enter")

    expect(page.get_by_role("status").first).to_contain_text("Contact with Lucia Ferreira at Support hotline logged")
    assert Contact.objects.latest("logged_at").customer.name == "Lucia Ferreira"
    assert console_errors == []


def test_choosing_an_existing_customer_after_starting_a_new_one_logs_the_existing_one(
    page, live_server, login, staff_a, contact_point
):
    maria = CustomerFactory(name="Maria Lopes")
    ContactFactory(representative=staff_a, contact_point=contact_point, customer=maria)
    login(staff_a.username)

    page.get_by_text("New customer", exact=True).click()
    page.get_by_label("New customer's name").fill("Someone New")
    page.get_by_role("radio", name=re.compile("Maria Lopes")).check()
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_role("status").first).to_contain_text("Contact with Maria Lopes at Support hotline logged")
    assert Contact.objects.latest("logged_at").customer == maria
