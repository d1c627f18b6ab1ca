"""On a phone (390 px wide) staff read their contacts and log new ones without scrolling sideways."""

import pytest
from playwright.sync_api import Locator, Page

from tests.factories import ContactFactory, CustomerFactory, RatingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def right_edge(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, "the element is not displayed"
    return box["x"] + box["width"]


@pytest.fixture
def on_a_phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def test_my_contacts_show_the_customer_and_the_rating_on_screen(
    on_a_phone, live_server, login, console_errors, staff_a, contact_point
):
    customer = CustomerFactory(name="Maria Lopes de Albuquerque")
    RatingFactory(
        contact__representative=staff_a, contact__contact_point=contact_point, contact__customer=customer, score=5
    )
    login(staff_a.username)
    on_a_phone.goto(f"{live_server.url}/contacts/")

    row = on_a_phone.locator("table tbody tr").first
    assert right_edge(row.get_by_text("Maria Lopes de Albuquerque")) <= PHONE["width"]
    assert right_edge(row.get_by_text("5/5")) <= PHONE["width"]
    assert console_errors == []


def test_the_way_of_asking_fits_inside_the_contacts_page(on_a_phone, live_server, login, staff_a, contact_point):
    customer = CustomerFactory(email="maria.lopes.de.albuquerque@example.org")
    contact = ContactFactory(representative=staff_a, contact_point=contact_point, customer=customer)
    login(staff_a.username)
    on_a_phone.goto(f"{live_server.url}{contact.get_absolute_url()}")

    way_of_asking = on_a_phone.get_by_label("Way of asking")
    assert right_edge(way_of_asking) <= right_edge(way_of_asking.locator("xpath=.."))


def test_the_time_of_the_contact_gets_the_whole_width(on_a_phone, live_server, login, staff_a, contact_point):
    login(staff_a.username)
    occurred_at = on_a_phone.get_by_label("Occurred at")
    search = on_a_phone.get_by_label("Search customers")
    assert occurred_at.bounding_box()["width"] >= search.bounding_box()["width"]
