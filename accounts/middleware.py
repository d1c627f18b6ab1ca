"""Responses to someone signed in are theirs alone: no shared computer or proxy may keep them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


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
