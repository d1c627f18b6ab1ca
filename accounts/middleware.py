"""Responses to someone signed in are theirs alone, and in the language they chose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_info, get_supported_language_variant


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a browser that holds a session.

    Everything behind the login shows customers' contacts, names and figures
    (lists, contact pages, dashboards, exports, configuration), and a
    browser's back button or a proxy must not show them to the next person.
    The session cookie is what marks such a request: it costs no query (so
    it holds during a database outage, too) and errs on the private side for
    an anonymous visitor who has a session. Static files are answered by
    WhiteNoise before this runs and keep their long-lived caching; the public
    survey pages already send never_cache, which includes both directives.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response


def supported_language(code: str | None) -> str | None:
    """The supported language a code stands for ("es-AR" → "es"), or None for an unknown or malformed one."""
    if not code:
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def language_name(code: str) -> str:
    """A language's name as its speakers write it: "English" rather than Django's "British English", "Español"."""
    return str(get_language_info(code.split("-")[0])["name_local"]).capitalize()


def user_language(user: Any) -> str | None:
    """The supported language a signed-in person chose, or None (none chosen, or a code no longer offered)."""
    return supported_language(getattr(user, "language", ""))


class UserLanguageMiddleware:
    """Speak the language the signed-in person chose (User.language), wherever they log in.

    After AuthenticationMiddleware, and after LocaleMiddleware, whose choice
    (the language cookie, then Accept-Language, then LANGUAGE_CODE) stands
    for anonymous visitors and for people who chose none. Only a request
    with a session cookie can belong to someone signed in, so the others
    (the public survey pages, the health check) cost no query here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self._signed_in(request):
            language = user_language(request.user)
            if language:
                request.LANGUAGE_CODE = language
                # Only for this request: the thread goes back to LocaleMiddleware's choice after it.
                with translation.override(language):
                    response = self.get_response(request)
                    # LocaleMiddleware only sets it when missing.
                    response.headers["Content-Language"] = translation.get_language()
                return response
        return self.get_response(request)

    @staticmethod
    def _signed_in(request: HttpRequest) -> bool:
        # Finding the user needs the database. While it is unreachable the
        # browser's language will do: the view answers the outage as it
        # would without this middleware (a plain 404, the health check's 503).
        try:
            return request.user.is_authenticated
        except (OperationalError, InterfaceError):
            return False
