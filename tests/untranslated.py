"""Finding English on a page that should read in Thai.

Thai script has no Latin letters, so on a page rendered in Thai every run of
Latin letters is either data (a name the test created, a number, a brand) or a
string somebody forgot to mark or translate. `english_on_page` returns those
runs: the visible text and the attributes a person reads or hears (title,
alt, placeholder, aria-label, value of buttons), with scripts, styles and the
data the caller names left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Latin words a Thai page legitimately shows: the product's name, figures'
# international names, units and file formats.
ALLOWED = frozenset({"Moments", "CSAT", "QR", "CSV", "PDF", "API", "URL", "ID", "n", "x"})
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")
SKIPPED_ELEMENTS = {"script", "style", "noscript", "template", "svg"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


class _ReadableText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
        attributes = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.chunks.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"} and attributes.get("value"):
            self.chunks.append(attributes["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data)


def readable_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.chunks)


def english_on_page(html: str, data: Iterable[str] = ()) -> list[str]:
    """Latin words on the page that are neither allowed nor part of the given data values."""
    text = readable_text(html)
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    return [word for word in LATIN_WORD.findall(text) if word not in ALLOWED]
