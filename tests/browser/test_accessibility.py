"""Every main page passes axe-core with no serious or critical violation, and fits a phone's width.

The pages are read on the demo organisation, so every chart, table and
figure a manager meets is there to be checked, in each of its states.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from demo import data
from moments.models import Channel, Contact
from surveys.models import InvitationMethod
from tests.browser.accessibility import blocking_violations
from tests.factories import ContactFactory, SurveyInvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_WIDTH = 360
DESKTOP_WIDTH = 1280


@dataclass(frozen=True)
class Pages:
    staff: list[str]
    admin: list[str]
    public: list[str]


@pytest.fixture
def demo_pages(db) -> Pages:
    call_command("seed_demo", contacts=400, stdout=StringIO())
    own = Contact.objects.filter(representative__username="staff").order_by("pk")
    rated = own.filter(rating__isnull=False).first()
    point = rated.contact_point

    def unrated() -> Contact:
        return ContactFactory(representative=rated.representative, contact_point=point, customer=rated.customer)

    link = SurveyInvitationFactory(contact=unrated())
    kiosk = SurveyInvitationFactory(contact=unrated(), method=InvitationMethod.KIOSK)
    just_logged = unrated()  # a representative corrects a contact within a day of logging it
    channel = Channel.objects.order_by("pk").first()
    return Pages(
        staff=[
            "/log/",
            "/contacts/",
            f"/contacts/{rated.pk}/",
            f"/contacts/{just_logged.pk}/correct/",
            f"/contacts/{kiosk.contact_id}/kiosk/",
        ],
        admin=[
            "/log/",
            "/contacts/",
            f"/contacts/{rated.pk}/",
            f"/contacts/{link.contact_id}/invitation/",
            "/insights/",
            f"/insights/channels/{channel.pk}/",
            f"/insights/contact-points/{point.pk}/",
            f"/insights/representatives/{rated.representative_id}/",
            "/insights/departments/",
            "/insights/moments/",
            "/configure/channels/",
            f"/configure/channels/{channel.pk}/",
            "/configure/departments/",
            "/configure/contact-points/",
            f"/configure/contact-points/{point.pk}/",
        ],
        public=["/login/", f"/r/{link.token}/"],
    )


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(data.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


# Tables wider than their card that no scrolling box inside the card holds: cut off at the card's edge.
CUT_OFF_TABLES = """() => [...document.querySelectorAll('.card table')].filter(table => {
  const card = table.closest('.card');
  if (table.getBoundingClientRect().right <= card.getBoundingClientRect().right + 1) return false;
  for (let box = table.parentElement; box && box !== card.parentElement; box = box.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return false;
  }
  return true;
}).map(table => table.className)"""


def _open(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def _check(page: Page, base: str, paths: list[str]) -> dict[str, list[str]]:
    """The blocking violations and any sideways scroll, per page, for one assertion over them all."""
    problems: dict[str, list[str]] = {}
    for path in paths:
        _open(page, f"{base}{path}", DESKTOP_WIDTH)
        found = blocking_violations(page)
        found += [f"a table cut off at its card's edge: {table}" for table in page.evaluate(CUT_OFF_TABLES)]
        # Loaded afresh at a phone's width: charts size themselves when drawn.
        _open(page, f"{base}{path}", PHONE_WIDTH)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            found.append(f"the page scrolls sideways by {overflow} px at {PHONE_WIDTH} px wide")
        found += [f"a table cut off at its card's edge at {PHONE_WIDTH} px: {t}" for t in page.evaluate(CUT_OFF_TABLES)]
        if found:
            problems[path] = found
    return problems


def test_the_main_pages_have_no_serious_accessibility_violation(page, browser, live_server, demo_pages):
    problems = _check(page, live_server.url, demo_pages.public)
    _log_in(page, live_server.url, data.ADMIN.username)
    problems |= {f"admin {path}": found for path, found in _check(page, live_server.url, demo_pages.admin).items()}

    staff_context = browser.new_context()  # a second person's own session
    staff = staff_context.new_page()
    _log_in(staff, live_server.url, "staff")
    problems |= {f"staff {path}": found for path, found in _check(staff, live_server.url, demo_pages.staff).items()}
    staff_context.close()

    assert problems == {}, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())
