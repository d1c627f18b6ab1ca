"""Browser tests: Playwright driving the system's headless Chromium against live_server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run in such a thread unless told it is safe, as it is here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


NO_CHROMIUM = f"No Chromium at {CHROMIUM}; install it (apt-get install chromium) to run these."
_CHROMIUM_REQUIRED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in items:
        if "browser" not in item.keywords:
            continue
        if in_ci:
            # CI must run them: each fails with the reason at setup (a usage
            # error raised in an xdist worker shows only as a crashed worker).
            item.stash[_CHROMIUM_REQUIRED] = True
        else:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.stash.get(_CHROMIUM_REQUIRED, False):
        pytest.fail(f"CI must run the browser tests. {NO_CHROMIUM}", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def console_errors(page) -> list[str]:
    """Errors the page logged to its console (CSP violations included)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def login(page, live_server):
    def _login(username: str, password: str = "password") -> None:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("networkidle")

    return _login
