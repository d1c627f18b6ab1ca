"""Thai text is drawn with a Thai font from the page's own font stack, not as empty boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The Thai-capable families of the stack in static/css/moments.css.
THAI_FONTS = {"Noto Sans Thai", "Sarabun", "TH Sarabun New", "Leelawadee UI", "Thonburi", "Loma", "Garuda"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def fonts_drawing(page: Page, selector: str) -> dict[str, int]:
    """The fonts Chromium used to draw the element's text, with how many glyphs each drew."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_the_login_page_in_thai_is_drawn_with_a_thai_font(page: Page, live_server, console_errors):
    page.set_extra_http_headers({"Accept-Language": "th"})
    page.goto(f"{live_server.url}/login/")
    heading = page.locator("h1")
    assert heading.inner_text() == "เข้าสู่ระบบ Moments"
    assert page.locator("html").get_attribute("lang") == "th"

    used = fonts_drawing(page, "h1")
    assert set(used) & THAI_FONTS, f"Thai drawn with {used}, none of them from the page's Thai fonts"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "login-th.png")
    assert console_errors == []
