"""QR codes for survey links, drawn on the server as inline SVG.

No image request, no data: URL and no script: the code is part of the page,
prints sharply at any size, and passes the strict CSP untouched.
"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def qr_svg(url: str) -> SafeString:
    """The code for `url`; its title, read out by screen readers, in the active language."""
    title = gettext("QR code with the link to rate this contact")
    # Medium error correction survives a scratched print-out or a glare on a screen.
    code = segno.make(url, error="m", micro=False)
    # segno builds the markup itself: the URL only becomes path data, and the
    # title is escaped by segno, so nothing user-supplied reaches it raw.
    return mark_safe(code.svg_inline(scale=4, omitsize=True, svgclass="qr-code", title=title, lineclass=None))
