"""Thai is drawn with a font that has Thai letters, never as empty boxes.

The browser reports which fonts it really drew a piece of text with (the
debugging protocol's CSS.getPlatformFontsForNode); every one of them must be
a font the system knows to cover Thai (fontconfig's `fc-list :lang=th`). A
font without Thai glyphs among them means some letters fell back to boxes.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ContactFactory, CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def thai_fonts() -> set[str]:
    """The font families installed here that cover Thai."""
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig's fc-list is missing: install fontconfig and a Thai font (fonts-thai-tlwg)"
    listed = subprocess.run([fc_list, ":lang=th", "family"], capture_output=True, text=True, check=True).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}
    assert families, "no font covering Thai is installed: install fonts-thai-tlwg"
    return families


def fonts_drawing(page: Page, selector: str) -> dict[str, int]:
    """The fonts the browser drew the first element matching `selector` with → how many glyphs each."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_a_thai_name_is_drawn_in_a_font_with_thai_letters(page, live_server, login, staff_a, contact_point):
    # Consonants, vowels above and below, a tone mark; no space, which any font draws.
    name = "สมหญิงศรีสุวรรณ์"
    ContactFactory(representative=staff_a, contact_point=contact_point, customer=CustomerFactory(name=name))
    login(staff_a.username)
    page.goto(f"{live_server.url}/contacts/")
    cell = page.get_by_text(name)
    expect(cell).to_be_visible()
    cell.evaluate("element => element.setAttribute('data-thai-probe', '')")

    drawn = fonts_drawing(page, "[data-thai-probe]")

    assert drawn, "the browser drew the name with no font at all"
    assert set(drawn) <= thai_fonts(), f"drawn with fonts lacking Thai: {sorted(set(drawn) - thai_fonts())}"


# The Thai-capable families of the stack in static/css/moments.css.
THAI_FONT_STACK = {"Noto Sans Thai", "Sarabun", "TH Sarabun New", "Leelawadee UI", "Thonburi", "Loma", "Garuda"}


def test_the_login_page_in_thai_is_drawn_with_a_thai_font_of_the_pages_stack(
    page: Page, live_server, console_errors, tmp_path
):
    page.set_extra_http_headers({"Accept-Language": "th"})
    page.goto(f"{live_server.url}/login/")
    heading = page.locator("h1")
    assert heading.inner_text() == "เข้าสู่ระบบ Moments"
    assert page.locator("html").get_attribute("lang") == "th"

    used = fonts_drawing(page, "h1")
    assert set(used) & THAI_FONT_STACK, f"Thai drawn with {used}, none of them from the page's Thai fonts"
    page.screenshot(path=tmp_path / "login-th.png")  # kept with the test's files, for a person to look at
    assert console_errors == []
