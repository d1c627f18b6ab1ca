"""axe-core, run inside the page the browser shows.

The engine is vendored beside this module (vendor/axe-core: its version and
licence are in the README there), not fetched: the tests run offline. It is
evaluated through the browser's debugging protocol, which the page's strict
Content Security Policy does not govern, so the page itself is tested exactly
as the server sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.1 A and AA, and axe's own best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} ({self.help}): {', '.join(self.targets[:5])}"


@cache
def _engine() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[Violation]:
    """Every violation axe finds on the page as it is now, the worst first."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_engine())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => ({rule: v.id, impact: v.impact || 'minor', help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))}))",
        TAGS,
    )
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    result = [Violation(v["rule"], v["impact"], v["help"], tuple(v["targets"])) for v in found]
    return sorted(result, key=lambda v: (order.get(v.impact, 4), v.rule))


def blocking_violations(page: Page) -> list[str]:
    """The serious and critical violations, written out for an assertion's message."""
    return [str(v) for v in violations(page) if v.impact in BLOCKING]
