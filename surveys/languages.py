"""Which language a customer is asked in, and the switch to another.

A customer reads the survey in their own language (Customer.language), else
their browser's, else the organisation's (moments.localisation.customer_language).
One who prefers another picks it from the links on the page: `?lang=es`.
The choice travels in the link and in the form (a hidden `lang` field), never
in a cookie or the session, because the public pages work without either;
it lasts for the rest of that survey, and answering remembers it on the
customer for the next one. A code we do not speak is ignored, silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language

from accounts.middleware import language_name, supported_language
from moments.localisation import customer_language
from moments.models import Customer

# The query parameter and form field that carry a language the customer picked.
LANGUAGE_PARAMETER = "lang"


@dataclass(frozen=True)
class CustomerPageLanguage:
    """The language a customer's page speaks, and whether the customer picked it on the page."""

    code: str
    chosen: bool

    @property
    def others(self) -> list[tuple[str, str]]:
        """The languages to switch to, each named in itself ("Español", "ภาษาไทย"), for the switch links."""
        return [(code, language_name(code)) for code, _ in settings.LANGUAGES if code != self.code]

    def query(self) -> str:
        """What a link keeps of the choice: "?lang=es" when the customer picked one, nothing otherwise."""
        return f"?{LANGUAGE_PARAMETER}={self.code}" if self.chosen else ""


def chosen_language(request: HttpRequest) -> str | None:
    """The supported language the customer picked on the page (link or form), or None."""
    data = request.POST if request.method == "POST" else request.GET
    return supported_language(data.get(LANGUAGE_PARAMETER))


def customer_page_language(request: HttpRequest, customer: Customer) -> CustomerPageLanguage:
    """The customer's pick on the page, else their own language, their browser's, the organisation's."""
    chosen = chosen_language(request)
    if chosen:
        return CustomerPageLanguage(code=chosen, chosen=True)
    return CustomerPageLanguage(code=customer_language(customer, request), chosen=False)


def page_language(request: HttpRequest) -> str:
    """For a public page that knows no customer (an unknown link, the rate limit): the pick, else the browser's."""
    return chosen_language(request) or get_language()


def in_language[Response: HttpResponseBase](language: str, response: Response) -> Response:
    """The response marked as written in `language`: LocaleMiddleware would name the reader's browser's, or staff's."""
    response.headers["Content-Language"] = language
    return response
