"""A representative who uses no mouse logs a visit, hands the device to the customer, and gets it back.

Only keys are pressed: Tab to move, the arrows within a radio group, Space
and Enter. Every element the focus lands on must show that it has it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from moments.models import Rating
from tests.factories import ChannelFactory, ContactFactory, ContactPointFactory, CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TAB_LIMIT = 80

# What the focused element (or the label standing for a hidden radio) draws to show it:
# an outline or Bootstrap's focus ring (a box shadow).
FOCUS_IS_VISIBLE = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return true;
  // A button-styled radio is hidden; its label is what shows the focus.
  if (el.classList.contains('btn-check') && el.labels.length) el = el.labels[0];
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outlined || style.boxShadow !== 'none';
}"""


def _has_focus(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the target has the focus, checking on the way that the focus is always visible."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        described = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_IS_VISIBLE), f"the focus is invisible on {described}"
        if _has_focus(target):
            return
    raise AssertionError(f"{TAB_LIMIT} presses of Tab never reached {target}")


def choose_with_arrows(page: Page, group_member: Locator, choice: Locator) -> None:
    """Tab into a radio group, then move with the arrow keys until the choice is checked."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if group_member.evaluate("(el) => document.activeElement?.name === el.name"):
            break
    else:
        raise AssertionError("Tab never reached the radio group")
    for _ in range(10):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError("the arrow keys never reached the choice")


@pytest.fixture
def showroom(department_a):
    point = ContactPointFactory(
        name="Showroom visit",
        channel=ChannelFactory(name="Visit", default_rating_method="link"),
        department=department_a,
    )
    return point


def test_a_visit_is_logged_and_rated_on_the_kiosk_without_a_mouse(
    page, live_server, login, console_errors, staff_a, showroom
):
    CustomerFactory(name="Maria Lopes")
    # A visit logged before: the form opens on the showroom.
    ContactFactory(representative=staff_a, contact_point=showroom)
    login(staff_a.username)

    expect(page.get_by_label("Search customers")).to_be_focused()
    page.keyboard.type("maria")
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("Maria Lopes"))).to_be_checked()

    kiosk = page.get_by_label("Customer rates now on this device")
    choose_with_arrows(page, kiosk, kiosk)
    save = page.get_by_role("button", name="Save contact")
    tab_to(page, save)
    page.keyboard.press("Enter")

    # The kiosk: the question and nothing else; the customer also uses the keyboard.
    expect(page).to_have_url(re.compile(r"/contacts/\d+/kiosk/$"))
    satisfied = page.get_by_role("radio", name="Satisfied", exact=True)
    choose_with_arrows(page, page.get_by_role("radio", name="Very satisfied", exact=True), satisfied)
    send = page.get_by_role("button", name="Send my rating")
    tab_to(page, send)
    page.keyboard.press("Enter")

    expect(page.get_by_text("Please hand the device back.")).to_be_visible()
    back = page.get_by_role("link", name="Back to logging")
    tab_to(page, back)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    rating = Rating.objects.get()
    assert (rating.score, rating.source, rating.submitted_by) == (4, "kiosk", staff_a)
    assert console_errors == []
